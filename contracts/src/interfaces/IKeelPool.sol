// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {IKeelPoolErrors} from "./IKeelPoolErrors.sol";
import {ISignedGrants} from "./ISignedGrants.sol";
import {
    AccountHealth,
    Authorization,
    Delegation,
    EModeCategory,
    Position,
    ReserveConfig,
    ReserveState
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
    /// @notice A new, empty pool was opened.
    /// @param poolId The new pool's id.
    event CreatePool(uint256 indexed poolId);
    /// @notice A reserve was listed, or a listed reserve's configuration replaced, by the configurator.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param config The reserve's configuration from now on.
    event SetReserve(uint256 indexed poolId, uint256 indexed reserve, ReserveConfig config);
    /// @notice An e-mode category's limits were set by the configurator.
    /// @param poolId The pool.
    /// @param category The category.
    /// @param params The category's LTV, liquidation threshold and incentive bound, in BPS.
    event SetEMode(uint256 indexed poolId, uint8 indexed category, EModeCategory params);
    /// @notice The treasury was set by the configurator.
    /// @param treasury The account that collects reserve-factor shares, liquidation fees and flash-loan fees.
    event SetTreasury(address indexed treasury);
    /// @notice The flash-loan fee was set by the configurator.
    /// @param feeBps The fee, in BPS of the amount lent.
    event SetFlashFee(uint256 feeBps);

    /// @notice Assets were supplied to a reserve to earn interest.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param caller The account the assets were pulled from.
    /// @param onBehalf The account credited with the supply shares.
    /// @param assets The assets supplied, in token units.
    /// @param shares The supply shares minted.
    event Supply(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        uint256 assets,
        uint256 shares
    );
    /// @notice Supply was withdrawn from a reserve.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param caller The account that withdrew: `onBehalf` or one of its operators.
    /// @param onBehalf The account whose supply shares were burned.
    /// @param receiver The recipient of the assets.
    /// @param assets The assets paid out, in token units.
    /// @param shares The supply shares burned.
    event Withdraw(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        address receiver,
        uint256 assets,
        uint256 shares
    );
    /// @notice Collateral was added to an account.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param caller The account the assets were pulled from.
    /// @param onBehalf The account whose collateral grew.
    /// @param assets The collateral added, in token units.
    event SupplyCollateral(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        uint256 assets
    );
    /// @notice Collateral was withdrawn from an account.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param caller The account that withdrew: `onBehalf` or one of its operators.
    /// @param onBehalf The account whose collateral fell.
    /// @param receiver The recipient of the assets.
    /// @param assets The collateral withdrawn, in token units.
    event WithdrawCollateral(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        address receiver,
        uint256 assets
    );
    /// @notice Assets were borrowed from a reserve.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param caller The account that borrowed: `onBehalf`, one of its operators, or a credit delegate.
    /// @param onBehalf The account that owes the debt.
    /// @param receiver The recipient of the assets.
    /// @param assets The assets lent, in token units.
    /// @param shares The debt shares minted to `onBehalf`.
    event Borrow(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        address receiver,
        uint256 assets,
        uint256 shares
    );
    /// @notice Debt was repaid.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param caller The account the assets were pulled from.
    /// @param onBehalf The account whose debt fell.
    /// @param assets The assets repaid, in token units.
    /// @param shares The debt shares burned.
    event Repay(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address caller,
        address indexed onBehalf,
        uint256 assets,
        uint256 shares
    );
    /// @notice An unhealthy account was liquidated.
    /// @param poolId The pool.
    /// @param borrower The account liquidated.
    /// @param liquidator The caller, who paid the repaid assets.
    /// @param collateralReserve The reserve whose collateral was seized.
    /// @param debtReserve The reserve whose debt was repaid.
    /// @param repaidAssets The debt repaid, in the debt reserve's token units.
    /// @param repaidShares The borrower's debt shares burned.
    /// @param seizedAssets The collateral taken from the borrower, in the collateral reserve's token units;
    /// the liquidation's receiver got it less `protocolFee`.
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
    /// @param poolId The pool.
    /// @param reserve The reserve whose debt was written off.
    /// @param borrower The account whose debt it was; it is left with no collateral and no debt.
    /// @param debtShares The borrower's debt shares burned.
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
    /// @param poolId The pool.
    /// @param reserve The reserve frozen.
    /// @param totalSupplyAssets The reserve's total supply after the write-off, in token units.
    /// @param totalSupplyShares The reserve's total supply shares after the write-off.
    event FreezeCollapsedReserve(
        uint256 indexed poolId,
        uint256 indexed reserve,
        uint256 totalSupplyAssets,
        uint256 totalSupplyShares
    );
    /// @notice A reserve's interest was accrued up to now. Emitted only while the reserve has debt: a reserve
    /// that owes nothing accrues nothing, and its accrual moves only its clock.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param borrowRate The rate model's borrow rate for the period, per second in WAD.
    /// @param interest The interest added to both total debt and total supply, in token units (rounded down;
    /// the fraction of a unit is carried to the next accrual).
    /// @param feeShares The supply shares minted to the treasury as its reserve factor, not yet collected.
    event AccrueInterest(
        uint256 indexed poolId,
        uint256 indexed reserve,
        uint256 borrowRate,
        uint256 interest,
        uint256 feeShares
    );
    /// @notice The treasury's uncollected shares and liquidation fees of a reserve moved into its own position.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param treasury The treasury credited.
    /// @param shares The supply shares credited to the treasury's position.
    /// @param collateral The collateral (liquidation fees) credited to the treasury's position, in token units.
    event CollectTreasury(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address indexed treasury,
        uint256 shares,
        uint256 collateral
    );
    /// @notice A flash loan was made (ERC-3156).
    /// @param caller The account that asked for the loan.
    /// @param receiver The borrower contract that received the assets and was called back.
    /// @param token The token lent.
    /// @param assets The amount lent, in token units.
    /// @param fee The fee charged, in token units, added to the token's accrued flash-loan fees.
    event FlashLoan(
        address indexed caller,
        address indexed receiver,
        address indexed token,
        uint256 assets,
        uint256 fee
    );
    /// @notice A token's accrued flash-loan fees were sent to the treasury.
    /// @param token The token.
    /// @param treasury The recipient.
    /// @param assets The fees sent, in token units.
    event CollectFlashFees(address indexed token, address indexed treasury, uint256 assets);
    /// @notice An operator was authorized or revoked, directly or by signature.
    /// @param caller The account that sent the transaction (the submitter of a signature).
    /// @param authorizer The account that granted or revoked.
    /// @param operator The account that may, or may no longer, act for `authorizer`.
    /// @param isAuthorized True if `operator` may now act for `authorizer`, false if it was revoked.
    event SetAuthorization(
        address indexed caller,
        address indexed authorizer,
        address indexed operator,
        bool isAuthorized
    );
    /// @notice A credit delegation was set, directly or by signature.
    /// @param owner The account whose collateral backs the delegate's borrowing.
    /// @param delegate The account that may borrow for `owner`.
    /// @param poolId The pool.
    /// @param reserve The reserve the delegate may borrow.
    /// @param amount The most the delegate may now borrow, in token units; type(uint256).max is never spent down.
    event ApproveDelegation(
        address indexed owner,
        address indexed delegate,
        uint256 indexed poolId,
        uint256 reserve,
        uint256 amount
    );

    // ----- configuration (configurator only) -----

    /// @notice Opens a new, empty pool and returns its id. Called by the configurator.
    /// @return poolId The new pool's id; ids count up from 0.
    function createPool() external returns (uint256 poolId);
    /// @notice Lists a reserve (`reserve` == current count) or replaces a listed reserve's config.
    /// Configurator only; it checks the parameters against governance's bounds.
    /// @dev Accrues the reserve first, so a new rate model or reserve factor applies from now on.
    /// A listed reserve keeps its asset, and a collapsed reserve (see FreezeCollapsedReserve) may only
    /// be given a frozen config. A pool holds at most MAX_RESERVES reserves.
    /// @param poolId The pool.
    /// @param reserve The reserve's index: the pool's reserve count to list a new one.
    /// @param config The reserve's full configuration.
    function setReserve(uint256 poolId, uint256 reserve, ReserveConfig calldata config) external;
    /// @notice Sets an e-mode category's limits. Configurator only; it checks them against the bounds
    /// and the category's members.
    /// @param poolId The pool.
    /// @param category The category.
    /// @param params The category's LTV, liquidation threshold and incentive bound, in BPS.
    function setEMode(uint256 poolId, uint8 category, EModeCategory calldata params) external;
    /// @notice Sets the account that collects reserve-factor shares, liquidation fees and flash-loan fees.
    /// Configurator only.
    /// @param treasury The new treasury; must not be zero.
    function setTreasury(address treasury) external;
    /// @notice Sets the flash-loan fee of every token. Configurator only; it checks governance's bound.
    /// @param feeBps The fee, in BPS of the amount lent.
    function setFlashFee(uint256 feeBps) external;

    // ----- lending -----

    /// @notice Supplies `assets` (or the assets worth `shares`) of a reserve for `onBehalf`, to earn interest.
    /// @dev Shares minted round down (by assets) or assets pulled round up (by shares): the supplier pays the dust.
    /// Blocked when the reserve is frozen or paused, or when the supply cap would be exceeded.
    /// Anyone may supply for any account; the assets are pulled from the caller.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param assets The assets to supply, in token units; 0 to supply by `shares`.
    /// @param shares The supply shares to mint; 0 to supply by `assets`.
    /// @param onBehalf The account credited with the shares.
    /// @return assetsSupplied The assets pulled from the caller, in token units.
    /// @return sharesMinted The supply shares credited to `onBehalf`.
    function supply(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf
    ) external returns (uint256 assetsSupplied, uint256 sharesMinted);

    /// @notice Withdraws supply of `onBehalf` to `receiver`. Never blocked by pause, freeze or a price failure.
    /// @dev Shares burned round up (by assets) or assets paid round down (by shares).
    /// The caller must be `onBehalf` or authorized by it. Only assets not lent out can be withdrawn.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param assets The assets to withdraw, in token units; 0 to withdraw by `shares`.
    /// @param shares The supply shares to burn; 0 to withdraw by `assets`.
    /// @param onBehalf The account whose supply shares are burned.
    /// @param receiver The recipient of the assets.
    /// @return assetsWithdrawn The assets sent to `receiver`, in token units.
    /// @return sharesBurned The supply shares burned from `onBehalf`.
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
    /// failing feed onto someone else's account. The assets are pulled from the caller.
    /// @param poolId The pool.
    /// @param reserve The reserve's index; it must accept collateral.
    /// @param assets The collateral to add, in token units.
    /// @param onBehalf The account whose collateral grows.
    function supplyCollateral(uint256 poolId, uint256 reserve, uint256 assets, address onBehalf) external;

    /// @notice Withdraws collateral of `onBehalf` to `receiver`; the account must stay within its borrowing power.
    /// @dev With debt, borrowing power counts only collateral with a live price in an open reserve (a
    /// frozen or paused reserve's LTV counts only when it is the one withdrawn from); a debt whose
    /// price fails blocks it. The caller must be `onBehalf` or authorized by it.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param assets The collateral to withdraw, in token units.
    /// @param onBehalf The account whose collateral falls.
    /// @param receiver The recipient of the assets.
    function withdrawCollateral(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        address onBehalf,
        address receiver
    ) external;

    /// @notice Borrows against `onBehalf`'s collateral to `receiver`.
    /// @dev Debt shares minted round up (by assets) or assets lent round down (by shares).
    /// The caller must be `onBehalf`, authorized by it, or hold enough credit delegation.
    /// Blocked when frozen, paused, over the borrow cap, or when a debt's price fails. Collateral with a
    /// failing price, or in a frozen or paused reserve, gives no borrowing power.
    /// @param poolId The pool.
    /// @param reserve The reserve's index; it must be borrowable.
    /// @param assets The assets to borrow, in token units; 0 to borrow by `shares`.
    /// @param shares The debt shares to take on; 0 to borrow by `assets`.
    /// @param onBehalf The account that owes the debt and whose collateral backs it.
    /// @param receiver The recipient of the assets.
    /// @return assetsBorrowed The assets sent to `receiver`, in token units.
    /// @return sharesMinted The debt shares added to `onBehalf`.
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
    /// Anyone may repay any account's debt; the assets are pulled from the caller.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param assets The assets to repay, in token units; 0 to repay by `shares`.
    /// @param shares The debt shares to burn; 0 to repay by `assets`.
    /// @param onBehalf The account whose debt falls.
    /// @return assetsRepaid The assets pulled from the caller, in token units.
    /// @return sharesBurned The debt shares burned from `onBehalf`.
    function repay(
        uint256 poolId,
        uint256 reserve,
        uint256 assets,
        uint256 shares,
        address onBehalf
    ) external returns (uint256 assetsRepaid, uint256 sharesBurned);

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
    /// Anyone may liquidate; the repaid assets are pulled from the caller after the collateral is sent.
    /// @param poolId The pool.
    /// @param borrower The account to liquidate.
    /// @param collateralReserve The reserve whose collateral is seized.
    /// @param debtReserve The reserve whose debt is repaid.
    /// @param maxRepayAssets The most debt the caller will repay, in the debt reserve's token units (not 0).
    /// Less than the liquidation's own repay amount is refused (`LiquidationMustClose`) when it must
    /// close the debt, or would leave the borrower less than 10 USD of debt in that reserve.
    /// @param receiver The recipient of the seized collateral.
    /// @return repaidAssets The debt repaid, in the debt reserve's token units.
    /// @return seizedAssets The collateral taken from the borrower, in the collateral reserve's token units.
    function liquidate(
        uint256 poolId,
        address borrower,
        uint256 collateralReserve,
        uint256 debtReserve,
        uint256 maxRepayAssets,
        address receiver
    ) external returns (uint256 repaidAssets, uint256 seizedAssets);

    /// @notice Accrues interest of a reserve up to now. Anyone may call it.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    function accrueInterest(uint256 poolId, uint256 reserve) external;

    /// @notice Moves the treasury's uncollected reserve-factor shares and liquidation fees into the
    /// treasury's own position, from where it withdraws like any supplier. Anyone may call it.
    /// @dev Reverts while no treasury is set.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    function collectTreasury(uint256 poolId, uint256 reserve) external;

    /// @notice Sends accumulated flash-loan fees of `token` to the treasury. Anyone may call it.
    /// @dev Reverts while no treasury is set.
    /// @param token The token whose fees are sent.
    function collectFlashFees(address token) external;

    // ----- authorization -----

    /// @notice Lets `operator` withdraw, withdraw collateral and borrow for the caller in every pool, or
    /// revokes it. A revoke also uses up the caller's nonce (`UseNonce`), so no authorization it signed
    /// earlier and has not seen submitted can restore the grant.
    /// @dev An operator may also add collateral of a reserve the caller does not hold yet.
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

    /// @notice The configurator, the only account that may create pools and set reserves, e-modes,
    /// the treasury and the flash fee.
    /// @return The configurator's address, fixed at deployment.
    function configurator() external view returns (address);
    /// @notice The account that collects reserve-factor shares, liquidation fees and flash-loan fees.
    /// @return The treasury's address; zero until the configurator sets it.
    function treasury() external view returns (address);
    /// @notice The flash-loan fee of every token, charged on the amount and rounded up.
    /// @return The fee, in BPS of the amount lent.
    function flashFeeBps() external view returns (uint256);
    /// @notice How many pools exist; pool ids run from 0 to poolCount − 1.
    /// @return The number of pools created.
    function poolCount() external view returns (uint256);
    /// @notice How many reserves a pool lists; reserve indexes run from 0 to the count − 1.
    /// @param poolId The pool.
    /// @return The number of reserves, at most MAX_RESERVES; 0 for a pool that does not exist.
    function reserveCount(uint256 poolId) external view returns (uint256);
    /// @notice A reserve's configuration. Reverts with UnknownReserve for a reserve not listed.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @return The reserve's asset, oracle, rate model, flags, caps and risk parameters.
    function reserveConfig(uint256 poolId, uint256 reserve) external view returns (ReserveConfig memory);
    /// @notice Stored totals, as of the reserve's last accrual. Reverts with UnknownReserve for a reserve
    /// not listed.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @return The reserve's supply, debt, collateral and treasury totals as last written.
    function reserveState(uint256 poolId, uint256 reserve) external view returns (ReserveState memory);
    /// @notice An e-mode category's limits.
    /// @param poolId The pool.
    /// @param category The category.
    /// @return The category's LTV, liquidation threshold and incentive bound, in BPS; all zero if never set.
    function eMode(uint256 poolId, uint8 category) external view returns (EModeCategory memory);
    /// @notice One account's balances in one reserve.
    /// @param poolId The pool.
    /// @param account The account.
    /// @param reserve The reserve's index, below MAX_RESERVES.
    /// @return The account's supply shares, collateral (token units) and debt shares.
    function position(uint256 poolId, address account, uint256 reserve) external view returns (Position memory);
    /// @notice Bitmaps of the reserves where the account holds collateral and debt (stored as the low
    /// and high 16 bits of one slot).
    /// @param poolId The pool.
    /// @param account The account.
    /// @return collateralMask Bit i is set when the account holds collateral in reserve i.
    /// @return debtMask Bit i is set when the account owes debt shares in reserve i.
    function accountMasks(
        uint256 poolId,
        address account
    ) external view returns (uint16 collateralMask, uint16 debtMask);
    /// @notice Whether `operator` may act for `authorizer` in every pool (see `setAuthorization`).
    /// @param authorizer The account that grants.
    /// @param operator The account that acts.
    /// @return True while the authorization stands.
    function isAuthorized(address authorizer, address operator) external view returns (bool);
    /// @notice How much of a reserve `delegate` may still borrow against `owner`'s collateral.
    /// @param poolId The pool.
    /// @param owner The account whose collateral backs the borrowing.
    /// @param reserve The reserve's index.
    /// @param delegate The account that may borrow for `owner`.
    /// @return The remaining allowance, in token units; type(uint256).max is never spent down.
    function borrowAllowance(
        uint256 poolId,
        address owner,
        uint256 reserve,
        address delegate
    ) external view returns (uint256);
    /// @notice Flash-loan fees of a token not yet sent to the treasury.
    /// @param token The token.
    /// @return The fees held for the treasury, in token units.
    function flashFeesAccrued(address token) external view returns (uint256);
    /// @notice The account's values with interest accrued to now (simulated, not written).
    /// @dev A failing price is replaced by the last price its source reported; a collateral with neither
    /// counts for nothing, and the view reverts only when a debt has neither. Borrowing power counts
    /// only collateral with a live price in an open (neither frozen nor paused) reserve.
    /// @param poolId The pool.
    /// @param account The account.
    /// @return The account's collateral value, borrowing power, liquidation value and debt value, in WAD of
    /// USD; collateral values round down and debt values up.
    function accountHealth(uint256 poolId, address account) external view returns (AccountHealth memory);
    /// @notice liquidationValue / debtValue in WAD; type(uint256).max without debt.
    /// @dev Values as `accountHealth` does; the ratio rounds down. Below WAD (1.0), the account may be
    /// liquidated.
    /// @param poolId The pool.
    /// @param account The account.
    /// @return The health factor, in WAD.
    function healthFactor(uint256 poolId, address account) external view returns (uint256);
    /// @notice Totals with interest accrued to now (simulated, not written). Reverts with UnknownReserve
    /// for a reserve not listed.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @return The reserve's totals as an accrual now would leave them.
    function expectedReserveState(uint256 poolId, uint256 reserve) external view returns (ReserveState memory);
}
