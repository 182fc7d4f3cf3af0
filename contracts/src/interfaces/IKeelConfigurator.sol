// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

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
/// and one guardian may pause new supply and new borrowing everywhere, nothing more.
interface IKeelConfigurator {
    /// @notice Thrown when the caller is not the pool's risk admin.
    error NotRiskAdmin(uint256 poolId, address caller);
    /// @notice Thrown when the caller is not the guardian.
    error NotGuardian(address caller);
    /// @notice Thrown when the pool address was already bound, or by someone other than the deployer.
    error PoolAlreadyBound();
    /// @notice Thrown when a parameter breaks a governance bound; `parameter` names it.
    error OutOfBounds(string parameter);
    /// @notice Thrown when a rate model is not enabled by governance.
    error RateModelNotEnabled(address irm);
    /// @notice Thrown when a listing's seed deposit is below the minimum.
    error SeedTooSmall(uint256 seed, uint256 minimum);
    /// @notice Thrown when the pool received less than the seed sent: fee-on-transfer tokens are refused.
    error FeeOnTransferToken(uint256 sent, uint256 received);
    /// @notice Thrown when a pool is created with no reserve.
    error NoReserves();

    event BindPool(address indexed pool);
    event SetGuardian(address indexed guardian);
    event SetRiskBounds(RiskBounds bounds);
    event SetRateModelEnabled(address indexed irm, bool enabled);
    event SetRiskAdmin(uint256 indexed poolId, address indexed riskAdmin);
    event ListReserve(uint256 indexed poolId, uint256 indexed reserve, address indexed asset, address lister, uint256 seed);
    event SetPaused(uint256 indexed poolId, uint256 indexed reserve, bool paused);

    /// @notice Seed supply every listing must deposit, in token units, burned to a dead address.
    function MIN_SEED() external view returns (uint256);

    /// @notice Creates a pool with its reserves, listed and seeded in the same transaction.
    /// @dev Pulls `seeds[i]` of each asset from the caller. Parameters are checked against the bounds.
    function createPool(address riskAdmin, ReserveParams[] calldata reserves, uint256[] calldata seeds)
        external
        returns (uint256 poolId);

    /// @notice Lists and seeds one more reserve in a pool. Risk admin only.
    function listReserve(uint256 poolId, ReserveParams calldata params, uint256 seed) external returns (uint256 reserve);

    /// @notice Changes a listed reserve's parameters (not its asset). Risk admin only.
    function updateReserve(uint256 poolId, uint256 reserve, ReserveParams calldata params) external;

    /// @notice Freezes or unfreezes new supply and borrowing of a reserve. Risk admin only.
    function setFrozen(uint256 poolId, uint256 reserve, bool frozen) external;

    /// @notice Sets an e-mode category's limits. Risk admin only.
    function setEMode(uint256 poolId, uint8 category, EModeCategory calldata params) external;

    /// @notice Hands the pool to a new risk admin; address(0) renounces and makes the pool immutable.
    function setRiskAdmin(uint256 poolId, address riskAdmin) external;

    /// @notice Pauses or unpauses new supply and borrowing of a reserve. Guardian only.
    /// @dev Repay, adding collateral, withdrawals and liquidation are never paused.
    function setPaused(uint256 poolId, uint256 reserve, bool paused) external;

    function riskAdmin(uint256 poolId) external view returns (address);
    function guardian() external view returns (address);
    function isRateModelEnabled(address irm) external view returns (bool);
    function riskBounds() external view returns (RiskBounds memory);
    /// @notice The reserve configuration that `params` would produce, after validation.
    function toReserveConfig(ReserveParams calldata params, uint8 flags) external view returns (ReserveConfig memory);
}
