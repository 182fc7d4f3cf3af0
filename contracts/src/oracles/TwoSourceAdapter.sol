// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IOracleErrors} from "../interfaces/IOracleErrors.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @title TwoSourceAdapter
/// @notice Returns the primary source's price only while a second, independent source agrees with
/// it within a tolerance; otherwise it reverts, which blocks borrowing against a price no one can vouch for.
/// @dev Units: both sources at Keel's scale for the same token. tolerance is a WAD fraction of the
/// lower of the two prices.
contract TwoSourceAdapter is IPriceOracle, IOracleErrors {
    IPriceOracle public immutable primary;
    IPriceOracle public immutable secondary;
    uint256 public immutable tolerance;

    constructor(IPriceOracle primary_, IPriceOracle secondary_, uint256 tolerance_) {
        require(address(primary_) != address(0) && address(secondary_) != address(0), InvalidOracleParameter());
        require(tolerance_ < 1e18, InvalidOracleParameter());
        primary = primary_;
        secondary = secondary_;
        tolerance = tolerance_;
    }

    /// @inheritdoc IPriceOracle
    function price() external view returns (uint256) {
        uint256 a = primary.price();
        uint256 b = secondary.price();
        (uint256 low, uint256 high) = a < b ? (a, b) : (b, a);
        require((high - low) * 1e18 <= tolerance * low, PriceSourcesDisagree(a, b));
        return a;
    }

    /// @inheritdoc IPriceOracle
    /// @dev The primary source's last price: with the sources in dispute there is no agreed one.
    function lastPrice() external view returns (uint256) {
        return primary.lastPrice();
    }
}
