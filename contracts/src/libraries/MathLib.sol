// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {WAD} from "./Constants.sol";

/// @title MathLib
/// @notice Fixed-point helpers. Every function names its rounding direction; callers pick the
/// direction that goes against the user they serve. Overflow reverts (checked arithmetic).
library MathLib {
    function mulDivDown(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        return (x * y) / d;
    }

    function mulDivUp(uint256 x, uint256 y, uint256 d) internal pure returns (uint256) {
        uint256 product = x * y;
        return product / d + (product % d == 0 ? 0 : 1);
    }

    function wMulDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return mulDivDown(x, y, WAD);
    }

    function wDivDown(uint256 x, uint256 y) internal pure returns (uint256) {
        return mulDivDown(x, WAD, y);
    }

    function wDivUp(uint256 x, uint256 y) internal pure returns (uint256) {
        return mulDivUp(x, WAD, y);
    }

    /// @dev e^(rate·elapsed) − 1 by the first three terms of its Taylor series, in WAD.
    /// Rounds down, so interest is never overstated; the missing terms are below 0.01% a year
    /// for rates under 100% APR.
    function wTaylorCompounded(uint256 ratePerSecond, uint256 elapsed) internal pure returns (uint256) {
        uint256 firstTerm = ratePerSecond * elapsed;
        uint256 secondTerm = mulDivDown(firstTerm, firstTerm, 2 * WAD);
        uint256 thirdTerm = mulDivDown(secondTerm, firstTerm, 3 * WAD);
        return firstTerm + secondTerm + thirdTerm;
    }

    function min(uint256 x, uint256 y) internal pure returns (uint256) {
        return x < y ? x : y;
    }

    function max(uint256 x, uint256 y) internal pure returns (uint256) {
        return x > y ? x : y;
    }

    function zeroFloorSub(uint256 x, uint256 y) internal pure returns (uint256) {
        return x > y ? x - y : 0;
    }
}
