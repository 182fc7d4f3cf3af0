// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {AuctionLib} from "../../../src/libraries/AuctionLib.sol";
import {MathLib} from "../../../src/libraries/MathLib.sol";
import {RateLib} from "../../../src/libraries/RateLib.sol";
import {RAY} from "../../../src/libraries/Constants.sol";

/// @dev The kUSD engine's math: the stability-fee accumulator and the Dutch-auction price curve.
contract CdpMathTest is Test {
    /// @dev RAY × 1.05^(1/31_536_000), rounded down: 5% a year, per second.
    uint256 internal constant FEE_5_PERCENT = 1_000_000_001_547_125_957_863_212_449;
    /// @dev The engine's highest fee (MAX_STABILITY_FEE): about 50% a year.
    uint256 internal constant MAX_FEE = RAY + 12_857_214_317_438_491_660;

    // ----- RateLib.rpow -----

    function test_Rpow_FivePercentOverOneYear() public pure {
        uint256 growth = RateLib.rpow(FEE_5_PERCENT, 365 days);
        assertApproxEqRel(growth, 1.05e27, 1e9, "within 1e-9");
        assertLe(growth, 1.05e27, "never overstated");
    }

    function test_Rpow_ExactForZeroAndOneSecond() public pure {
        assertEq(RateLib.rpow(FEE_5_PERCENT, 0), RAY);
        assertEq(RateLib.rpow(MAX_FEE, 0), RAY);
        assertEq(RateLib.rpow(FEE_5_PERCENT, 1), FEE_5_PERCENT);
        assertEq(RateLib.rpow(MAX_FEE, 1), MAX_FEE);
        assertEq(RateLib.rpow(RAY, 123_456_789), RAY);
    }

    function test_Rpow_ExactPowers() public pure {
        assertEq(RateLib.rpow(2 * RAY, 10), 1_024 * RAY);
        assertEq(RateLib.rpow(1.1e27, 2), 1.21e27);
        assertEq(RateLib.rpow(RAY + 1, 1_000), RAY + 1_000, "(1 + 1e-27)^n rounds to 1 + n x 1e-27");
    }

    function test_Rpow_MaxFeeIsAboutFiftyPercentAYear() public pure {
        // The bound is the largest fee whose year of compounding stays at or below 50%.
        uint256 growth = RateLib.rpow(MAX_FEE, 365 days);
        assertApproxEqRel(growth, 1.5e27, 1e6);
        assertLe(growth, 1.5e27);
    }

    function test_Rpow_SaturatesAtTheGrowthCap() public pure {
        assertEq(RateLib.rpow(2 * RAY, 200), RateLib.GROWTH_CAP);
        assertEq(RateLib.rpow(MAX_FEE, type(uint256).max), RateLib.GROWTH_CAP);
        assertEq(RateLib.rpow(RateLib.GROWTH_CAP, 2), RateLib.GROWTH_CAP);
        // 2^120 / 1e27 ≈ 1.33e9: 2^30 < that < 2^31
        assertEq(RateLib.rpow(2 * RAY, 30), 2 ** 30 * RAY);
        assertEq(RateLib.rpow(2 * RAY, 31), RateLib.GROWTH_CAP);
    }

    function testFuzz_Rpow_NeverRevertsAndStaysUnderTheCap(uint256 fee, uint256 elapsed) public pure {
        fee = bound(fee, RAY, RateLib.GROWTH_CAP);
        assertLe(RateLib.rpow(fee, elapsed), RateLib.GROWTH_CAP);
    }

    function testFuzz_Rpow_MonotonicInTime(uint256 fee, uint256 elapsed, uint256 more) public pure {
        fee = bound(fee, RAY, MAX_FEE);
        elapsed = bound(elapsed, 0, 100 * 365 days);
        more = bound(more, 0, 100 * 365 days);
        assertLe(RateLib.rpow(fee, elapsed), RateLib.rpow(fee, elapsed + more));
    }

    function testFuzz_Rpow_MonotonicInFee(uint256 fee, uint256 higher, uint256 elapsed) public pure {
        fee = bound(fee, RAY, MAX_FEE);
        higher = bound(higher, fee, MAX_FEE);
        elapsed = bound(elapsed, 0, 100 * 365 days);
        assertLe(RateLib.rpow(fee, elapsed), RateLib.rpow(higher, elapsed));
    }

    // ----- RateLib.accrue -----

    function test_Accrue_NoTimeOrNoFeeKeepsTheRate() public pure {
        assertEq(RateLib.accrue(1.3e27, FEE_5_PERCENT, 0), 1.3e27);
        assertEq(RateLib.accrue(1.3e27, RAY, 365 days), 1.3e27);
    }

    function test_Accrue_MultipliesTheRate() public pure {
        assertEq(RateLib.accrue(2e27, 2 * RAY, 3), 16e27);
        assertApproxEqRel(RateLib.accrue(1.05e27, FEE_5_PERCENT, 365 days), 1.1025e27, 1e9);
    }

    function test_Accrue_SaturatesAtUint128Max() public pure {
        assertEq(RateLib.accrue(type(uint128).max, MAX_FEE, 365 days), type(uint128).max);
        assertEq(RateLib.accrue(1e30, MAX_FEE, type(uint40).max), type(uint128).max);
        assertEq(
            RateLib.accrue(RAY, MAX_FEE, type(uint40).max),
            RateLib.GROWTH_CAP,
            "one accrual from RAY stays under"
        );
    }

    // ----- rounding of debt -----

    /// @dev A mint adds amount × RAY / rate rounded up; repaying all burns normalized × rate / RAY rounded
    /// up: a vault never gets back more kUSD than it was minted, so repaying all costs at least that.
    function testFuzz_MintThenRepayAll_NeverOwesLessThanMinted(uint256 amount, uint256 rate) public pure {
        amount = bound(amount, 1, 1e36);
        rate = bound(rate, RAY, type(uint128).max);
        uint256 normalized = MathLib.mulDivUp(amount, RAY, rate);
        uint256 owed = MathLib.mulDivUp(normalized, rate, RAY);
        assertGe(owed, amount);
        assertLe(owed, amount + rate / RAY + 1);
    }

    // ----- AuctionLib.price -----

    function test_Price_AtTheStartIsTheTop() public pure {
        assertEq(AuctionLib.price(2_400e18, 0, 600), 2_400e18);
        assertEq(AuctionLib.price(7, 0, 60), 7);
    }

    function test_Price_OneHalfLifeIsHalf() public pure {
        assertEq(AuctionLib.price(2_400e18, 600, 600), 1_200e18);
        assertEq(AuctionLib.price(2_401, 600, 600), 1_201, "rounded up");
        assertEq(AuctionLib.price(2_400e18, 1_200, 600), 600e18, "two half-lives: a quarter");
        assertEq(AuctionLib.price(2_400e18, 1 days, 1 days), 1_200e18);
    }

    function test_Price_BetweenHalfLives() public pure {
        assertApproxEqRel(AuctionLib.price(2_400e18, 300, 600), 1_697.056274847714e18, 1e8, "2400 / sqrt(2)");
        assertApproxEqRel(AuctionLib.price(1e18, 1, 60), 0.988514020352896e18, 1e8, "2^(-1/60)");
    }

    function test_Price_FarPastDecaysToZero() public pure {
        assertEq(AuctionLib.price(2_400e18, 7 days, 60), 0);
    }

    function testFuzz_Price_DecreasesWithTime(
        uint256 top,
        uint256 elapsed,
        uint256 more,
        uint256 halfLife
    ) public pure {
        top = bound(top, 1, 1e40);
        halfLife = bound(halfLife, 60, 1 days);
        elapsed = bound(elapsed, 0, 7 days);
        more = bound(more, 1, 7 days);
        uint256 earlier = AuctionLib.price(top, elapsed, halfLife);
        uint256 later = AuctionLib.price(top, elapsed + more, halfLife);
        assertLe(later, earlier);
        assertLe(earlier, top);
    }

    function testFuzz_Price_StrictlyDecreasesWhileAboveTheFloor(uint256 elapsed, uint256 halfLife) public pure {
        halfLife = bound(halfLife, 60, 1 days);
        elapsed = bound(elapsed, 0, halfLife * 2); // above a quarter of the top
        assertLt(AuctionLib.price(3_000e18, elapsed + 1, halfLife), AuctionLib.price(3_000e18, elapsed, halfLife));
    }

    // ----- AuctionLib.isStale -----

    function test_IsStale_AtTheFloorIsNotStale() public pure {
        assertFalse(AuctionLib.isStale(1_000e18, 400e18, 4_000, 0, 6 hours));
        assertTrue(AuctionLib.isStale(1_000e18, 400e18 - 1, 4_000, 0, 6 hours));
    }

    function test_IsStale_AtMaxDurationIsNotStale() public pure {
        assertFalse(AuctionLib.isStale(1_000e18, 1_000e18, 4_000, 6 hours, 6 hours));
        assertTrue(AuctionLib.isStale(1_000e18, 1_000e18, 4_000, 6 hours + 1, 6 hours));
    }

    function test_IsStale_DefaultCurveCrossesTheFloorAfter793Seconds() public pure {
        // 2400 × 2^(−t/600) < 960 once t > 600 × log2(2.5) ≈ 793.16
        uint256 top = 2_400e18;
        assertFalse(AuctionLib.isStale(top, AuctionLib.price(top, 793, 600), 4_000, 793, 6 hours));
        assertTrue(AuctionLib.isStale(top, AuctionLib.price(top, 794, 600), 4_000, 794, 6 hours));
    }
}
