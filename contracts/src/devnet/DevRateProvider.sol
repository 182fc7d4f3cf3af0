// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IRateProvider} from "../oracles/LstAdapter.sol";

/// @title DevRateProvider
/// @notice A liquid-staking exchange rate that grows linearly at a yearly rate, for local networks and tests.
contract DevRateProvider is IRateProvider {
    uint256 public immutable startRate;
    uint256 public immutable startTime;
    uint256 public immutable yearlyGrowth; // WAD

    constructor(uint256 startRate_, uint256 yearlyGrowth_) {
        startRate = startRate_;
        startTime = block.timestamp;
        yearlyGrowth = yearlyGrowth_;
    }

    function getRate() external view returns (uint256) {
        return startRate + (startRate * yearlyGrowth * (block.timestamp - startTime)) / (365 days * 1e18);
    }
}
