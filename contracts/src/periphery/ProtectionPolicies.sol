// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {CollateralType, Vault} from "../interfaces/CdpTypes.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IPegStabilityModule} from "../interfaces/IPegStabilityModule.sol";
import {IPeripheryRegistry} from "../interfaces/IPeripheryRegistry.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";
import {Action, Execution, IProtectionPolicies, Policy, Trigger} from "../interfaces/IProtectionPolicies.sol";
import {ISwapAdapter} from "../interfaces/ISwapAdapter.sol";
import {ReserveConfig, ReserveState} from "../interfaces/PoolTypes.sol";
import {BPS, PRICE_SCALE, WAD} from "../libraries/Constants.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {SharesMathLib} from "../libraries/SharesMathLib.sol";
import {SwapCheckLib} from "../libraries/SwapCheckLib.sol";

/// @title ProtectionPolicies
/// @notice Carries out the protection policies borrowers sign; see IProtectionPolicies.
/// @dev Order in `execute`: signature and liveness (cancelled, nonce, expiry, executions, cooldown) → the
/// policy's own bounds → trigger → record the execution → the action → the outcome. A flash-loan callback is
/// accepted only from the pool or kUSD, for the loan this contract started (its hash is held in transient
/// storage).
contract ProtectionPolicies is IProtectionPolicies, EIP712, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SafeERC20 for IERC20;

    /// @dev Per policy: slot 0 executions (32) | lastExecuted (64) | cancelled | posted; slot 1 pulled from the
    /// wallet so far.
    struct PolicyState {
        uint32 executions;
        uint64 lastExecuted;
        bool cancelled;
        bool posted;
        uint256 pulledFromWallet;
    }

    /// @dev What the flash-loan callback of a Deleverage, a Close or a VaultRepay needs.
    struct LoanPlan {
        Policy policy;
        Execution execution;
        address executor;
    }

    bytes32 internal constant POLICY_TYPEHASH = keccak256(
        "Policy(address owner,uint256 poolId,uint256 vaultId,uint8 trigger,uint256 triggerValue,uint8 priceReserve,"
        "uint8 action,uint8 collateralReserve,uint8 debtReserve,uint256 targetHealth,uint256 healthTolerance,"
        "uint256 repayAllowance,address adapter,bytes32 route,bool throughPegModule,uint16 maxDeviationBps,"
        "uint16 feeBps,uint256 maxFee,uint16 incentiveStartBps,uint16 incentiveEndBps,uint16 closeFactorBps,"
        "uint32 cooldown,uint64 expiry,uint32 maxExecutions,uint256 nonce)"
    );
    bytes32 internal constant FLASH_CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");
    /// @notice The largest executor fee a policy may grant: 5% of the debt repaid.
    uint16 public constant MAX_FEE_BPS = 500;
    /// @notice The largest shortfall against the oracles a policy may accept on a sale: 10%.
    uint16 public constant MAX_DEVIATION_BPS = 1_000;
    /// @notice The highest target and the widest tolerance of a band, in WAD (health 100, or a 10,000% ratio).
    uint256 public constant MAX_HEALTH_BAND = 100e18;
    /// @dev What the pool's own liquidation pays at health 1 (LiquidationLib.BASE_INCENTIVE), in BPS: the most
    /// a soft liquidation may pay per unit repaid.
    uint256 internal constant LIQUIDATION_BASE_INCENTIVE_BPS = 100;

    IKeelPool public immutable pool;
    ICdpEngine public immutable engine;
    IPegStabilityModule public immutable psm;
    IERC20 public immutable kusd;
    IPeripheryRegistry public immutable registry;

    mapping(address owner => uint256) public policyNonce;
    mapping(bytes32 policyHash => PolicyState) public policyState;

    bytes32 private transient _pendingLoan;
    /// @dev What the running flash loan's callback reports back to `execute`.
    uint256 private transient _loanRepaid;
    uint256 private transient _loanSold;
    uint256 private transient _loanFee;

    constructor(
        IKeelPool pool_,
        ICdpEngine engine_,
        IPegStabilityModule psm_,
        IPeripheryRegistry registry_
    ) EIP712("Keel Protection Policies", "1") {
        require(
            address(pool_) != address(0) &&
                address(engine_) != address(0) &&
                address(psm_) != address(0) &&
                address(registry_) != address(0),
            ZeroAddress()
        );
        pool = pool_;
        engine = engine_;
        psm = psm_;
        kusd = IERC20(engine_.kusd());
        registry = registry_;
    }

    // ----- owner operations -----

    /// @inheritdoc IProtectionPolicies
    function post(Policy calldata policy) external returns (bytes32 policyHash) {
        require(policy.owner == msg.sender, InvalidPolicy("owner"));
        policyHash = hashPolicy(policy);
        policyState[policyHash].posted = true;
        emit PostPolicy(policyHash, msg.sender, policy);
    }

    /// @inheritdoc IProtectionPolicies
    function cancel(Policy calldata policy) external {
        require(policy.owner == msg.sender, InvalidPolicy("owner"));
        bytes32 policyHash = hashPolicy(policy);
        policyState[policyHash].cancelled = true;
        emit CancelPolicy(policyHash, msg.sender);
    }

    /// @inheritdoc IProtectionPolicies
    function cancelAll(uint256 newNonce) external {
        uint256 current = policyNonce[msg.sender];
        require(newNonce > current, NonceNotAhead(newNonce, current));
        policyNonce[msg.sender] = newNonce;
        emit CancelAllPolicies(msg.sender, newNonce);
    }

    // ----- execution -----

    /// @inheritdoc IProtectionPolicies
    function execute(
        Policy calldata policy,
        bytes calldata signature,
        Execution calldata execution
    ) external nonReentrant returns (uint256 fee) {
        bytes32 policyHash = hashPolicy(policy);
        PolicyState storage state = policyState[policyHash];
        require(
            state.posted || SignatureChecker.isValidSignatureNowCalldata(policy.owner, policyHash, signature),
            InvalidPolicySignature()
        );
        _requireLive(policy, policyHash, state);
        _requireValid(policy);
        uint256 healthBefore = _health(policy);
        _requireTrigger(policy, healthBefore);
        bool mayRepayAll = _bandNeedsFullRepayment(policy);
        state.executions += 1;
        state.lastExecuted = uint64(block.timestamp);

        uint256 repaid;
        uint256 sold;
        if (policy.action == Action.RepayFromWallet) {
            (repaid, fee) = _repayFromWallet(policy, execution, state);
        } else if (policy.action == Action.SoftLiquidation) {
            (repaid, sold) = _softLiquidate(policy, execution, healthBefore);
        } else {
            (repaid, sold, fee) = _throughFlashLoan(policy, execution);
        }
        uint256 healthAfter = _health(policy);
        _requireOutcome(policy, healthBefore, healthAfter, mayRepayAll);
        emit ExecutePolicy(policyHash, policy.owner, msg.sender, repaid, sold, fee, healthBefore, healthAfter);
    }

    /// @notice The ERC-3156 callback of this contract's own flash loans (Deleverage, Close and VaultRepay).
    function onFlashLoan(
        address initiator,
        address token,
        uint256 amount,
        uint256 flashFee,
        bytes calldata data
    ) external returns (bytes32) {
        require(msg.sender == address(pool) || msg.sender == address(kusd), UntrustedLender(msg.sender));
        require(initiator == address(this), UntrustedInitiator(initiator));
        bytes32 pending = _pendingLoan;
        require(
            pending != bytes32(0) && pending == keccak256(abi.encode(msg.sender, token, amount, data)),
            UnexpectedCallback()
        );
        _pendingLoan = bytes32(0);
        LoanPlan memory plan = abi.decode(data, (LoanPlan));
        _sellAndSettle(plan, IERC20(token), amount, flashFee);
        IERC20(token).forceApprove(msg.sender, amount + flashFee);
        return FLASH_CALLBACK_SUCCESS;
    }

    // ----- internal: actions -----

    /// @dev Pulls the debt asset from the owner's wallet (within the allowance) and repays. The fee is on what
    /// the pool took, never on what the executor asked; nothing repaid is refused.
    /// Rounding: the fee rounds down.
    function _repayFromWallet(
        Policy calldata policy,
        Execution calldata execution,
        PolicyState storage state
    ) internal returns (uint256 repaid, uint256 fee) {
        IERC20 debtAsset = _asset(policy.poolId, policy.debtReserve);
        uint256 amount = MathLib.min(execution.repayAssets, _debtOf(policy));
        require(amount != 0, ZeroAmount());
        uint256 pulled = amount + _fee(policy, amount);
        uint256 remaining = policy.repayAllowance.zeroFloorSub(state.pulledFromWallet);
        require(pulled <= remaining, RepayAllowanceExceeded(pulled, remaining));
        debtAsset.safeTransferFrom(policy.owner, address(this), pulled);
        debtAsset.forceApprove(address(pool), amount);
        (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, amount, 0, policy.owner);
        _resetAllowance(debtAsset, address(pool));
        require(repaid != 0, ZeroAmount());
        // The pool takes at most `amount`; the wallet pays what was repaid plus the fee on it.
        fee = _fee(policy, repaid);
        state.pulledFromWallet += repaid + fee;
        if (pulled > repaid + fee) debtAsset.safeTransfer(policy.owner, pulled - repaid - fee);
        if (fee != 0) debtAsset.safeTransfer(msg.sender, fee);
    }

    /// @dev Deleverage (repay `repayAssets`, at most the debt), Close (repay every debt share) or VaultRepay
    /// (repay kUSD) with a flash loan of the debt asset, repaid by collateral sold through the policy's adapter.
    function _throughFlashLoan(
        Policy calldata policy,
        Execution calldata execution
    ) internal returns (uint256 repaid, uint256 sold, uint256 fee) {
        require(registry.isSwapAdapter(policy.adapter), AdapterNotAllowed(policy.adapter));
        bytes32 route = keccak256(execution.swapData);
        require(policy.route == bytes32(0) || route == policy.route, UnexpectedRoute(route));
        bool vault = policy.action == Action.VaultRepay;
        IERC3156FlashLender lender = vault ? IERC3156FlashLender(address(kusd)) : IERC3156FlashLender(address(pool));
        IERC20 debtAsset = vault ? kusd : _asset(policy.poolId, policy.debtReserve);
        uint256 debt = _debtOf(policy);
        uint256 amount = policy.action == Action.Close ? debt : MathLib.min(execution.repayAssets, debt);
        require(amount != 0, ZeroAmount());
        bytes memory data = abi.encode(LoanPlan(policy, execution, msg.sender));
        _pendingLoan = keccak256(abi.encode(address(lender), address(debtAsset), amount, data));
        lender.flashLoan(this, address(debtAsset), amount, data);
        _pendingLoan = bytes32(0);
        _resetAllowance(debtAsset, address(lender));
        (repaid, sold, fee) = (_loanRepaid, _loanSold, _loanFee);
    }

    /// @dev Inside the flash loan: repay, withdraw the collateral to sell (at most what the debt needs at the
    /// oracles and the policy's bound), sell it (checked against the minimum and the oracles), pay the fee,
    /// repay more debt with what is left (Deleverage), and give back what is still left.
    function _sellAndSettle(LoanPlan memory plan, IERC20 debtAsset, uint256 amount, uint256 flashFee) internal {
        Policy memory policy = plan.policy;
        uint256 repaid = _repayLoaned(policy, debtAsset, amount);
        uint256 fee = _fee(policy, repaid);
        // What the sale must raise: the loan, its fee and the executor's fee; the rest is the owner's.
        uint256 owed = amount + flashFee + fee;
        IERC20 collateral = _collateralAsset(policy);
        uint256 sold = plan.execution.sellCollateral;
        uint256 maxSold = SwapCheckLib.maxAmountIn(
            registry,
            address(collateral),
            address(debtAsset),
            owed,
            policy.maxDeviationBps
        );
        require(sold <= maxSold, SaleTooLarge(sold, maxSold));
        if (policy.action == Action.VaultRepay) {
            engine.withdraw(policy.vaultId, sold, address(this));
        } else {
            pool.withdrawCollateral(policy.poolId, policy.collateralReserve, sold, policy.owner, address(this));
        }
        uint256 bought = _swap(policy, plan.execution, collateral, debtAsset, sold);
        require(bought >= owed, SwapOutputTooLow(bought, owed));
        if (fee != 0) debtAsset.safeTransfer(plan.executor, fee);
        uint256 surplus = bought - owed + (amount - repaid);
        if (surplus != 0 && policy.action == Action.Deleverage) {
            debtAsset.forceApprove(address(pool), surplus);
            (uint256 more, ) = pool.repay(policy.poolId, policy.debtReserve, surplus, 0, policy.owner);
            repaid += more;
            surplus -= more;
        }
        if (surplus != 0) debtAsset.safeTransfer(policy.owner, surplus);
        (_loanRepaid, _loanSold, _loanFee) = (repaid, sold, fee);
    }

    /// @dev Repays the owner's debt with the loan: by assets (Deleverage), every share (Close), or the vault's
    /// kUSD, which the engine burns from this contract (VaultRepay).
    function _repayLoaned(Policy memory policy, IERC20 debtAsset, uint256 amount) internal returns (uint256 repaid) {
        if (policy.action == Action.VaultRepay) return engine.repay(policy.vaultId, amount);
        debtAsset.forceApprove(address(pool), amount);
        if (policy.action == Action.Close) {
            (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, 0, _debtSharesOf(policy), policy.owner);
        } else {
            (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, amount, 0, policy.owner);
        }
    }

    /// @dev Sells `sold` of `collateral` through the policy's adapter, for the debt asset or, through the peg
    /// module, for its gem first; the bound is the policy's, on the whole leg from collateral to debt asset.
    function _swap(
        Policy memory policy,
        Execution memory execution,
        IERC20 collateral,
        IERC20 debtAsset,
        uint256 sold
    ) internal returns (uint256 bought) {
        uint256 before = debtAsset.balanceOf(address(this));
        collateral.safeTransfer(policy.adapter, sold);
        if (policy.throughPegModule) {
            IERC20 gem = IERC20(psm.gem());
            uint256 gemBefore = gem.balanceOf(address(this));
            ISwapAdapter(policy.adapter).swap(
                address(collateral),
                address(gem),
                sold,
                address(this),
                execution.swapData
            );
            uint256 gemBought = gem.balanceOf(address(this)) - gemBefore;
            gem.forceApprove(address(psm), gemBought);
            psm.sellGem(gemBought, address(this));
            _resetAllowance(gem, address(psm));
        } else {
            ISwapAdapter(policy.adapter).swap(
                address(collateral),
                address(debtAsset),
                sold,
                address(this),
                execution.swapData
            );
        }
        bought = debtAsset.balanceOf(address(this)) - before;
        require(bought >= execution.minAmountOut, SwapOutputTooLow(bought, execution.minAmountOut));
        SwapCheckLib.checkPrice(
            registry,
            address(collateral),
            sold,
            address(debtAsset),
            bought,
            policy.maxDeviationBps
        );
    }

    /// @dev The executor repays between half the close factor's amount and all of it, with its own tokens, and
    /// receives collateral worth the repayment plus the incentive at this health factor.
    /// Rounding: the bounds round down; the value repaid and the collateral seized round down, against the
    /// executor.
    function _softLiquidate(
        Policy calldata policy,
        Execution calldata execution,
        uint256 healthBefore
    ) internal returns (uint256 repaid, uint256 seized) {
        uint256 maxRepay = _debtOf(policy).mulDivDown(policy.closeFactorBps, BPS);
        require(execution.repayAssets <= maxRepay, CloseFactorExceeded(execution.repayAssets, maxRepay));
        // A floor per execution, so that dust repayments cannot use up the policy's executions and cooldowns.
        require(execution.repayAssets >= maxRepay / 2, RepaymentTooSmall(execution.repayAssets, maxRepay / 2));
        IERC20 debtAsset = _asset(policy.poolId, policy.debtReserve);
        debtAsset.safeTransferFrom(msg.sender, address(this), execution.repayAssets);
        debtAsset.forceApprove(address(pool), execution.repayAssets);
        (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, execution.repayAssets, 0, policy.owner);
        _resetAllowance(debtAsset, address(pool));
        if (execution.repayAssets > repaid) debtAsset.safeTransfer(msg.sender, execution.repayAssets - repaid);

        uint256 valueRepaid = repaid.mulDivDown(_reservePrice(policy, policy.debtReserve), PRICE_SCALE);
        uint256 withIncentive = valueRepaid.mulDivDown(BPS + _incentiveBps(policy, healthBefore), BPS);
        seized = withIncentive.mulDivDown(PRICE_SCALE, _reservePrice(policy, policy.collateralReserve));
        pool.withdrawCollateral(policy.poolId, policy.collateralReserve, seized, policy.owner, msg.sender);
    }

    // ----- internal: checks -----

    function _requireLive(Policy calldata policy, bytes32 policyHash, PolicyState storage state) internal view {
        require(!state.cancelled && policy.nonce == policyNonce[policy.owner], PolicyCancelled(policyHash));
        require(block.timestamp <= policy.expiry, PolicyExpired(policy.expiry));
        require(state.executions < policy.maxExecutions, PolicyExhausted(policy.maxExecutions));
        uint256 readyAt = state.executions == 0 ? 0 : uint256(state.lastExecuted) + policy.cooldown;
        require(block.timestamp >= readyAt, PolicyCoolingDown(readyAt));
    }

    /// @dev A policy's own parameters, checked at every execution against what the contracts allow today.
    function _requireValid(Policy calldata policy) internal view {
        Action action = policy.action;
        bool vault = action == Action.VaultRepay;
        require(policy.feeBps <= MAX_FEE_BPS, InvalidPolicy("feeBps"));
        require(policy.maxDeviationBps <= MAX_DEVIATION_BPS, InvalidPolicy("maxDeviationBps"));
        require(vault || !policy.throughPegModule, InvalidPolicy("throughPegModule"));
        if (action == Action.Deleverage || action == Action.RepayFromWallet || vault) {
            require(policy.targetHealth > WAD && policy.targetHealth <= MAX_HEALTH_BAND, InvalidPolicy("targetHealth"));
            require(policy.healthTolerance <= MAX_HEALTH_BAND, InvalidPolicy("healthTolerance"));
        }
        if (action == Action.Deleverage || action == Action.Close || vault) {
            require(policy.adapter != address(0), InvalidPolicy("adapter"));
        }
        if (vault) {
            // The engine's operator approval is the owner's for all its vaults: only its own may be named.
            require(engine.vault(policy.vaultId).owner == policy.owner, InvalidPolicy("vaultId"));
        } else if (action != Action.RepayFromWallet) {
            require(
                _asset(policy.poolId, policy.collateralReserve) != _asset(policy.poolId, policy.debtReserve),
                InvalidPolicy("collateralReserve")
            );
        }
        if (action == Action.SoftLiquidation) {
            require(policy.trigger == Trigger.HealthBelow && policy.triggerValue > WAD, InvalidPolicy("trigger"));
            require(policy.incentiveStartBps <= policy.incentiveEndBps, InvalidPolicy("incentiveStartBps"));
            require(policy.incentiveEndBps <= _maxSoftIncentiveBps(policy), InvalidPolicy("incentiveEndBps"));
            require(policy.closeFactorBps != 0 && policy.closeFactorBps <= BPS, InvalidPolicy("closeFactorBps"));
        }
    }

    /// @dev What `execute` would otherwise only find out in its action: the authorization, the adapter, a debt
    /// to act on, and for RepayFromWallet something left to pull. For `check`.
    function _requireExecutable(Policy calldata policy) internal view {
        Action action = policy.action;
        if (action == Action.VaultRepay) {
            require(engine.isOperator(policy.owner, address(this)), PolicyNotAuthorized(policy.owner));
        } else if (action != Action.RepayFromWallet) {
            require(pool.isAuthorized(policy.owner, address(this)), PolicyNotAuthorized(policy.owner));
        }
        if (action == Action.Deleverage || action == Action.Close || action == Action.VaultRepay) {
            require(registry.isSwapAdapter(policy.adapter), AdapterNotAllowed(policy.adapter));
            // Each sale is bounded and checked at the registry's oracles of both tokens.
            IERC20 sold = _collateralAsset(policy);
            IERC20 bought = action == Action.VaultRepay ? kusd : _asset(policy.poolId, policy.debtReserve);
            require(address(registry.priceOracle(address(sold))) != address(0), NoPriceOracle(address(sold)));
            require(address(registry.priceOracle(address(bought))) != address(0), NoPriceOracle(address(bought)));
        }
        if (policy.throughPegModule) require(!psm.frozen(), IPegStabilityModule.PsmFrozen());
        require(_debtOf(policy) != 0, ZeroAmount());
        if (action == Action.RepayFromWallet) {
            IERC20 debtAsset = _asset(policy.poolId, policy.debtReserve);
            uint256 remaining = MathLib.min(
                policy.repayAllowance.zeroFloorSub(policyState[hashPolicy(policy)].pulledFromWallet),
                MathLib.min(debtAsset.allowance(policy.owner, address(this)), debtAsset.balanceOf(policy.owner))
            );
            require(remaining != 0, RepayAllowanceExceeded(1, 0));
        }
    }

    function _requireTrigger(Policy calldata policy, uint256 healthBefore) internal view {
        if (policy.trigger == Trigger.HealthBelow) {
            require(healthBefore < policy.triggerValue, TriggerNotMet(healthBefore, policy.triggerValue));
            // Below 1 the account is the pool's to liquidate; a soft liquidation stops there.
            if (policy.action == Action.SoftLiquidation) require(healthBefore >= WAD, TriggerNotMet(healthBefore, WAD));
            return;
        }
        uint256 price =
            policy.action == Action.VaultRepay
                ? _vaultType(policy.vaultId).oracle.price()
                : _reservePrice(policy, policy.priceReserve);
        bool met = policy.trigger == Trigger.PriceBelow ? price < policy.triggerValue : price > policy.triggerValue;
        require(met, TriggerNotMet(price, policy.triggerValue));
    }

    /// @dev Every action must raise the health factor (or the vault's ratio); Deleverage, RepayFromWallet and
    /// VaultRepay must land in the band; a Close must leave no debt in its reserve. A vault whose band cannot be
    /// reached without leaving less than the debt floor may instead be repaid in full (`mayRepayAll`).
    function _requireOutcome(
        Policy calldata policy,
        uint256 healthBefore,
        uint256 healthAfter,
        bool mayRepayAll
    ) internal view {
        require(healthAfter > healthBefore, HealthNotImproved(healthAfter, healthBefore));
        if (mayRepayAll && healthAfter == type(uint256).max) return;
        if (policy.action == Action.Close) {
            uint256 shares = _debtSharesOf(policy);
            require(shares == 0, DebtLeft(shares));
            return;
        }
        if (policy.action == Action.SoftLiquidation) return;
        // Both terms are at most MAX_HEALTH_BAND, so the ceiling neither overflows nor admits a debt-free account.
        uint256 ceiling = policy.targetHealth + policy.healthTolerance;
        require(
            healthAfter >= policy.targetHealth && healthAfter <= ceiling,
            OutcomeOutOfBand(healthAfter, policy.targetHealth, policy.healthTolerance)
        );
    }

    // ----- internal: reads -----

    /// @dev The executor's fee: a share of the debt repaid, at most the policy's cap. Rounding: down.
    function _fee(Policy memory policy, uint256 repaid) internal pure returns (uint256) {
        return MathLib.min(repaid.mulDivDown(policy.feeBps, BPS), policy.maxFee);
    }

    /// @dev Linear from the start incentive at the trigger to the end incentive at health 1. Rounding: down.
    function _incentiveBps(Policy calldata policy, uint256 health) internal pure returns (uint256) {
        uint256 span = policy.triggerValue - WAD;
        uint256 depth = MathLib.min(policy.triggerValue - health, span);
        uint256 rise = uint256(policy.incentiveEndBps) - policy.incentiveStartBps;
        return policy.incentiveStartBps + rise.mulDivDown(depth, span);
    }

    /// @dev The pool's own liquidation pays its base incentive just below health 1, capped by the collateral's
    /// bonus and, when the collateral has an e-mode category, by the category's: a soft liquidation pays no more
    /// per unit repaid.
    function _maxSoftIncentiveBps(Policy calldata policy) internal view returns (uint256 cap) {
        ReserveConfig memory collateral = pool.reserveConfig(policy.poolId, policy.collateralReserve);
        cap = MathLib.min(LIQUIDATION_BASE_INCENTIVE_BPS, collateral.maxLiquidationBonusBps);
        if (collateral.eModeCategory != 0) {
            cap = MathLib.min(cap, pool.eMode(policy.poolId, collateral.eModeCategory).maxLiquidationBonusBps);
        }
    }

    /// @dev The pool account's health factor, or the vault's collateral ratio (WAD; maximal without debt).
    /// Rounding: the ratio rounds down.
    function _health(Policy calldata policy) internal view returns (uint256) {
        if (policy.action != Action.VaultRepay) return pool.healthFactor(policy.poolId, policy.owner);
        uint256 debt = engine.debtOf(policy.vaultId);
        if (debt == 0) return type(uint256).max;
        Vault memory vault = engine.vault(policy.vaultId);
        uint256 value = uint256(vault.collateral).mulDivDown(_vaultType(policy.vaultId).oracle.price(), PRICE_SCALE);
        return value.mulDivDown(WAD, debt);
    }

    /// @dev For a VaultRepay: whether every repayment that reaches the target would leave less than the type's
    /// debt floor, so that only a full repayment can protect the vault. Selling collateral worth what it repays
    /// (the best case), a repayment reaching ratio T leaves (value − debt) / (T − 1) of debt. Rounding: down,
    /// so the full repayment is allowed only when the floor truly stands in the way.
    function _bandNeedsFullRepayment(Policy calldata policy) internal view returns (bool) {
        if (policy.action != Action.VaultRepay) return false;
        uint256 debt = engine.debtOf(policy.vaultId);
        CollateralType memory t = _vaultType(policy.vaultId);
        uint256 value = uint256(engine.vault(policy.vaultId).collateral).mulDivDown(t.oracle.price(), PRICE_SCALE);
        if (value <= debt) return true;
        return (value - debt).mulDivDown(WAD, policy.targetHealth - WAD) < t.debtFloor;
    }

    function _vaultType(uint256 vaultId) internal view returns (CollateralType memory) {
        return engine.collateralType(engine.vault(vaultId).typeId);
    }

    function _reservePrice(Policy memory policy, uint256 reserve) internal view returns (uint256) {
        return IPriceOracle(pool.reserveConfig(policy.poolId, reserve).oracle).price();
    }

    function _debtSharesOf(Policy memory policy) internal view returns (uint256) {
        return pool.position(policy.poolId, policy.owner, policy.debtReserve).debtShares;
    }

    /// @dev The owner's debt with interest to now, in the pool reserve or the vault. Rounding: up, as the pool
    /// counts it.
    function _debtOf(Policy memory policy) internal view returns (uint256) {
        if (policy.action == Action.VaultRepay) return engine.debtOf(policy.vaultId);
        ReserveState memory state = pool.expectedReserveState(policy.poolId, policy.debtReserve);
        return SharesMathLib.toAssetsUp(_debtSharesOf(policy), state.totalBorrowAssets, state.totalBorrowShares);
    }

    function _collateralAsset(Policy memory policy) internal view returns (IERC20) {
        if (policy.action == Action.VaultRepay) return IERC20(_vaultType(policy.vaultId).token);
        return _asset(policy.poolId, policy.collateralReserve);
    }

    function _asset(uint256 poolId, uint256 reserve) internal view returns (IERC20) {
        return IERC20(pool.reserveConfig(poolId, reserve).asset);
    }

    function _resetAllowance(IERC20 token, address spender) internal {
        if (token.allowance(address(this), spender) != 0) token.forceApprove(spender, 0);
    }

    // ----- views -----

    /// @inheritdoc IProtectionPolicies
    function hashPolicy(Policy calldata policy) public view returns (bytes32) {
        // Every field is static, so the struct's ABI encoding is its EIP-712 encodeData.
        return _hashTypedDataV4(keccak256(abi.encode(POLICY_TYPEHASH, policy)));
    }

    /// @inheritdoc IProtectionPolicies
    function check(Policy calldata policy) external view returns (bool ready, bytes4 reason) {
        try this.checkOrRevert(policy) {
            return (true, bytes4(0));
        } catch (bytes memory revertData) {
            // A revert without a selector (a failing oracle, say) must not read as "ready".
            if (revertData.length < 4) return (false, UnexplainedRevert.selector);
            return (false, bytes4(revertData));
        }
    }

    /// @notice Reverts with the error `execute` would raise before or in its action, signature and amounts
    /// aside; used by `check`.
    /// @param policy The policy.
    function checkOrRevert(Policy calldata policy) external view {
        bytes32 policyHash = hashPolicy(policy);
        _requireLive(policy, policyHash, policyState[policyHash]);
        _requireValid(policy);
        _requireTrigger(policy, _health(policy));
        _requireExecutable(policy);
    }
}
