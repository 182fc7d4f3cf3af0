// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IKeelPoolErrors} from "./IKeelPoolErrors.sol";
import {ISignedGrants} from "./ISignedGrants.sol";
import {
    AccountHealth, Authorization, Delegation, EModeCategory, Position, ReserveConfig, ReserveState
} from "./PoolTypes.sol";

/// @title IKeelPool
/// @notice The money-market core: one singleton holding every pool, keyed by pool id.
/// A pool is up to 16 reserves; an account's health is computed across one pool only, so
/// risk never crosses pools. Lending supply earns interest and is never collateral;
/// collateral is held apart, is never lent out and earns nothing.
/// @dev Amounts are in the token's own decimals, ratios in WAD, configured percentages in BPS,
/// values in WAD of the oracles' quote currency (USD), timestamps in seconds.
/// For operations taking `assets` and `shares`, exactly one must be non-zero.
/// Reentrancy: every operation holds a transient lock across its token transfers; `flashLoan`
/// holds none, so a flash-loan receiver may call any operation (for example to liquidate).
/// Views read only settled state: during a flash-loan callback and during a token hook of an
/// operation, every view is consistent, because state is written before tokens move.
interface IKeelPool is IKeelPoolErrors, ISignedGrants, IERC3156FlashLender {
    event CreatePool(uint256 indexed poolId);
    event SetReserve(uint256 indexed poolId, uint256 indexed reserve, ReserveConfig config);
    event SetEMode(uint256 indexed poolId, uint8 indexed category, EModeCategory params);
    event SetTreasury(address indexed treasury);
    event SetFlashFee(uint256 feeBps);

    event Supply(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        uint256 assets,
        uint256 shares
    );
    event Withdraw(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        address receiver,
        uint256 assets,
        uint256 shares
    );
    event SupplyCollateral(
        uint256 indexed poolId, uint256 indexed reserve, address caller, address indexed onBehalf, uint256 assets
    );
    event WithdrawCollateral(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        address receiver,
        uint256 assets
    );
    event Borrow(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        address receiver,
        uint256 assets,
        uint256 shares
    );
    event Repay(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        uint256 assets,
        uint256 shares
    );
    /// @param protocolFee Collateral credited to the treasury out of `seizedAssets`.
    event Liquidate(
        uint256 indexed poolId,
        address indexed borrower,
        address indexed liquidator,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 repaidAssets,
        uint256 repaidShares,
        uint256 seizedAssets,
        uint256 protocolFee
    );
    /// @notice Debt left with no collateral behind it was written off.
    /// @param coveredAssets Paid by burning the treasury's uncollected supply shares.
    /// @param socializedAssets Taken from the reserve's suppliers pro rata.
    event RealizeBadDebt(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address indexed borrower,
        uint256 debtShares,
        uint256 coveredAssets,
        uint256 socializedAssets
    );
    /// @notice A write-off left the reserve's supply shares worth less than a thousandth of their listing
    /// value; the reserve is frozen for good (new supply would overflow its shares). List the asset again.
    event FreezeCollapsedReserve(
        uint256 indexed poolId, uint256 indexed reserve, uint256 totalSupplyAssets, uint256 totalSupplyShares
    );
    event AccrueInterest(
        uint256 indexed poolId, uint256 indexed reserve, uint256 borrowRate, uint256 interest, uint256 feeShares
    );
    event CollectTreasury(
        uint256 indexed poolId, uint256 indexed reserve, address indexed treasury, uint256 shares, uint256 collateral
    );
    event FlashLoan(address indexed caller, address indexed receiver, address indexed token, uint256 assets, uint256 fee);
    event CollectFlashFees(address indexed token, address indexed treasury, uint256 assets);
    event SetAuthorization(address indexed caller, address indexed authorizer, address indexed operator, bool isAuthorized);
    event ApproveDelegation(
        address indexed owner, address indexed delegate, uint256 indexed poolId, uint256 reserve, uint256 amount
    );

    // ----- configuration (configurator only) -----

    /// @notice Opens a new, empty pool and returns its id. Called by the configurator.
    function createPool() external returns (uint256 poolId);
    /// @notice Lists a reserve (`reserve` == current count) or replaces a listed reserve's config.
    /// @dev Accrues the reserve first, so a new rate model or reserve factor applies from now on.
    function setReserve(uint256 poolId, uint256 reserve, ReserveConfig calldata config) external;
    function setEMode(uint256 poolId, uint8 category, EModeCategory calldata params) external;
    function setTreasury(address treasury) external;
    function setFlashFee(uint256 feeBps) external;

