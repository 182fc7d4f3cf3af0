// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title IAggregatorV3
/// @notice The Chainlink AggregatorV3 feed interface, as publicly specified.
interface IAggregatorV3 {
    /// @notice The number of decimals the feed's answers carry.
    /// @return The decimals of `answer` (for example 8 for most USD price feeds).
    function decimals() external view returns (uint8);
    /// @notice A human-readable label of what the feed reports.
    /// @return The label, for example the asset pair it prices.
    function description() external view returns (string memory);
    /// @notice The version of the aggregator contract behind the feed.
    /// @return The implementation's version number.
    function version() external view returns (uint256);
    /// @notice The data of the feed's latest round.
    /// @dev Keel's ChainlinkAdapter reads `answer` and `updatedAt` of a price feed; on an L2, it reads
    /// a sequencer-uptime feed through this same function, where `answer` is 0 while the sequencer
    /// is up and 1 while it is down, and `startedAt` is when that status began.
    /// @return roundId The id of the round.
    /// @return answer The value the round reported, with `decimals` decimals; signed, so a consumer
    /// must check that it is positive.
    /// @return startedAt The timestamp, in seconds, at which the round started.
    /// @return updatedAt The timestamp, in seconds, at which the answer was last updated.
    /// @return answeredInRound The id of the round in which the answer was computed; deprecated by
    /// Chainlink and not read by Keel.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
