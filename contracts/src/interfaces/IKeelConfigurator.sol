// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelErrors} from "./IKeelErrors.sol";
import {EModeCategory, ReserveConfig} from "./PoolTypes.sol";

/// @notice Governance limits every pool's parameters must respect. Percentages in BPS.
struct RiskBounds {
    uint16 maxLtvBps;
    uint16 maxLiquidationThresholdBps;
    uint16 maxLiquidationBonusBps;
    uint16 maxReserveFactorBps;
    uint16 maxLiquidationFeeBps;
    uint16 maxFlashFeeBps;
}

/// @notice What a lister chooses for a reserve; the asset's decimals are read from the token.
struct ReserveParams {
    address asset;
    address oracle;
    address irm;
    uint16 ltvBps;
    uint16 liquidationThresholdBps;
    uint16 maxLiquidationBonusBps;
    uint16 reserveFactorBps;
    uint16 liquidationFeeBps;
    uint40 supplyCap;
    uint40 borrowCap;
    bool collateralEnabled;
    bool borrowEnabled;
    uint8 eModeCategory;
}

/// @title IKeelConfigurator
/// @notice Creates pools and lists reserves permissionlessly, within bounds governance sets.
/// Each pool has a risk admin (a timelock for a curated pool; zero makes the pool immutable),
/// and one guardian may pause new supply and new borrowing everywhere, nothing more: lifting a pause
/// is for the pool's risk admin or governance.
/// @dev Promises kept whatever a risk admin does within the bounds: every LTV ≤ its threshold; an
/// e-mode category's LTV and threshold ≥ those of each of its members, so entering e-mode never lowers
/// a health factor; a liquidation threshold (a reserve's or a category's) is cut by at most
/// THRESHOLD_CUT_MAX_BPS of itself per step and at most once per THRESHOLD_CUT_INTERVAL.
interface IKeelConfigurator is IKeelErrors {
    /// @notice Thrown when the caller is not the pool's risk admin (nor, where it may act, governance).
    error NotRiskAdmin(uint256 poolId, address caller);
    /// @notice Thrown when the pool address was already bound, or by someone other than the deployer.
    error PoolAlreadyBound();
    /// @notice Thrown when a rate model is not enabled by governance.
    error RateModelNotEnabled(address irm);
    /// @notice Thrown when a listing's seed deposit is below the minimum.
    error SeedTooSmall(uint256 seed, uint256 minimum);
    /// @notice Thrown when the pool received less than the seed sent: fee-on-transfer tokens are refused.
    error FeeOnTransferToken(uint256 sent, uint256 received);
    /// @notice Thrown when a pool is created with no reserve.
    error NoReserves();
    /// @notice Thrown when a liquidation threshold (a reserve's or an e-mode category's) is cut again
    /// before `allowedAt`, the end of the interval since its last cut.
    error ThresholdCutTooSoon(uint256 allowedAt);

    /// @notice The deployer bound the configurator to its pool contract, once.
    /// @param pool The KeelPool this configurator administers.
    event BindPool(address indexed pool);
    /// @notice Governance set the guardian.
    /// @param guardian The new guardian, who may pause any reserve of any pool.
    event SetGuardian(address indexed guardian);
    /// @notice The governance bounds were set (by the constructor or governance).
    /// @param bounds The new bounds, in BPS.
    event SetRiskBounds(RiskBounds bounds);
    /// @notice Governance enabled or disabled a rate model for new listings and updates.
    /// @param irm The rate model.
    /// @param enabled True if listings and updates may now use it; false if they may no longer (reserves
    /// already using it keep it).
    event SetRateModelEnabled(address indexed irm, bool enabled);
    /// @notice A pool's risk admin was set, at creation or by the previous risk admin.
    /// @param poolId The pool.
    /// @param riskAdmin The new risk admin; address(0) makes the pool immutable.
    event SetRiskAdmin(uint256 indexed poolId, address indexed riskAdmin);
    /// @notice A reserve was listed in a pool and seeded.
    /// @param poolId The pool.
    /// @param reserve The new reserve's index.
    /// @param asset The reserve's token.
    /// @param lister The caller, who paid the seed.
    /// @param seed The seed supplied for a dead address, in token units.
    event ListReserve(
        uint256 indexed poolId,
        uint256 indexed reserve,
        address indexed asset,
        address lister,
        uint256 seed
    );
    /// @notice A reserve was paused or its pause lifted.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param paused True if new supply and borrowing are now paused, false if the pause was lifted.
    event SetPaused(uint256 indexed poolId, uint256 indexed reserve, bool paused);

    /// @notice Seed supply every listing must deposit, in token units, burned to a dead address.
    /// @dev The seed is supplied to the reserve on behalf of 0x…dEaD, an address for which no key is
    /// known, so its supply shares stay in the reserve for good.
    /// @return The minimum seed, in token units (1,000).
    function MIN_SEED() external view returns (uint256);

    /// @notice The largest cut of a liquidation threshold one step may make, in BPS of the threshold
    /// itself (500: a threshold of 85% may go to 80.75% at the lowest).
    /// @return The cut, in BPS of the current threshold.
    function THRESHOLD_CUT_MAX_BPS() external view returns (uint256);

    /// @notice The least time between two cuts of the same liquidation threshold, in seconds.
    /// @return The interval, in seconds.
    function THRESHOLD_CUT_INTERVAL() external view returns (uint256);