    // ----- lending -----

    /// @notice Supplies `assets` (or the assets worth `shares`) of a reserve for `onBehalf`, to earn interest.
    /// @dev Shares minted round down (by assets) or assets pulled round up (by shares): the supplier pays the dust.
    /// Blocked when the reserve is frozen or paused, or when the supply cap would be exceeded.
    function supply(uint256 poolId, uint256 reserve, uint256 assets, uint256 shares, address onBehalf)
        external
        returns (uint256 assetsSupplied, uint256 sharesMinted);

    /// @notice Withdraws supply of `onBehalf` to `receiver`. Never blocked by pause, freeze or a price failure.
    /// @dev Shares burned round up (by assets) or assets paid round down (by shares).
    /// The caller must be `onBehalf` or authorized by it.
    function withdraw(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external returns (uint256 assetsWithdrawn, uint256 sharesBurned);

    // ----- borrowing -----

    /// @notice Adds collateral for `onBehalf`. Never blocked by pause, freeze or a price failure;
    /// only the reserve's supply cap (supply plus collateral) bounds it.
    /// @dev Anyone may top up a collateral `onBehalf` already holds; adding a reserve it does not hold
    /// yet takes `onBehalf` or one of its operators, so nobody can force dust or a reserve with a
    /// failing feed onto someone else's account.
    function supplyCollateral(uint256 poolId, uint256 reserve, uint256 assets, address onBehalf) external;

    /// @notice Withdraws collateral of `onBehalf` to `receiver`; the account must stay within its borrowing power.
    /// @dev With debt, borrowing power counts only collateral with a live price in an open reserve (a
    /// frozen or paused reserve's LTV counts only when it is the one withdrawn from); a debt whose
    /// price fails blocks it.
    function withdrawCollateral(uint256 poolId, uint256 reserve, uint256 assets, address onBehalf, address receiver)
        external;

    /// @notice Borrows against `onBehalf`'s collateral to `receiver`.
    /// @dev Debt shares minted round up (by assets) or assets lent round down (by shares).
    /// The caller must be `onBehalf`, authorized by it, or hold enough credit delegation.
    /// Blocked when frozen, paused, over the borrow cap, or when a debt's price fails. Collateral with a
    /// failing price, or in a frozen or paused reserve, gives no borrowing power.
    function borrow(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf,
        address receiver
    ) external returns (uint256 assetsBorrowed, uint256 sharesMinted);

    /// @notice Repays debt of `onBehalf`. Repaying by `shares` equal to the whole debt leaves exactly zero;
    /// repaying by `assets` more than the debt repays all of it and pulls only what is owed.
    /// @dev Shares burned round down (by assets) or assets pulled round up (by shares). Never blocked.
    /// Warning: whoever repays a reserve's last debt shares also pays the reserve's last units of
    /// rounding dust (at most a few units), so that no debt assets outlive the debt shares.
    function repay(uint256 poolId, uint256 reserve, uint256 assets, uint256 shares, address onBehalf)
        external
        returns (uint256 assetsRepaid, uint256 sharesBurned);

    /// @notice Liquidates an account whose health factor is below 1: repays up to `maxRepayAssets`
    /// of its debt in `debtReserve` and receives its collateral in `collateralReserve` plus an incentive.
    /// @dev The repay is capped at what restores the documented target health (see docs), except
    /// when the account is deeply unhealthy or would be left with dust. While the account's collateral
    /// covers its debt, the incentive is capped at that margin, so the liquidation creates no bad
    /// debt. Collateral seized rounds down, debt repaid rounds up; a lot worth less than one unit of
    /// debt is seized for nothing. When the account ends with no collateral, its remaining debt is
    /// realized as bad debt. The traded pair needs live prices; another reserve whose price fails is
    /// valued at its last reported price, or at zero if it has none (a debt with none blocks it).
    /// `seizedAssets` is taken from the borrower; `receiver` gets it less the protocol fee (see the event).
    function liquidate(
        uint256 poolId,
        address borrower,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 maxRepayAssets,
        address receiver
    ) external returns (uint256 repaidAssets, uint256 seizedAssets);

    /// @notice Accrues interest of a reserve up to now. Anyone may call it.
    function accrueInterest(uint256 poolId, uint256 reserve) external;

    /// @notice Moves the treasury's uncollected reserve-factor shares and liquidation fees into the
    /// treasury's own position, from where it withdraws like any supplier. Anyone may call it.
    function collectTreasury(uint256 poolId, uint256 reserve) external;

    /// @notice Sends accumulated flash-loan fees of `token` to the treasury. Anyone may call it.
    function collectFlashFees(address token) external;

    // ----- authorization -----

    /// @notice Lets `operator` withdraw, withdraw collateral and borrow for the caller in every pool, or
    /// revokes it. A revoke also uses up the caller's nonce (`UseNonce`), so no authorization it signed
    /// earlier and has not seen submitted can restore the grant.
    /// @param operator The account that may act for the caller.
    /// @param isAuthorized True to authorize, false to revoke.
    function setAuthorization(address operator, bool isAuthorized) external;

    /// @notice Same as `setAuthorization`, by an EIP-712 signature of `authorization.authorizer`; anyone
    /// may submit it. The signer's nonce is used up.
    /// @dev Warning: the signature is bound to this chain, this contract and the signer's current nonce.
    /// @param authorization The signed message: authorizer, operator, grant, nonce and deadline.
    /// @param signature The authorizer's signature (65-byte ECDSA, or anything its ERC-1271 wallet accepts).
    function setAuthorizationWithSig(Authorization calldata authorization, bytes calldata signature) external;

    /// @notice Sets how much of a reserve `delegate` may borrow against the caller's collateral. Lowering
    /// the amount (or setting it to zero) also uses up the caller's nonce (`UseNonce`), so no delegation
    /// it signed earlier and has not seen submitted can raise it again.
    /// @param poolId The pool.
    /// @param reserve The reserve the delegate may borrow.
    /// @param delegate The account that may borrow against the caller's collateral.
    /// @param amount The most it may borrow, in the reserve's units; type(uint256).max is never spent down.
    function approveDelegation(uint256 poolId, uint256 reserve, address delegate, uint256 amount) external;

    /// @notice Same as `approveDelegation`, by an EIP-712 signature of `delegation.owner`; anyone may
    /// submit it. The signer's nonce is used up.
    /// @param delegation The signed message: owner, delegate, pool, reserve, amount, nonce and deadline.
    /// @param signature The owner's signature (65-byte ECDSA, or anything its ERC-1271 wallet accepts).
    function approveDelegationWithSig(Delegation calldata delegation, bytes calldata signature) external;

    // ----- views -----

    function configurator() external view returns (address);
    function treasury() external view returns (address);
    function flashFeeBps() external view returns (uint256);
    function poolCount() external view returns (uint256);
    function reserveCount(uint256 poolId) external view returns (uint256);
    function reserveConfig(uint256 poolId, uint256 reserve) external view returns (ReserveConfig memory);
    /// @notice Stored totals, as of the reserve's last accrual.
    function reserveState(uint256 poolId, uint256 reserve) external view returns (ReserveState memory);
    function eMode(uint256 poolId, uint8 category) external view returns (EModeCategory memory);
    function position(uint256 poolId, address account, uint256 reserve) external view returns (Position memory);
    /// @notice Bitmaps of the reserves where the account holds collateral (low 16 bits) and debt (high 16 bits).
    function accountMasks(uint256 poolId, address account) external view returns (uint16 collateralMask, uint16 debtMask);
    function isAuthorized(address authorizer, address operator) external view returns (bool);
    function borrowAllowance(uint256 poolId, address owner, uint256 reserve, address delegate)
        external
        view
        returns (uint256);
    function flashFeesAccrued(address token) external view returns (uint256);
    /// @notice The account's values with interest accrued to now (simulated, not written).
    /// @dev Reverts when a price of the account fails.
    function accountHealth(uint256 poolId, address account) external view returns (AccountHealth memory);
    /// @notice liquidationValue / debtValue in WAD; type(uint256).max without debt.
    function healthFactor(uint256 poolId, address account) external view returns (uint256);
    /// @notice Totals with interest accrued to now (simulated, not written).
    function expectedReserveState(uint256 poolId, uint256 reserve) external view returns (ReserveState memory);
}
