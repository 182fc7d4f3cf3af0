// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IAggregatorV3} from "../interfaces/IAggregatorV3.sol";

/// @title DevPriceFeed
/// @notice A Chainlink-style feed whose answer anyone may set, for local networks and tests only.
contract DevPriceFeed is IAggregatorV3 {
    uint8 public immutable decimals;
    string public description;
    uint80 internal _round;
    int256 internal _answer;
    uint256 internal _startedAt;
    uint256 internal _updatedAt;

    constructor(uint8 decimals_, string memory description_, int256 answer_) {
        decimals = decimals_;
        description = description_;
        setAnswer(answer_);
    }

    function version() external pure returns (uint256) {
        return 4;
    }

    /// @notice Publishes a new answer now.
    function setAnswer(int256 answer_) public {
        _round++;
        _answer = answer_;
        _startedAt = block.timestamp;
        _updatedAt = block.timestamp;
    }

    /// @notice Publishes an answer with explicit timestamps, to simulate staleness or sequencer restarts.
    function setRound(int256 answer_, uint256 startedAt_, uint256 updatedAt_) external {
        _round++;
        _answer = answer_;
        _startedAt = startedAt_;
        _updatedAt = updatedAt_;
    }

    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (_round, _answer, _startedAt, _updatedAt, _round);
    }
}
