// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {LN2, WAD_INT as WAD} from "./Constants.sol";

/// @title ExpLib
/// @notice e^x for a signed WAD exponent, with a relative error below 1e-10 over its domain.
/// @dev Range reduction: x = k·ln2 + r with |r| <= ln2/2, then e^x = 2^k · e^r, with e^r from
/// its Taylor series to the 9th power (the first omitted term is below 1e-10). Results underflow to 0 below −41 and are capped above
/// 135 (where a rate would be absurd anyway), so the function never reverts.
library ExpLib {
    int256 internal constant MIN_EXPONENT = -41_446_531_673_892_822_313; // ln(1e-18)
    int256 internal constant MAX_EXPONENT = 135_305_999_368_893_231_589; // ln(type(int256).max / 1e36)

    function wExp(int256 x) internal pure returns (uint256) {
        if (x < MIN_EXPONENT) return 0;
        if (x > MAX_EXPONENT) x = MAX_EXPONENT;
        // k = round(x / ln2), so that |r| <= ln2 / 2.
        int256 k = (x < 0 ? x - LN2 / 2 : x + LN2 / 2) / LN2;
        int256 r = x - k * LN2;
        // Horner form of 1 + r + r²/2! + … + r⁹/9!.
        int256 term = WAD + (r / 9);
        term = WAD + (r * term) / (8 * WAD);
        term = WAD + (r * term) / (7 * WAD);
        term = WAD + (r * term) / (6 * WAD);
        term = WAD + (r * term) / (5 * WAD);
        term = WAD + (r * term) / (4 * WAD);
        term = WAD + (r * term) / (3 * WAD);
        term = WAD + (r * term) / (2 * WAD);
        term = WAD + (r * term) / WAD;
        uint256 expR = uint256(term);
        return k >= 0 ? expR << uint256(k) : expR >> uint256(-k);
    }
}
