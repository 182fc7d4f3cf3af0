// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ExpLib} from "./ExpLib.sol";
import {MathLib} from "./MathLib.sol";
import {BPS, LN2, WAD} from "./Constants.sol";

/// @title AuctionLib
/// @notice The Dutch-auction price curve: exponential decay with a half-life, above a floor.
/// @dev price(t) = top × 2^(−t / halfLife) = top × e^(−ln2 · t / halfLife), rounded up (in the
/// seller's favour). The auction is stale, and cannot be taken until reset, once the price is below
/// floorBps of the top or once it has run longer than maxDuration. So collateral is never sold below
/// floorBps × the start price, and never for zero (the floor is positive).
library AuctionLib {
    using MathLib for uint256;

    /// @notice The curve's price `elapsed` seconds after the start, before any floor check.
    function price(uint256 topPrice, uint256 elapsed, uint256 halfLife) internal pure returns (uint256) {
        if (elapsed == 0) return topPrice;
        // elapsed < 2^40 and LN2 < 2^60, so the product fits; the division rounds the exponent
        // toward zero, that is the price up.
        int256 exponent = -int256((elapsed * uint256(LN2)) / halfLife);
        return topPrice.mulDivUp(ExpLib.wExp(exponent), WAD);
    }

    /// @notice Whether an auction must be reset before anyone can take from it.
    function isStale(
        uint256 topPrice,
        uint256 currentPrice,
        uint256 floorBps,
        uint256 elapsed,
        uint256 maxDuration
    ) internal pure returns (bool) {
        return elapsed > maxDuration || currentPrice * BPS < topPrice * floorBps;
    }
}
