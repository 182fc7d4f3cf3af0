// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;

import {IIrm} from "@morpho-org/morpho-blue/src/interfaces/IIrm.sol";
import {Market, MarketParams} from "@morpho-org/morpho-blue/src/interfaces/IMorpho.sol";

/// @title FixedRateIrm
/// @notice Rate model for Morpho Blue (gas bench and devnet): one constant borrow rate per second (WAD).
contract FixedRateIrm is IIrm {
    uint256 public immutable ratePerSecond;

    constructor(uint256 ratePerSecond_) {
        ratePerSecond = ratePerSecond_;
    }

    function borrowRate(MarketParams memory, Market memory) external view returns (uint256) {
        return ratePerSecond;
    }

    function borrowRateView(MarketParams memory, Market memory) external view returns (uint256) {
        return ratePerSecond;
    }
}
