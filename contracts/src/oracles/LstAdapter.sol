// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IOracleErrors} from "../interfaces/IOracleErrors.sol";
import {IPriceOracle} from "../interfaces/IPriceOracle.sol";

/// @notice The exchange-rate interface most liquid staking tokens expose (as in Balancer's rate providers).
interface IRateProvider {
    /// @return Underlying tokens per staked token, WAD.
    function getRate() external view returns (uint256);
}

/// @title LstAdapter
/// @notice Prices a liquid staking token at the lesser of (exchange rate × underlying price) and
/// its own market feed, so a depeg of the staked token is seen while a market spike is not.
/// @dev Units: underlyingOracle prices an underlying unit and marketOracle a staked-token unit, both
/// at Keel's scale. One staked unit is worth rate/1e18 × 10^(underlyingDecimals − lstDecimals)
/// underlying units, so fundamental = rate × underlyingPrice × 10^underlyingDecimals / (1e18 × 10^lstDecimals).
/// Either source reverting reverts the price.
contract LstAdapter is IPriceOracle, IOracleErrors {
    IRateProvider public immutable rateProvider;
    IPriceOracle public immutable underlyingOracle;
    IPriceOracle public immutable marketOracle;
    uint256 internal immutable underlyingUnit;
    uint256 internal immutable lstUnit;

    constructor(
        IRateProvider rateProvider_,
        IPriceOracle underlyingOracle_,
        IPriceOracle marketOracle_,
        uint8 underlyingDecimals,
        uint8 lstDecimals
    ) {
        require(
            address(rateProvider_) != address(0) &&
                address(underlyingOracle_) != address(0) &&
                address(marketOracle_) != address(0),
            InvalidOracleParameter()
        );
        rateProvider = rateProvider_;
        underlyingOracle = underlyingOracle_;
        marketOracle = marketOracle_;
        underlyingUnit = 10 ** underlyingDecimals;
        lstUnit = 10 ** lstDecimals;
    }

    /// @inheritdoc IPriceOracle
    function price() external view returns (uint256) {
        return _lower(underlyingOracle.price(), marketOracle.price());
    }

    /// @inheritdoc IPriceOracle
    function lastPrice() external view returns (uint256) {
        return _lower(underlyingOracle.lastPrice(), marketOracle.lastPrice());
    }

    /// @dev The lower of the fundamental price (rate × underlying) and the market price.
    function _lower(uint256 underlyingPrice, uint256 market) internal view returns (uint256 lower) {
        uint256 fundamental = (rateProvider.getRate() * underlyingPrice * underlyingUnit) / (1e18 * lstUnit);
        lower = fundamental < market ? fundamental : market;
        require(lower != 0, InvalidPrice());
    }
}
