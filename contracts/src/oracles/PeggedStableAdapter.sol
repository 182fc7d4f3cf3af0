// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IOracleErrors} from "../interfaces/IOracleErrors.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @title PeggedStableAdapter
/// @notice Prices a stablecoin at its peg while its market price stays within a deviation band,
/// and at the market price once it leaves the band, so a real depeg is seen at once and noise
/// inside the band never moves health factors.
/// @dev Units: `source` and `pegPrice` are at Keel's scale for this token (a 6-decimal USD coin
/// pegged at 1 USD has pegPrice 1e30). maxDeviation is a WAD fraction of the peg.
contract PeggedStableAdapter is IPriceOracle, IOracleErrors {
    IPriceOracle public immutable source;
    uint256 public immutable pegPrice;
    uint256 public immutable maxDeviation;

    constructor(IPriceOracle source_, uint256 pegPrice_, uint256 maxDeviation_) {
        require(address(source_) != address(0) && pegPrice_ != 0, InvalidOracleParameter());
        require(maxDeviation_ < 1e18, InvalidOracleParameter());
        source = source_;
        pegPrice = pegPrice_;
        maxDeviation = maxDeviation_;
    }

    /// @inheritdoc IPriceOracle
    function price() external view returns (uint256) {
        return _pegged(source.price());
    }

    /// @inheritdoc IPriceOracle
    function lastPrice() external view returns (uint256) {
        return _pegged(source.lastPrice());
    }

    /// @dev The peg while the market price is within the band, else the market price.
    function _pegged(uint256 market) internal view returns (uint256) {
        uint256 distance = market > pegPrice ? market - pegPrice : pegPrice - market;
        return distance * 1e18 <= maxDeviation * pegPrice ? pegPrice : market;
    }
}
