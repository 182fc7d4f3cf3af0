// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
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
/// accepted only from the pool, for the loan this contract started (its hash is held in transient storage).
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

    /// @dev What the flash-loan callback of a Deleverage or a Close needs.
    struct LoanPlan {
        Policy policy;
        Execution execution;
        address executor;
        bool closeAll;
    }

    bytes32 internal constant POLICY_TYPEHASH = keccak256(
        "Policy(address owner,uint256 poolId,uint8 trigger,uint256 triggerValue,uint8 priceReserve,uint8 action,"
        "uint8 collateralReserve,uint8 debtReserve,uint256 targetHealth,uint256 healthTolerance,"
        "uint256 repayAllowance,address adapter,uint16 maxDeviationBps,uint16 feeBps,uint256 maxFee,"
        "uint16 incentiveStartBps,uint16 incentiveEndBps,uint16 closeFactorBps,uint32 cooldown,uint64 expiry,"
        "uint32 maxExecutions,uint256 nonce)"
    );
    bytes32 internal constant FLASH_CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");
    /// @notice The largest executor fee a policy may grant: 5% of the debt repaid.
    uint16 public constant MAX_FEE_BPS = 500;

    IKeelPool public immutable pool;
    IPeripheryRegistry public immutable registry;

    mapping(address owner => uint256) public policyNonce;
    mapping(bytes32 policyHash => PolicyState) public policyState;

    bytes32 private transient _pendingLoan;
    /// @dev What the running flash loan's callback reports back to `execute`.
    uint256 private transient _loanRepaid;
    uint256 private transient _loanSold;
    uint256 private transient _loanFee;

    constructor(IKeelPool pool_, IPeripheryRegistry registry_) EIP712("Keel Protection Policies", "1") {
        require(address(pool_) != address(0) && address(registry_) != address(0), ZeroAddress());
        pool = pool_;
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
    function cancelAll() external {
        uint256 next = policyNonce[msg.sender] + 1;
        policyNonce[msg.sender] = next;
        emit CancelAllPolicies(msg.sender, next);
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
        uint256 healthBefore = pool.healthFactor(policy.poolId, policy.owner);
        _requireTrigger(policy, healthBefore);
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
        uint256 healthAfter = pool.healthFactor(policy.poolId, policy.owner);
        _requireOutcome(policy, healthBefore, healthAfter);
        emit ExecutePolicy(policyHash, policy.owner, msg.sender, repaid, sold, fee, healthBefore, healthAfter);
    }

    /// @notice The ERC-3156 callback of this contract's own flash loans (Deleverage and Close).
    function onFlashLoan(
        address initiator,
        address token,
        uint256 amount,
        uint256 flashFee,
        bytes calldata data
    ) external returns (bytes32) {
        require(msg.sender == address(pool), UntrustedLender(msg.sender));
        require(initiator == address(this), UntrustedInitiator(initiator));
        bytes32 pending = _pendingLoan;
        require(pending != bytes32(0) && pending == keccak256(abi.encode(token, amount, data)), UnexpectedCallback());
        _pendingLoan = bytes32(0);
        LoanPlan memory plan = abi.decode(data, (LoanPlan));
        _sellAndSettle(plan, IERC20(token), amount, flashFee);
        IERC20(token).forceApprove(address(pool), amount + flashFee);
        return FLASH_CALLBACK_SUCCESS;
    }

    // ----- internal: actions -----

    /// @dev Pulls the debt asset from the owner's wallet (within the allowance) and repays; the fee comes on top.
    function _repayFromWallet(
        Policy calldata policy,
        Execution calldata execution,
        PolicyState storage state
    ) internal returns (uint256 repaid, uint256 fee) {
        IERC20 debtAsset = _asset(policy.poolId, policy.debtReserve);
        fee = _fee(policy, execution.repayAssets);
        uint256 pulled = execution.repayAssets + fee;
        uint256 remaining = policy.repayAllowance.zeroFloorSub(state.pulledFromWallet);
        require(pulled <= remaining, RepayAllowanceExceeded(pulled, remaining));
        debtAsset.safeTransferFrom(policy.owner, address(this), pulled);
        debtAsset.forceApprove(address(pool), execution.repayAssets);
        (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, execution.repayAssets, 0, policy.owner);
        _resetAllowance(debtAsset);
        // The pool pulls only what is owed: the wallet is charged for what was repaid, plus the fee.
        state.pulledFromWallet += repaid + fee;
        if (pulled > repaid + fee) debtAsset.safeTransfer(policy.owner, pulled - repaid - fee);
        if (fee != 0) debtAsset.safeTransfer(msg.sender, fee);
    }

    /// @dev Deleverage (repay `repayAssets`) or Close (repay every debt share) with a flash loan of the debt
    /// asset, repaid by collateral sold through the policy's adapter.
    function _throughFlashLoan(
        Policy calldata policy,
        Execution calldata execution
    ) internal returns (uint256 repaid, uint256 sold, uint256 fee) {
        require(registry.isSwapAdapter(policy.adapter), AdapterNotAllowed(policy.adapter));
        bool closeAll = policy.action == Action.Close;
        IERC20 debtAsset = _asset(policy.poolId, policy.debtReserve);
        uint256 amount = closeAll ? _debtOf(policy) : execution.repayAssets;
        require(amount != 0, ZeroAmount());
        bytes memory data = abi.encode(LoanPlan(policy, execution, msg.sender, closeAll));
        _pendingLoan = keccak256(abi.encode(address(debtAsset), amount, data));
        IERC3156FlashLender(address(pool)).flashLoan(this, address(debtAsset), amount, data);
        _pendingLoan = bytes32(0);
        _resetAllowance(debtAsset);
        (repaid, sold, fee) = (_loanRepaid, _loanSold, _loanFee);
    }

    /// @dev Inside the flash loan: repay, withdraw the collateral to sell, sell it (checked against the minimum
    /// and the oracles), pay the fee, repay more debt with what is left, and give back what is still left.
    function _sellAndSettle(LoanPlan memory plan, IERC20 debtAsset, uint256 amount, uint256 flashFee) internal {
        Policy memory policy = plan.policy;
        debtAsset.forceApprove(address(pool), amount);
        uint256 repaid;
        if (plan.closeAll) {
            (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, 0, _debtSharesOf(policy), policy.owner);
        } else {
            (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, amount, 0, policy.owner);
        }
        uint256 sold = plan.execution.sellCollateral;
        IERC20 collateral = _asset(policy.poolId, policy.collateralReserve);
        pool.withdrawCollateral(policy.poolId, policy.collateralReserve, sold, policy.owner, address(this));
        uint256 bought = _swap(policy, plan.execution, collateral, debtAsset, sold);

        uint256 fee = _fee(policy, repaid);
        // What the sale raised must cover the loan, its fee and the executor's fee; the rest is the owner's.
        uint256 owed = amount + flashFee + fee;
        require(bought >= owed, SwapOutputTooLow(bought, owed));
        if (fee != 0) debtAsset.safeTransfer(plan.executor, fee);
        uint256 surplus = bought - owed + (amount - repaid);
        if (surplus != 0 && !plan.closeAll) {
            debtAsset.forceApprove(address(pool), surplus);
            (uint256 more, ) = pool.repay(policy.poolId, policy.debtReserve, surplus, 0, policy.owner);
            repaid += more;
            surplus -= more;
        }
        if (surplus != 0) debtAsset.safeTransfer(policy.owner, surplus);
        (_loanRepaid, _loanSold, _loanFee) = (repaid, sold, fee);
    }

    /// @dev Sells `sold` of `collateral` through the policy's adapter; the bound is the policy's, the adapter too.
    function _swap(
        Policy memory policy,
        Execution memory execution,
        IERC20 collateral,
        IERC20 debtAsset,
        uint256 sold
    ) internal returns (uint256 bought) {
        uint256 before = debtAsset.balanceOf(address(this));
        collateral.safeTransfer(policy.adapter, sold);
        ISwapAdapter(policy.adapter).swap(
            address(collateral),
            address(debtAsset),
            sold,
            address(this),
            execution.swapData
        );
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

    /// @dev The executor repays up to the close factor of the debt with its own tokens and receives collateral
    /// worth the repayment plus the incentive at this health factor.
    /// Rounding: the value repaid rounds down and the collateral seized rounds down, against the executor.
    function _softLiquidate(
        Policy calldata policy,
        Execution calldata execution,
        uint256 healthBefore
    ) internal returns (uint256 repaid, uint256 seized) {
        uint256 maxRepay = _debtOf(policy).mulDivDown(policy.closeFactorBps, BPS);
        require(execution.repayAssets <= maxRepay, CloseFactorExceeded(execution.repayAssets, maxRepay));
        IERC20 debtAsset = _asset(policy.poolId, policy.debtReserve);
        debtAsset.safeTransferFrom(msg.sender, address(this), execution.repayAssets);
        debtAsset.forceApprove(address(pool), execution.repayAssets);
        (repaid, ) = pool.repay(policy.poolId, policy.debtReserve, execution.repayAssets, 0, policy.owner);
        _resetAllowance(debtAsset);
        if (execution.repayAssets > repaid) debtAsset.safeTransfer(msg.sender, execution.repayAssets - repaid);

        uint256 valueRepaid = repaid.mulDivDown(_price(policy, policy.debtReserve), PRICE_SCALE);
        uint256 withIncentive = valueRepaid.mulDivDown(BPS + _incentiveBps(policy, healthBefore), BPS);
        seized = withIncentive.mulDivDown(PRICE_SCALE, _price(policy, policy.collateralReserve));
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
        require(policy.feeBps <= MAX_FEE_BPS, InvalidPolicy("feeBps"));
        require(policy.maxDeviationBps <= BPS, InvalidPolicy("maxDeviationBps"));
        if (policy.action == Action.Deleverage || policy.action == Action.RepayFromWallet) {
            require(policy.targetHealth > WAD, InvalidPolicy("targetHealth"));
        }
        if (policy.action == Action.Deleverage || policy.action == Action.Close) {
            require(policy.adapter != address(0), InvalidPolicy("adapter"));
        }
        if (policy.action == Action.SoftLiquidation) {
            // Between its trigger and health 1, never a larger incentive than a real liquidation would pay.
            ReserveConfig memory collateral = pool.reserveConfig(policy.poolId, policy.collateralReserve);
            require(policy.trigger == Trigger.HealthBelow && policy.triggerValue > WAD, InvalidPolicy("trigger"));
            require(policy.incentiveStartBps <= policy.incentiveEndBps, InvalidPolicy("incentiveStartBps"));
            require(policy.incentiveEndBps <= collateral.maxLiquidationBonusBps, InvalidPolicy("incentiveEndBps"));
            require(policy.closeFactorBps != 0 && policy.closeFactorBps <= BPS, InvalidPolicy("closeFactorBps"));
        }
    }

    function _requireTrigger(Policy calldata policy, uint256 healthBefore) internal view {
        if (policy.trigger == Trigger.HealthBelow) {
            require(healthBefore < policy.triggerValue, TriggerNotMet(healthBefore, policy.triggerValue));
            // Below 1 the account is the pool's to liquidate; a soft liquidation stops there.
            if (policy.action == Action.SoftLiquidation) require(healthBefore >= WAD, TriggerNotMet(healthBefore, WAD));
            return;
        }
        uint256 price = _price(policy, policy.priceReserve);
        bool met = policy.trigger == Trigger.PriceBelow ? price < policy.triggerValue : price > policy.triggerValue;
        require(met, TriggerNotMet(price, policy.triggerValue));
    }

    /// @dev Deleverage and RepayFromWallet land in the band; a Close leaves no debt; a soft liquidation improves
    /// health. None may leave the account worse than it found it.
    function _requireOutcome(Policy calldata policy, uint256 healthBefore, uint256 healthAfter) internal view {
        if (policy.action == Action.Close) {
            uint256 shares = _debtSharesOf(policy);
            require(shares == 0, DebtLeft(shares));
            return;
        }
        if (policy.action == Action.SoftLiquidation) {
            require(healthAfter >= healthBefore, OutcomeOutOfBand(healthAfter, healthBefore, 0));
            return;
        }
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

    function _price(Policy memory policy, uint256 reserve) internal view returns (uint256) {
        return IPriceOracle(pool.reserveConfig(policy.poolId, reserve).oracle).price();
    }

    function _debtSharesOf(Policy memory policy) internal view returns (uint256) {
        return pool.position(policy.poolId, policy.owner, policy.debtReserve).debtShares;
    }

    /// @dev The owner's debt with interest to now. Rounding: up, as the pool counts it.
    function _debtOf(Policy memory policy) internal view returns (uint256) {
        ReserveState memory state = pool.expectedReserveState(policy.poolId, policy.debtReserve);
        return SharesMathLib.toAssetsUp(_debtSharesOf(policy), state.totalBorrowAssets, state.totalBorrowShares);
    }

    function _asset(uint256 poolId, uint256 reserve) internal view returns (IERC20) {
        return IERC20(pool.reserveConfig(poolId, reserve).asset);
    }

    function _resetAllowance(IERC20 token) internal {
        if (token.allowance(address(this), address(pool)) != 0) token.forceApprove(address(pool), 0);
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
            return (false, bytes4(revertData));
        }
    }

    /// @notice Reverts with the error `execute` would raise before its action (signature aside); used by `check`.
    /// @param policy The policy.
    function checkOrRevert(Policy calldata policy) external view {
        _requireLive(policy, hashPolicy(policy), policyState[hashPolicy(policy)]);
        _requireValid(policy);
        _requireTrigger(policy, pool.healthFactor(policy.poolId, policy.owner));
    }
}
