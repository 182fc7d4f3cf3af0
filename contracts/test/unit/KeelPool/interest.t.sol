// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {ReserveState} from "../../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../../utils/BaseTest.sol";

contract InterestTest is BaseTest {
    function test_AccrueInterest_CompoundsAndPaysReserveFactor() public {
        openPosition(24_000e6); // utilization ~2.4%
        vm.warp(block.timestamp + 365 days);
        ReserveState memory expected = pool.expectedReserveState(POOL, USDC_R);
        pool.accrueInterest(POOL, USDC_R);
        ReserveState memory s = state(USDC_R);
        assertEq(abi.encode(s), abi.encode(expected), "the view predicts the accrual exactly");
        uint256 interest = s.totalBorrowAssets - 24_000e6;
        // rate = 4% × 0.024/0.9 a year ≈ 0.1067%; compounded ≈ 25.6 USDC.
        assertApproxEqRel(interest, 25.6e6, 0.01e18);
        assertEq(s.totalSupplyAssets - (1_000_000e6 + configurator.MIN_SEED()), interest);
        uint256 treasuryValue = (uint256(s.treasuryShares) * (s.totalSupplyAssets + 1)) / (s.totalSupplyShares + 1e6);
        assertApproxEqAbs(treasuryValue, interest / 10, 2, "10% reserve factor");
    }

    function test_AccrueInterest_SameBlockIsNoop() public {
        openPosition(1000e6);
        vm.warp(block.timestamp + 1 days);
        pool.accrueInterest(POOL, USDC_R);
        ReserveState memory once = state(USDC_R);
        pool.accrueInterest(POOL, USDC_R);
        assertEq(abi.encode(state(USDC_R)), abi.encode(once));
    }

    function test_AccrueInterest_SplitPeriodsNeverExceedOnePeriod() public {
        openPosition(20_000e6);
        uint256 snap = vm.snapshotState();
        vm.warp(block.timestamp + 30 days);
        pool.accrueInterest(POOL, USDC_R);
        uint256 oneShot = state(USDC_R).totalBorrowAssets;
        vm.revertToState(snap);
        // A local clock: with via-IR, block.timestamp may be read once per call frame.
        uint256 clock = vm.getBlockTimestamp();
        for (uint256 i; i < 30; ++i) {
            clock += 1 days;
            vm.warp(clock);
            pool.accrueInterest(POOL, USDC_R);
        }
        // Daily compounding earns at least as much as one 30-day Taylor step, and within 0.01%.
        assertGe(state(USDC_R).totalBorrowAssets, oneShot);
        assertApproxEqRel(state(USDC_R).totalBorrowAssets, oneShot, 1e14);
    }

    function test_AccrueInterest_RevertWhen_UnknownReserve() public {
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.UnknownReserve.selector, 7, 0));
        pool.accrueInterest(7, 0);
    }

    function testFuzz_AccrueInterest_IndexNeverDecreases(uint256 debt, uint256 elapsed) public {
        debt = bound(debt, 1, 24_000e6);
        elapsed = bound(elapsed, 1, 10 * 365 days);
        openPosition(debt);
        ReserveState memory before = state(USDC_R);
        vm.warp(block.timestamp + elapsed);
        pool.accrueInterest(POOL, USDC_R);
        ReserveState memory afterState = state(USDC_R);
        assertGe(afterState.totalBorrowAssets, before.totalBorrowAssets);
        // Supply share price never falls: assets/shares after >= before (cross-multiplied).
        assertGe(
            uint256(afterState.totalSupplyAssets + 1) * (before.totalSupplyShares + 1e6),
            uint256(before.totalSupplyAssets + 1) * (afterState.totalSupplyShares + 1e6)
        );
    }
}
