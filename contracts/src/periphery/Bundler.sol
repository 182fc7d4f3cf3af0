// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {SlotDerivation} from "@openzeppelin/contracts/utils/SlotDerivation.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {OperatorApproval, Vault} from "../interfaces/CdpTypes.sol";
import {IBundler} from "../interfaces/IBundler.sol";
import {IAaveV3Pool} from "../interfaces/external/IAaveV3Pool.sol";
import {
    IMorphoBlue,
    MorphoAuthorization,
    MorphoMarketParams,
    MorphoSignature
} from "../interfaces/external/IMorphoBlue.sol";
import {ICdpEngine} from "../interfaces/ICdpEngine.sol";
import {IKeelPool} from "../interfaces/IKeelPool.sol";
import {IPegStabilityModule} from "../interfaces/IPegStabilityModule.sol";
import {IPeripheryRegistry} from "../interfaces/IPeripheryRegistry.sol";
import {ISwapAdapter} from "../interfaces/ISwapAdapter.sol";
import {Authorization, ReserveState} from "../interfaces/PoolTypes.sol";
import {BPS, PRICE_SCALE, WAD} from "../libraries/Constants.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {SharesMathLib} from "../libraries/SharesMathLib.sol";
import {SwapCheckLib} from "../libraries/SwapCheckLib.sol";

