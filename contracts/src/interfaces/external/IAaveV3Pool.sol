// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @notice Aave v3's reserve configuration bitmap, as `getReserveData` returns it.
struct AaveReserveConfigurationMap {
    uint256 data;
}

/// @notice Aave v3.0's `DataTypes.ReserveData`, field for field (only the token addresses are read).
struct AaveReserveData {
    AaveReserveConfigurationMap configuration;
    uint128 liquidityIndex;
    uint128 currentLiquidityRate;
    uint128 variableBorrowIndex;
    uint128 currentVariableBorrowRate;
    uint128 currentStableBorrowRate;
    uint40 lastUpdateTimestamp;
    uint16 id;
    address aTokenAddress;
    address stableDebtTokenAddress;
    address variableDebtTokenAddress;
    address interestRateStrategyAddress;
    uint128 accruedToTreasury;
    uint128 unbacked;
    uint128 isolationModeTotalDebt;
}

/// @title IAaveV3Pool
/// @notice The part of Aave v3's Pool a migration uses: repaying a variable debt on behalf of its owner and
/// withdrawing the caller's aTokens.
interface IAaveV3Pool {
    /// @notice Repays `amount` of `onBehalfOf`'s debt in `asset`, pulled from the caller.
    /// @param asset The borrowed asset.
    /// @param amount The amount; "max" is refused on behalf of another account.
    /// @param interestRateMode 2 for the variable rate.
    /// @param onBehalfOf The borrower.
    /// @return The amount repaid.
    function repay(
        address asset,
        uint256 amount,
        uint256 interestRateMode,
        address onBehalfOf
    ) external returns (uint256);

    /// @notice Burns the caller's aTokens and sends the underlying to `to`.
    /// @param asset The supplied asset.
    /// @param amount The amount; type(uint256).max for the caller's whole balance.
    /// @param to The receiver.
    /// @return The amount withdrawn.
    function withdraw(address asset, uint256 amount, address to) external returns (uint256);

    /// @notice A reserve's state and its token addresses.
    /// @param asset The reserve's asset.
    /// @return The reserve data.
    function getReserveData(address asset) external view returns (AaveReserveData memory);
}
