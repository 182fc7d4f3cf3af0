// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {MathLib} from "./MathLib.sol";
import {SharesMathLib} from "./SharesMathLib.sol";
import {BPS, WAD} from "./Constants.sol";

/// @title InterestLib
/// @notice Interest accrued on a reserve over a period, and the treasury's cut of it.
library InterestLib {
    using MathLib for uint256;
    using SharesMathLib for uint256;

    /// @param totalSupplyAssets Supply before the accrual.
    /// @param totalSupplyShares Supply shares before the accrual.
    /// @param totalBorrowAssets Debt before the accrual.
    /// @param ratePerSecond Borrow rate in WAD per second.
    /// @param elapsed Seconds since the last accrual.
    /// @param reserveFactorBps Share of the interest paid to the treasury.
    /// @param remainderIn Interest below one token unit left over by the last accrual, in WAD of a unit.
    /// @return interest Added to both total debt and total supply; rounds down, so suppliers are never
    /// credited more than borrowers owe.
    /// @return feeShares Supply shares minted to the treasury; rounds down, in favour of the other suppliers.
    /// @return remainderOut The part of a unit that rounding down left over, carried to the next accrual
    /// so that no interest is lost however often the reserve accrues (security catalog I1). A reserve
    /// with no debt carries nothing.
    function accrued(
        uint256 totalSupplyAssets,
        uint256 totalSupplyShares,
        uint256 totalBorrowAssets,
        uint256 ratePerSecond,
        uint256 elapsed,
        uint256 reserveFactorBps,
        uint256 remainderIn
    ) internal pure returns (uint256 interest, uint256 feeShares, uint256 remainderOut) {
        if (totalBorrowAssets == 0) return (0, 0, 0);
        uint256 interestWad = totalBorrowAssets * ratePerSecond.wTaylorCompounded(elapsed) + remainderIn;
        // Rounding: down to whole units; the fraction (< WAD) is not dropped but carried.
        interest = interestWad / WAD;
        remainderOut = interestWad % WAD;
        if (reserveFactorBps != 0 && interest != 0) {
            uint256 feeAssets = interest.mulDivDown(reserveFactorBps, BPS);
            // The fee is priced against the supply that already includes the suppliers' part of the interest.
            feeShares = feeAssets.toSharesDown(totalSupplyAssets + interest - feeAssets, totalSupplyShares);
        }
    }
}