    /// @notice Creates a pool with its reserves, listed and seeded in the same transaction.
    /// @dev Pulls `seeds[i]` of each asset from the caller. Parameters are checked against the bounds.
    /// The pool's e-mode categories do not exist yet, so a reserve listed here with a category must have
    /// a threshold of 0; list collateral with category 0, set the category, then let it join
    /// (`updateReserve`).
    /// @param riskAdmin The pool's risk admin; address(0) makes the pool immutable at once.
    /// @param reserves Each reserve's parameters, in index order.
    /// @param seeds Each reserve's seed deposit, in token units, at least MIN_SEED.
    /// @return poolId The new pool's id.
    function createPool(
        address riskAdmin,
        ReserveParams[] calldata reserves,
        uint256[] calldata seeds
    ) external returns (uint256 poolId);

    /// @notice Lists and seeds one more reserve in a pool. Risk admin only.
    /// @dev A reserve listed into an e-mode category may not have a higher LTV or threshold than the
    /// category (`OutOfBounds("eMode")`).
    /// @param poolId The pool.
    /// @param params The reserve's parameters, checked against the bounds.
    /// @param seed The seed deposit, in token units, at least MIN_SEED, pulled from the caller.
    /// @return reserve The new reserve's index.
    function listReserve(
        uint256 poolId,
        ReserveParams calldata params,
        uint256 seed
    ) external returns (uint256 reserve);

    /// @notice Changes a listed reserve's parameters (not its asset). Risk admin only.
    /// @dev Beyond the bounds: LTV may change at once, in either direction. A threshold may rise at
    /// once; a cut takes at most THRESHOLD_CUT_MAX_BPS of it (`OutOfBounds("thresholdCut")`) and waits
    /// THRESHOLD_CUT_INTERVAL after the reserve's last cut (`ThresholdCutTooSoon`). In an e-mode
    /// category, LTV and threshold may not exceed the category's (`OutOfBounds("eMode")`). Leaving a
    /// category needs every member's own threshold, the leaving reserve's new one included, to equal
    /// the category's (`OutOfBounds("eModeExit")`), so that no health factor changes.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param params The new parameters; `asset` must be the reserve's.
    function updateReserve(uint256 poolId, uint256 reserve, ReserveParams calldata params) external;

    /// @notice Freezes or unfreezes new supply and borrowing of a reserve. Risk admin only.
    /// @dev Withdrawals, repay, adding collateral and liquidation keep working while frozen.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param frozen True to freeze, false to unfreeze.
    function setFrozen(uint256 poolId, uint256 reserve, bool frozen) external;

    /// @notice Sets an e-mode category's limits. Risk admin only.
    /// @dev The limits obey the bounds with a threshold above 0, and may not be below the LTV or the
    /// threshold of any member (`OutOfBounds("eMode")`). A threshold cut is limited as a reserve's is,
    /// with its own interval per category.
    /// @param poolId The pool.
    /// @param category The category, 1 to 255.
    /// @param params The category's LTV, threshold and incentive bound, in BPS.
    function setEMode(uint256 poolId, uint8 category, EModeCategory calldata params) external;

    /// @notice Hands the pool to a new risk admin; address(0) renounces and makes the pool immutable.
    /// Risk admin only.
    /// @param poolId The pool.
    /// @param riskAdmin The new risk admin, or address(0) to renounce for good.
    function setRiskAdmin(uint256 poolId, address riskAdmin) external;

    /// @notice Pauses or unpauses new supply and borrowing of a reserve. The guardian, the pool's risk
    /// admin or governance may pause; only the risk admin or governance may unpause.
    /// @dev Warning: the guardian's power is one-way, so that it can never undo a risk decision. Repay,
    /// adding collateral, withdrawals and liquidation are never paused. Reverts with `NotGuardian` when
    /// a stranger pauses and `NotRiskAdmin` when anyone but the risk admin or governance unpauses.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @param paused True to pause, false to lift the pause.
    function setPaused(uint256 poolId, uint256 reserve, bool paused) external;

    /// @notice When a reserve's liquidation threshold was last cut; 0 if never.
    /// @param poolId The pool.
    /// @param reserve The reserve's index.
    /// @return timestamp The block timestamp of the last cut.
    function lastThresholdCut(uint256 poolId, uint256 reserve) external view returns (uint256 timestamp);

    /// @notice When an e-mode category's liquidation threshold was last cut; 0 if never.
    /// @param poolId The pool.
    /// @param category The category.
    /// @return timestamp The block timestamp of the last cut.
    function lastEModeThresholdCut(uint256 poolId, uint8 category) external view returns (uint256 timestamp);

    /// @notice The account that administers a pool's risk parameters.
    /// @param poolId The pool.
    /// @return The pool's risk admin; address(0) for an immutable (or unknown) pool.
    function riskAdmin(uint256 poolId) external view returns (address);
    /// @notice The account that may pause any reserve of any pool (but not lift a pause).
    /// @return The guardian's address.
    function guardian() external view returns (address);
    /// @notice Whether governance allows reserves to be listed or updated with a rate model.
    /// @param irm The rate model.
    /// @return True if the model is enabled.
    function isRateModelEnabled(address irm) external view returns (bool);
    /// @notice The limits governance set on every pool's parameters.
    /// @return The current bounds, in BPS.
    function riskBounds() external view returns (RiskBounds memory);
    /// @notice The reserve configuration that `params` would produce, after validation.
    /// @dev Runs a listing's checks of the parameters (bounds as for a new reserve, rate model enabled,
    /// oracle answering, decimals read from the token) and reverts where they fail. Neither the seed
    /// nor the pool's e-mode categories are checked.
    /// @param params The reserve's parameters.
    /// @param flags Flags to set beside the collateral and borrowable flags `params` implies
    /// (FLAG_FROZEN, FLAG_PAUSED).
    /// @return The configuration the pool would store.
    function toReserveConfig(ReserveParams calldata params, uint8 flags) external view returns (ReserveConfig memory);
}
