// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IOracleErrors} from "../interfaces/IOracleErrors.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @title Erc4626Adapter
/// @notice Prices a vault share as (assets per share) × the asset's price, with the exchange rate
/// capped by a maximum growth since a snapshot. A donation that inflates the vault's share price
/// therefore cannot raise the collateral value beyond the cap.
/// @dev Units: assetOracle prices an asset unit at Keel's scale. rate = convertToAssets(10^shareDecimals)
/// asset units per whole share; price per share unit = rate × assetPrice / 10^shareDecimals.
/// cap(t) = snapshotRate × (1 + maxYearlyGrowth × (t − snapshotTime) / 365 days).
contract Erc4626Adapter is IPriceOracle, IOracleErrors {
    IERC4626 public immutable vault;
    IPriceOracle public immutable assetOracle;
    uint256 public immutable snapshotRate;
    uint256 public immutable snapshotTime;
    uint256 public immutable maxYearlyGrowth; // WAD
    uint256 internal immutable shareUnit;

    constructor(IERC4626 vault_, IPriceOracle assetOracle_, uint256 maxYearlyGrowth_) {
        require(address(vault_) != address(0) && address(assetOracle_) != address(0), InvalidOracleParameter());
        vault = vault_;
        assetOracle = assetOracle_;
        shareUnit = 10 ** vault_.decimals();
        snapshotRate = vault_.convertToAssets(shareUnit);
        snapshotTime = block.timestamp;
        maxYearlyGrowth = maxYearlyGrowth_;
        require(snapshotRate != 0, InvalidOracleParameter());
    }

    /// @notice The highest exchange rate the adapter accepts now.
    function maxRate() public view returns (uint256) {
        return snapshotRate + (snapshotRate * maxYearlyGrowth * (block.timestamp - snapshotTime)) / (365 days * 1e18);
    }

    /// @inheritdoc IPriceOracle
    function price() external view returns (uint256) {
        return _sharePrice(assetOracle.price());
    }

    /// @inheritdoc IPriceOracle
    function lastPrice() external view returns (uint256) {
        return _sharePrice(assetOracle.lastPrice());
    }

    /// @dev The capped exchange rate times the asset's price.
    function _sharePrice(uint256 assetPrice) internal view returns (uint256 result) {
        uint256 rate = vault.convertToAssets(shareUnit);
        uint256 cap = maxRate();
        if (rate > cap) rate = cap;
        result = (rate * assetPrice) / shareUnit;
        require(result != 0, InvalidPrice());
    }
}
