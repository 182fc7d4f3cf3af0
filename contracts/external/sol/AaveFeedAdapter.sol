// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

import {IRoundFeed} from "./FeedReader.sol";

/// @title AaveFeedAdapter
/// @notice AaveOracle reads `latestAnswer()` (Chainlink's legacy getter), which DevPriceFeed does
/// not have; this forwards to the feed's `latestRoundData()`. On mainnet AaveOracle also goes
/// through two contracts (Chainlink's proxy, then its aggregator), so the call depth matches.
contract AaveFeedAdapter {
    IRoundFeed public immutable feed;

    constructor(IRoundFeed feed_) {
        feed = feed_;
    }

    function latestAnswer() external view returns (int256 answer) {
        (, answer,,,) = feed.latestRoundData();
    }
}