/// @title Bundler
/// @notice Runs a list of steps atomically for its caller; see IBundler for what it may and may never do.
/// @dev Guards, in the order a bundle meets them:
/// - `multicall` sets the initiator in transient storage and refuses to run inside another bundle.
/// - Each step is dispatched as a call to itself; the step function accepts only the calldata whose hash
///   the dispatcher stored, and clears it on entry, so no outsider can call or re-enter a step.
/// - Every account a step acts on is the initiator or has authorized the initiator on that contract.
/// - A flash-loan callback is accepted only from the lender called, with the bundler as initiator, and
///   only for the exact loan (its hash is stored while the loan runs).
/// - Every allowance is set for one call and reset to zero after it; every token a step touches is
///   recorded, and the bundle ends by sending the initiator the whole balance of each.
contract Bundler is IBundler {
    using MathLib for uint256;
    using SafeERC20 for IERC20;
    using SlotDerivation for bytes32;
    using TransientSlot for bytes32;
    using TransientSlot for TransientSlot.AddressSlot;
    using TransientSlot for TransientSlot.BooleanSlot;
    using TransientSlot for TransientSlot.Uint256Slot;

    bytes32 internal constant FLASH_CALLBACK_SUCCESS = keccak256("ERC3156FlashBorrower.onFlashLoan");
    /// @dev Aave's interest rate mode of variable-rate debt.
    uint256 internal constant AAVE_VARIABLE_RATE = 2;
    /// @dev The transient list of tokens the running bundle touched (length at the slot, items after it)
    /// and the transient set that keeps each token in the list once.
    bytes32 internal constant TOUCHED_LIST = keccak256("keel.bundler.touched.list");
    bytes32 internal constant TOUCHED_SET = keccak256("keel.bundler.touched.set");

    IKeelPool public immutable pool;
    ICdpEngine public immutable engine;
    IERC20 public immutable kusd;
    IPegStabilityModule public immutable psm;
    IPeripheryRegistry public immutable registry;

    address private transient _initiator;
    bytes32 private transient _dispatched;
    bytes32 private transient _pendingLoan;
    uint256 private transient _openedVault;

    constructor(IKeelPool pool_, ICdpEngine engine_, IPegStabilityModule psm_, IPeripheryRegistry registry_) {
        require(address(pool_) != address(0) && address(engine_) != address(0), ZeroAddress());
        require(address(registry_) != address(0), ZeroAddress());
        pool = pool_;
        engine = engine_;
        kusd = IERC20(engine_.kusd());
        psm = psm_;
        registry = registry_;
    }

    /// @dev Accepts only the step the bundler is dispatching right now, once.
    modifier onlyDispatched() {
        bytes32 expected = _dispatched;
        require(expected != bytes32(0) && expected == keccak256(msg.data), NotDispatched());
        _dispatched = bytes32(0);
        _;
    }

    // ----- entry point -----

    /// @inheritdoc IBundler
    function multicall(bytes[] calldata steps) external {
        require(_initiator == address(0), BundleInProgress());
        _initiator = msg.sender;
        _run(steps);
        _returnTouched(msg.sender);
        _initiator = address(0);
        _openedVault = 0;
    }

    /// @inheritdoc IBundler
    function initiator() external view returns (address) {
        return _initiator;
    }

    /// @notice The ERC-3156 callback of the pool's flash loans and of kUSD's flash mints.
    /// @dev Accepted only for the loan the bundler is executing; runs its nested steps, then lets the
    /// lender pull the loan and its fee (the allowance is spent exactly by the lender).
    function onFlashLoan(
        address loanInitiator,
        address token,
        uint256 amount,
        uint256 fee,
        bytes calldata data
    ) external returns (bytes32) {
        require(msg.sender == address(pool) || msg.sender == address(kusd), UntrustedLender(msg.sender));
        require(loanInitiator == address(this), UntrustedInitiator(loanInitiator));
        bytes32 pending = _pendingLoan;
        require(
            pending != bytes32(0) && pending == keccak256(abi.encode(msg.sender, token, amount, data)),
            UnexpectedCallback()
        );
        _pendingLoan = bytes32(0);
        _run(abi.decode(data, (bytes[])));
        IERC20(token).forceApprove(msg.sender, amount + fee);
        return FLASH_CALLBACK_SUCCESS;
    }

    // ----- tokens -----

    /// @inheritdoc IBundler
    function permit(
        address token,
        uint256 value,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external onlyDispatched {
        address owner = _initiator;
        // Someone who saw the permit first may have submitted it; the allowance it granted is what counts. A
        // permit of zero revokes what is left, so it is skipped only when nothing is.
        uint256 allowance = IERC20(token).allowance(owner, address(this));
        if (value == 0 ? allowance == 0 : allowance >= value) return;
        IERC20Permit(token).permit(owner, address(this), value, deadline, v, r, s);
    }

    /// @inheritdoc IBundler
    function pull(address token, uint256 amount) external onlyDispatched {
        address owner = _initiator;
        if (amount == type(uint256).max) amount = IERC20(token).balanceOf(owner);
        require(amount != 0, ZeroAmount());
        _touch(token);
        IERC20(token).safeTransferFrom(owner, address(this), amount);
    }

    /// @inheritdoc IBundler
    function transfer(address token, address recipient, uint256 amount) external onlyDispatched {
        require(recipient != address(0), ZeroAddress());
        require(recipient != address(this), UnsafeReceiver(recipient));
        amount = _balanceIfMax(token, amount);
        IERC20(token).safeTransfer(recipient, amount);
    }

    /// @inheritdoc IBundler
    function sweep(address token, uint256 minAmount) external onlyDispatched {
        uint256 amount = IERC20(token).balanceOf(address(this));
        require(amount >= minAmount, ReceivedTooLittle(token, amount, minAmount));
        if (amount != 0) IERC20(token).safeTransfer(_initiator, amount);
    }

    /// @inheritdoc IBundler
    function swap(
        address adapter,
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 minAmountOut,
        uint256 maxDeviationBps,
        bytes calldata data
    ) external onlyDispatched {
        require(registry.isSwapAdapter(adapter), AdapterNotAllowed(adapter));
        require(maxDeviationBps <= BPS, OutOfBounds("maxDeviation"));
        require(tokenIn != tokenOut, OutOfBounds("tokenOut"));
        amountIn = _balanceIfMax(tokenIn, amountIn);
        _touch(tokenOut);

        uint256 balanceBefore = IERC20(tokenOut).balanceOf(address(this));
        IERC20(tokenIn).safeTransfer(adapter, amountIn);
        ISwapAdapter(adapter).swap(tokenIn, tokenOut, amountIn, address(this), data);
        uint256 amountOut = IERC20(tokenOut).balanceOf(address(this)) - balanceBefore;

        require(amountOut >= minAmountOut, SwapOutputTooLow(amountOut, minAmountOut));
        SwapCheckLib.checkPrice(registry, tokenIn, amountIn, tokenOut, amountOut, maxDeviationBps);
    }

    // ----- money market -----

    /// @inheritdoc IBundler
    function poolSupply(uint256 poolId, uint256 reserve, uint256 assets, address onBehalf) external onlyDispatched {
        _requirePoolAccount(onBehalf);
        IERC20 asset = _poolAsset(poolId, reserve);
        assets = _balanceIfMax(address(asset), assets);
        asset.forceApprove(address(pool), assets);
        pool.supply(poolId, reserve, assets, 0, onBehalf);
        _resetAllowance(asset, address(pool));
    }

    /// @inheritdoc IBundler
    function poolWithdraw(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external onlyDispatched {
        _requirePoolAccount(onBehalf);
        _requireSafeReceiver(receiver);
        if (shares == type(uint256).max) shares = pool.position(poolId, onBehalf, reserve).supplyShares;
        _touch(address(_poolAsset(poolId, reserve)));
        pool.withdraw(poolId, reserve, assets, shares, onBehalf, receiver);
    }

    /// @inheritdoc IBundler
    function poolSupplyCollateral(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        address onBehalf
    ) external onlyDispatched {
        _requirePoolAccount(onBehalf);
        IERC20 asset = _poolAsset(poolId, reserve);
        assets = _balanceIfMax(address(asset), assets);
        asset.forceApprove(address(pool), assets);
        pool.supplyCollateral(poolId, reserve, assets, onBehalf);
        _resetAllowance(asset, address(pool));
    }

    /// @inheritdoc IBundler
    function poolWithdrawCollateral(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        address onBehalf,
        address receiver
    ) external onlyDispatched {
        _requirePoolAccount(onBehalf);
        _requireSafeReceiver(receiver);
        if (assets == type(uint256).max) assets = pool.position(poolId, onBehalf, reserve).collateral;
        _touch(address(_poolAsset(poolId, reserve)));
        pool.withdrawCollateral(poolId, reserve, assets, onBehalf, receiver);
    }

    /// @inheritdoc IBundler
    function poolBorrow(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external onlyDispatched {
        _requirePoolAccount(onBehalf);
        _requireSafeReceiver(receiver);
        _touch(address(_poolAsset(poolId, reserve)));
        pool.borrow(poolId, reserve, assets, shares, onBehalf, receiver);
    }

    /// @inheritdoc IBundler
    function poolRepay(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf
    ) external onlyDispatched {
        _requirePoolAccount(onBehalf);
        IERC20 asset = _poolAsset(poolId, reserve);
        _touch(address(asset));
        if (shares == type(uint256).max) {
            shares = pool.position(poolId, onBehalf, reserve).debtShares;
            // "Repay all" of a debt already gone is not an error.
            if (shares == 0) return;
        }
        if (assets == type(uint256).max) {
            assets = asset.balanceOf(address(this));
            // "Repay with whatever is left" may find nothing left: that is not an error.
            if (assets == 0) return;
        }
        // By assets, more than the debt repays all and the pool pulls only what is owed; by shares, the
        // pool pulls what they are worth (rounded up) out of the bundler's whole balance offered.
        asset.forceApprove(address(pool), assets != 0 ? assets : asset.balanceOf(address(this)));
        pool.repay(poolId, reserve, assets, shares, onBehalf);
        _resetAllowance(asset, address(pool));
    }

    /// @inheritdoc IBundler
    function poolSetAuthorizationWithSig(
        Authorization calldata authorization,
        bytes calldata signature
    ) external onlyDispatched {
        // Someone who saw the signature first may have submitted it: its effect is what counts.
        address authorizer = authorization.authorizer;
        bool inEffect = pool.isAuthorized(authorizer, authorization.operator) == authorization.isAuthorized;
        if (inEffect && pool.nonces(authorizer) > authorization.nonce) return;
        pool.setAuthorizationWithSig(authorization, signature);
    }

    /// @inheritdoc IBundler
    function poolFlashLoan(address token, uint256 amount, bytes[] calldata steps) external onlyDispatched {
        _flashLoan(IERC3156FlashLender(address(pool)), token, amount, steps);
    }

    // ----- kUSD -----

    /// @inheritdoc IBundler
    function cdpOpen(uint256 typeId, uint256 collateral, uint256 debt, address receiver) external onlyDispatched {
        if (debt != 0) _requireSafeReceiver(receiver);
        IERC20 token = IERC20(engine.collateralType(typeId).token);
        if (collateral != 0) collateral = _balanceIfMax(address(token), collateral);
        if (debt != 0) _touch(address(kusd));
        token.forceApprove(address(engine), collateral);
        _openedVault = engine.open(typeId, _initiator, collateral, debt, receiver);
        _resetAllowance(token, address(engine));
    }

    /// @inheritdoc IBundler
    function cdpDeposit(uint256 vaultId, uint256 amount) external onlyDispatched {
        (uint256 id, Vault memory vault) = _vaultOf(vaultId);
        IERC20 token = IERC20(engine.collateralType(vault.typeId).token);
        amount = _balanceIfMax(address(token), amount);
        token.forceApprove(address(engine), amount);
        engine.deposit(id, amount);
        _resetAllowance(token, address(engine));
    }

    /// @inheritdoc IBundler
    function cdpWithdraw(uint256 vaultId, uint256 amount, address receiver) external onlyDispatched {
        _requireSafeReceiver(receiver);
        (uint256 id, Vault memory vault) = _vaultOf(vaultId);
        if (amount == type(uint256).max) amount = vault.collateral;
        _touch(engine.collateralType(vault.typeId).token);
        engine.withdraw(id, amount, receiver);
    }

    /// @inheritdoc IBundler
    function cdpMint(uint256 vaultId, uint256 amount, address receiver) external onlyDispatched {
        _requireSafeReceiver(receiver);
        (uint256 id, ) = _vaultOf(vaultId);
        _touch(address(kusd));
        engine.mint(id, amount, receiver);
    }

    /// @inheritdoc IBundler
    function cdpRepay(uint256 vaultId, uint256 amount) external onlyDispatched {
        (uint256 id, Vault memory vault) = _vaultOf(vaultId);
        _touch(address(kusd));
        // The whole debt when the bundler's balance covers it (the engine then leaves exactly zero), else
        // the balance.
        if (amount == type(uint256).max) {
            uint256 balance = kusd.balanceOf(address(this));
            uint256 debt = engine.debtOf(id);
            if (balance == 0 || debt == 0) return;
            if (balance < debt) {
                // A partial repayment may not leave less than the floor: repay what keeps it, if anything.
                uint256 floor = engine.collateralType(vault.typeId).debtFloor;
                amount = MathLib.min(balance, debt.zeroFloorSub(floor));
                if (amount == 0) return;
            }
        }
        // The engine burns the kUSD from the bundler as a minter: no allowance is given.
        engine.repay(id, amount);
    }

    /// @inheritdoc IBundler
    function cdpClose(uint256 vaultId, address receiver) external onlyDispatched {
        _requireSafeReceiver(receiver);
        (uint256 id, Vault memory vault) = _vaultOf(vaultId);
        _touch(address(kusd));
        _touch(engine.collateralType(vault.typeId).token);
        engine.close(id, receiver);
    }

    /// @inheritdoc IBundler
    function cdpSetOperatorWithSig(
        OperatorApproval calldata approval,
        bytes calldata signature
    ) external onlyDispatched {
        // As for pool authorizations: a signature someone else submitted first is skipped.
        bool inEffect = engine.isOperator(approval.owner, approval.operator) == approval.approved;
        if (inEffect && engine.nonces(approval.owner) > approval.nonce) return;
        engine.setOperatorWithSig(approval, signature);
    }

    /// @inheritdoc IBundler
    function kusdFlashMint(uint256 amount, bytes[] calldata steps) external onlyDispatched {
        _flashLoan(IERC3156FlashLender(address(kusd)), address(kusd), amount, steps);
    }

    /// @inheritdoc IBundler
    function psmSellGem(uint256 gemAmount) external onlyDispatched {
        IERC20 gem = IERC20(psm.gem());
        gemAmount = _balanceIfMax(address(gem), gemAmount);
        _touch(address(kusd));
        gem.forceApprove(address(psm), gemAmount);
        psm.sellGem(gemAmount, address(this));
        _resetAllowance(gem, address(psm));
    }

    /// @inheritdoc IBundler
    function psmBuyGem(uint256 gemAmount, uint256 maxKusdIn) external onlyDispatched {
        _touch(address(kusd));
        _touch(psm.gem());
        // The module burns the kUSD from the bundler as a minter: no allowance is given.
        uint256 kusdIn = psm.buyGem(gemAmount, address(this));
        require(kusdIn <= maxKusdIn, PegSwapTooExpensive(kusdIn, maxKusdIn));
    }

    // ----- post-conditions -----

    /// @inheritdoc IBundler
    function requireHealthFactor(uint256 poolId, address account, uint256 minHealthFactor) external view {
        uint256 healthFactor = pool.healthFactor(poolId, account);
        require(healthFactor >= minHealthFactor, HealthFactorTooLow(healthFactor, minHealthFactor));
    }

    /// @inheritdoc IBundler
    function requireDebtAtMost(uint256 poolId, uint256 reserve, address account, uint256 maxDebt) external view {
        uint256 shares = pool.position(poolId, account, reserve).debtShares;
        ReserveState memory state = pool.expectedReserveState(poolId, reserve);
        // Rounding: up, as the pool counts debt, so the check never understates what is owed.
        uint256 debt = SharesMathLib.toAssetsUp(shares, state.totalBorrowAssets, state.totalBorrowShares);
        require(debt <= maxDebt, DebtTooHigh(debt, maxDebt));
    }

    /// @inheritdoc IBundler
    function requireVaultRatio(uint256 vaultId, uint256 minRatio) external view {
        uint256 id = vaultId == 0 ? _openedVault : vaultId;
        require(id != 0, NoVaultOpened());
        uint256 debt = engine.debtOf(id);
        if (debt == 0) return;
        Vault memory vault = engine.vault(id);
        uint256 price = engine.collateralType(vault.typeId).oracle.price();
        // Units: collateral × price / PRICE_SCALE is WAD of USD, and kUSD debt is WAD of USD at par.
        // Rounding: the value and the ratio round down, so the check never overstates the cover.
        uint256 value = uint256(vault.collateral).mulDivDown(price, PRICE_SCALE);
        uint256 ratio = value.mulDivDown(WAD, debt);
        require(ratio >= minRatio, VaultRatioTooLow(ratio, minRatio));
    }

    // ----- migration sources -----

    /// @inheritdoc IBundler
    function aaveRepay(IAaveV3Pool aavePool, address asset, uint256 amount) external onlyDispatched {
        address owner = _initiator;
        _touch(asset);
        if (amount == type(uint256).max) {
            // Aave refuses "max" on behalf of another account: read the debt as it stands in this block.
            amount = IERC20(aavePool.getReserveData(asset).variableDebtTokenAddress).balanceOf(owner);
            if (amount == 0) return;
        }
        IERC20(asset).forceApprove(address(aavePool), amount);
        aavePool.repay(asset, amount, AAVE_VARIABLE_RATE, owner);
        _resetAllowance(IERC20(asset), address(aavePool));
    }

    /// @inheritdoc IBundler
    function aaveWithdraw(
        IAaveV3Pool aavePool,
        address asset,
        uint256 amount,
        address receiver
    ) external onlyDispatched {
        _requireSafeReceiver(receiver);
        // Aave burns the bundler's own aTokens; any left go back to the initiator with the rest.
        _touch(aavePool.getReserveData(asset).aTokenAddress);
        _touch(asset);
        aavePool.withdraw(asset, amount, receiver);
    }

    /// @inheritdoc IBundler
    function morphoSetAuthorizationWithSig(
        IMorphoBlue morpho,
        MorphoAuthorization calldata authorization,
        MorphoSignature calldata signature
    ) external onlyDispatched {
        address owner = _initiator;
        require(authorization.authorizer == owner, UnauthorizedAccount(authorization.authorizer, owner));
        require(authorization.authorized == address(this), UnauthorizedAccount(authorization.authorized, owner));
        // Submitted by someone who saw it first: what it set is in place and its nonce is spent.
        bool inEffect = morpho.isAuthorized(owner, address(this)) == authorization.isAuthorized;
        if (inEffect && morpho.nonce(owner) > authorization.nonce) return;
        morpho.setAuthorizationWithSig(authorization, signature);
    }

    /// @inheritdoc IBundler
    function morphoRepay(
        IMorphoBlue morpho,
        MorphoMarketParams calldata marketParams,
        uint256 assets,
        uint256 shares
    ) external onlyDispatched {
        address owner = _initiator;
        IERC20 loanToken = IERC20(marketParams.loanToken);
        _touch(address(loanToken));
        if (shares == type(uint256).max) {
            (, shares, ) = morpho.position(_morphoId(marketParams), owner);
            // "Repay all" of a debt already gone is not an error.
            if (shares == 0) return;
        }
        if (assets == type(uint256).max) assets = loanToken.balanceOf(address(this));
        // By shares, Morpho computes the assets (rounded up): it may pull up to the bundler's balance.
        loanToken.forceApprove(address(morpho), loanToken.balanceOf(address(this)));
        morpho.repay(marketParams, assets, shares, owner, "");
        _resetAllowance(loanToken, address(morpho));
    }

    /// @inheritdoc IBundler
    function morphoWithdrawCollateral(
        IMorphoBlue morpho,
        MorphoMarketParams calldata marketParams,
        uint256 assets,
        address receiver
    ) external onlyDispatched {
        _requireSafeReceiver(receiver);
        address owner = _initiator;
        _touch(marketParams.collateralToken);
        if (assets == type(uint256).max) (, , assets) = morpho.position(_morphoId(marketParams), owner);
        morpho.withdrawCollateral(marketParams, assets, owner, receiver);
    }

    // ----- internal -----

    /// @dev Dispatches each step as a call to the bundler itself, authorizing exactly its calldata.
    function _run(bytes[] memory steps) internal {
        for (uint256 i; i < steps.length; ++i) {
            _dispatched = keccak256(steps[i]);
            Address.functionDelegateCall(address(this), steps[i]);
            _dispatched = bytes32(0);
        }
    }

    /// @dev Takes a flash loan whose callback runs `steps`; the loan's exact hash authorizes the callback.
    function _flashLoan(IERC3156FlashLender lender, address token, uint256 amount, bytes[] calldata steps) internal {
        bytes memory data = abi.encode(steps);
        _touch(token);
        _pendingLoan = keccak256(abi.encode(address(lender), token, amount, data));
        lender.flashLoan(this, token, amount, data);
        // The lender pulled the loan and its fee with the allowance the callback gave; nothing is left.
        _pendingLoan = bytes32(0);
        _resetAllowance(IERC20(token), address(lender));
    }

    /// @dev Sends `to` the bundler's whole balance of every token touched, and empties the list.
    function _returnTouched(address to) internal {
        TransientSlot.Uint256Slot length = TOUCHED_LIST.asUint256();
        uint256 count = length.tload();
        bytes32 items = TOUCHED_LIST.deriveArray();
        for (uint256 i; i < count; ++i) {
            address token = items.offset(i).asAddress().tload();
            TOUCHED_SET.deriveMapping(token).asBoolean().tstore(false);
            uint256 balance = IERC20(token).balanceOf(address(this));
            if (balance != 0) IERC20(token).safeTransfer(to, balance);
        }
        length.tstore(0);
    }

    /// @dev Records `token` as touched by the running bundle, once.
    function _touch(address token) internal {
        TransientSlot.BooleanSlot seen = TOUCHED_SET.deriveMapping(token).asBoolean();
        if (seen.tload()) return;
        seen.tstore(true);
        TransientSlot.Uint256Slot length = TOUCHED_LIST.asUint256();
        uint256 count = length.tload();
        TOUCHED_LIST.deriveArray().offset(count).asAddress().tstore(token);
        length.tstore(count + 1);
    }

    /// @dev `type(uint256).max` stands for the bundler's whole balance; the token counts as touched.
    function _balanceIfMax(address token, uint256 amount) internal returns (uint256) {
        _touch(token);
        if (amount == type(uint256).max) amount = IERC20(token).balanceOf(address(this));
        require(amount != 0, ZeroAmount());
        return amount;
    }

    /// @dev Clears what a spender left of an allowance (a repay or a close may spend less than offered).
    function _resetAllowance(IERC20 token, address spender) internal {
        if (token.allowance(address(this), spender) != 0) token.forceApprove(spender, 0);
    }

    function _requirePoolAccount(address account) internal view {
        address initiator_ = _initiator;
        require(
            account == initiator_ || pool.isAuthorized(account, initiator_),
            UnauthorizedAccount(account, initiator_)
        );
    }

    function _requireSafeReceiver(address receiver) internal view {
        require(receiver == _initiator || receiver == address(this), UnsafeReceiver(receiver));
    }

    /// @dev Resolves vault 0 to the vault this bundle opened, and checks the initiator may act on it.
    function _vaultOf(uint256 vaultId) internal view returns (uint256 id, Vault memory vault) {
        id = vaultId == 0 ? _openedVault : vaultId;
        require(id != 0, NoVaultOpened());
        vault = engine.vault(id);
        address initiator_ = _initiator;
        require(
            vault.owner == initiator_ || engine.isOperator(vault.owner, initiator_),
            UnauthorizedAccount(vault.owner, initiator_)
        );
    }

    function _morphoId(MorphoMarketParams calldata marketParams) internal pure returns (bytes32) {
        return keccak256(abi.encode(marketParams));
    }

    function _poolAsset(uint256 poolId, uint256 reserve) internal view returns (IERC20) {
        return IERC20(pool.reserveConfig(poolId, reserve).asset);
    }
}
