// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {AdaptiveRateModel} from "../../../src/irm/AdaptiveRateModel.sol";
import {KinkedRateModel} from "../../../src/irm/KinkedRateModel.sol";

contract RateModelsTest is Test {
    KinkedRateModel internal kinked;
    AdaptiveRateModel internal adaptive;

    function setUp() public {
        vm.warp(1_700_000_000);
        kinked = new KinkedRateModel(0.01e18, 0.04e18, 0.75e18, 0.8e18);
        adaptive = new AdaptiveRateModel(0.9e18, 4e18, 50e18, [uint256(0.04e18), 0.001e18, 2e18]);
    }

    function test_Kinked_Shape() public view {
        assertEq(kinked.borrowRate(0, 0, 0, 0), kinked.baseRate(), "empty reserve pays the base");
        assertEq(kinked.rateAt(0.8e18), kinked.baseRate() + kinked.slope1(), "at the kink");
        assertEq(kinked.rateAt(1e18), kinked.baseRate() + kinked.slope1() + kinked.slope2(), "at full use");
        assertEq(kinked.rateAt(0.4e18), kinked.baseRate() + kinked.slope1() / 2);
        assertEq(kinked.utilization(100, 150), 1e18, "capped at 1");
    }

    function test_Kinked_RevertWhen_BadOptimal() public {
        vm.expectRevert(abi.encodeWithSelector(KinkedRateModel.InvalidOptimalUtilization.selector, 1e18));
        new KinkedRateModel(0, 1, 1, 1e18);
    }

    function testFuzz_Kinked_Monotonic(uint256 a, uint256 b) public view {
        a = bound(a, 0, 1e18);
        b = bound(b, a, 1e18);
        assertLe(kinked.rateAt(a), kinked.rateAt(b));
    }

    function test_Adaptive_CurveAroundTarget() public {
        uint256 atTarget = adaptive.borrowRate(0, 0, 100, 90);
        assertEq(atTarget, uint256(0.04e18) / 365 days, "first call: initial rate at target");
        uint256 full = adaptive.borrowRateView(address(this), 0, 1, 100, 100);
        uint256 empty = adaptive.borrowRateView(address(this), 0, 1, 100, 0);
        assertApproxEqRel(full, atTarget * 4, 1e12, "steepness 4 at full use");
        assertApproxEqRel(empty, atTarget / 4, 1e12, "1/4 when idle");
    }

    function test_Adaptive_DriftsUpAboveTargetDownBelow() public {
        adaptive.borrowRate(0, 0, 100, 100);
        uint256 start = uint256(0.04e18) / 365 days;
        vm.warp(vm.getBlockTimestamp() + 5 days);
        adaptive.borrowRate(0, 0, 100, 100);
        (uint128 risen, ) = adaptive.curves(keccak256(abi.encode(address(this), uint256(0), uint256(0))));
        // e^(50/year × 5 days) ≈ 1.98
        assertApproxEqRel(risen, (start * 198) / 100, 0.01e18);
        vm.warp(vm.getBlockTimestamp() + 5 days);
        adaptive.borrowRate(0, 0, 100, 0);
        (uint128 fallen, ) = adaptive.curves(keccak256(abi.encode(address(this), uint256(0), uint256(0))));
        assertApproxEqRel(fallen, start, 0.01e18, "the same time at full error below undoes it");
    }

    function test_Adaptive_StateIsPerCaller() public {
        adaptive.borrowRate(0, 0, 100, 100);
        vm.warp(block.timestamp + 30 days);
        vm.prank(address(0xBAD));
        adaptive.borrowRate(0, 0, 100, 100);
        (uint128 mine, ) = adaptive.curves(keccak256(abi.encode(address(this), uint256(0), uint256(0))));
        assertEq(mine, uint256(0.04e18) / 365 days, "another caller cannot move this curve");
    }

    function test_Adaptive_BoundedAtMax() public {
        adaptive.borrowRate(0, 0, 100, 100);
        vm.warp(block.timestamp + 3650 days);
        adaptive.borrowRate(0, 0, 100, 100);
        (uint128 capped, ) = adaptive.curves(keccak256(abi.encode(address(this), uint256(0), uint256(0))));
        assertEq(capped, uint256(2e18) / 365 days);
    }

    function test_Adaptive_RevertWhen_BadParameters() public {
        vm.expectRevert(AdaptiveRateModel.InvalidParameter.selector);
        new AdaptiveRateModel(1e18, 4e18, 50e18, [uint256(0.04e18), 0.001e18, 2e18]);
        vm.expectRevert(AdaptiveRateModel.InvalidParameter.selector);
        new AdaptiveRateModel(0.9e18, 1e18, 50e18, [uint256(0.04e18), 0.001e18, 2e18]);
    }
}
