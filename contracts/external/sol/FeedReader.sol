// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

/// @dev The part of a Chainlink AggregatorV3 feed (DevPriceFeed) the adapters and bench helpers read.
interface IRoundFeed {
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80);
}
