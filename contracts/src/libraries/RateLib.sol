// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;
import {RAY} from "./Constants.sol";

/// @title RateLib
/// @notice The stability-fee rate accumulator: rate × fee^elapsed, in RAY, per-second compounding.
/// @dev Every product rounds down, so the fee is never overstated; the error is below one part in
/// 1e26 per multiplication, and there are at most 2·log2(elapsed) of them.
/// The accumulator saturates instead of overflowing, so accrual (and with it repay) can never
/// revert: at the highest fee the engine allows (50% a year) saturation is 60+ years away.
library RateLib {
    /// @dev Growth factors are capped here (RAY × 1.3e9), so the squarings below never overflow.
    uint256 internal constant GROWTH_CAP = 2 ** 120;

    /// @notice fee^elapsed in RAY, by binary exponentiation, rounding down; capped at GROWTH_CAP.
    function rpow(uint256 fee, uint256 elapsed) internal pure returns (uint256 growth) {
        growth = RAY;
        uint256 base = fee;
        while (elapsed != 0) {
            if (elapsed & 1 == 1) {
                growth = (growth * base) / RAY; // rounds down: never overstates the fee
                if (growth > GROWTH_CAP) return GROWTH_CAP;
            }
            elapsed >>= 1;
            if (elapsed != 0) {
                base = (base * base) / RAY; // rounds down
                // A base above the cap with exponent bits left means the growth will exceed it too.
                if (base > GROWTH_CAP) return GROWTH_CAP;
            }
        }
    }

    /// @notice The accumulator after `elapsed` seconds at `fee` per second, rounded down and
    /// saturating at type(uint128).max.
    function accrue(uint256 rate, uint256 fee, uint256 elapsed) internal pure returns (uint256) {
        if (elapsed == 0 || fee == RAY) return rate;
        uint256 grown = (rate * rpow(fee, elapsed)) / RAY; // rate ≤ 2^128, growth ≤ 2^120: no overflow
        return grown > type(uint128).max ? type(uint128).max : grown;
    }
}
