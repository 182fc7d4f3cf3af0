// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {ReserveState} from "../../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../../utils/BaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract LiquidateTest is BaseTest {
    function setUp() public override {
        super.setUp();
        openPosition(24_000e6); // 10 WETH at 3000, debt at the LTV limit
        usdc.mint(liquidator, 10_000_000e6);
    }

    function liquidate(uint256 maxRepay) internal returns (uint256 repaid, uint256 seized) {
        vm.prank(liquidator);
        return pool.liquidate(POOL, borrower, WETH_R, USDC_R, maxRepay, liquidator);
    }

    function test_Liquidate_RestoresTargetHealthAndNoMore() public {
        setEthPrice(2800e8); // health 0.9917
        uint256 before = health(borrower);
        (uint256 repaid, uint256 seized) = liquidate(type(uint256).max);
        uint256 afterHealth = health(borrower);
        assertGt(afterHealth, before);
        assertApproxEqRel(afterHealth, 1.05e18, 1e12, "target health 1.05");
        assertLt(repaid, 24_000e6 / 2, "only what the target needs");
        assertEq(
            weth.balanceOf(liquidator),
            seized - (pos(address(0), 0).collateral + state(WETH_R).treasuryCollateral)
        );
    }

    function test_Liquidate_IncentiveGrowsWithShortfall() public {
        uint256 snap = vm.snapshotState();
        setEthPrice(2820e8);
        (uint256 repaidA, uint256 seizedA) = liquidate(1000e6);
        vm.revertToState(snap);
        setEthPrice(2700e8);
        (uint256 repaidB, uint256 seizedB) = liquidate(1000e6);
        // value seized per unit repaid, in USD
        uint256 bonusA = (seizedA * 2820 * 1e6) / (repaidA * 1e18);
        uint256 bonusB = (seizedB * 2700 * 1e6) / (repaidB * 1e18);
        assertGe(bonusB, bonusA);
        assertLe((seizedB * 2700) / 1e12, (repaidB * 108) / 100 + 1, "capped at the reserve bound of 8%");
        assertGe((seizedA * 2820) / 1e12, (repaidA * 101) / 100, "at least the base incentive of 1%");
    }

    function test_Liquidate_ProtocolFeeGoesToTreasury() public {
        setEthPrice(2800e8);
        liquidate(type(uint256).max);
        uint256 fee = state(WETH_R).treasuryCollateral;
        assertGt(fee, 0);
        pool.collectTreasury(POOL, WETH_R);
        assertEq(pos(treasury, WETH_R).collateral, fee);
        vm.prank(treasury);
        pool.withdrawCollateral(POOL, WETH_R, fee, treasury, treasury);
        assertEq(weth.balanceOf(treasury), fee);
    }

    function test_Liquidate_DeepUnhealthy_ClosesAndRealizesBadDebt() public {
        // Let the treasury earn some reserve-factor shares first.
        skipTime(365 days);
        ethFeed.setAnswer(2000e8); // collateral 20,000 < debt: insolvent
        pool.accrueInterest(POOL, USDC_R);
        ReserveState memory before = state(USDC_R);
        assertGt(before.treasuryShares, 0);
        (uint256 repaid, uint256 seized) = liquidate(type(uint256).max);
        assertEq(seized, 10e18, "all collateral seized");
        assertEq(pos(borrower, USDC_R).debtShares, 0, "remaining debt written off");
        ReserveState memory afterState = state(USDC_R);
        assertEq(afterState.treasuryShares, 0, "reserves absorbed the loss first");
        assertLt(afterState.totalSupplyAssets, before.totalSupplyAssets, "rest socialized");
        assertEq(afterState.totalBorrowAssets, 0);
        assertGt(repaid, 0);
    }

    function test_Liquidate_RevertWhen_MustCloseButTooSmall() public {
        // Health 0.885, and the collateral covers the debt by only 4.2%, less than the 8% incentive: the
        // incentive is capped at that margin, where a partial liquidation cannot raise health.
        ethFeed.setAnswer(2500e8);
        vm.prank(liquidator);
        vm.expectPartialRevert(IKeelPoolErrors.LiquidationMustClose.selector);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, 100e6, liquidator);
    }

    function test_Liquidate_NeverLeavesDust() public {
        vm.prank(borrower);
        pool.repay(POOL, USDC_R, 23_985e6, 0, borrower); // 15 USDC left
        setEthPrice(1e8); // deeply under water
        liquidate(type(uint256).max);
        assertEq(pos(borrower, USDC_R).debtShares, 0);
    }

    function test_Liquidate_RevertWhen_PartialLeavesDust() public {
        vm.startPrank(borrower);
        pool.repay(POOL, USDC_R, 23_985e6, 0, borrower); // 15 USDC left
        pool.withdrawCollateral(POOL, WETH_R, 9.99e18, borrower, borrower); // 0.01 WETH left
        vm.stopPrank();
        setEthPrice(1700e8); // health 0.96; the target needs ~8 USDC, which would leave dust, so the cap is all 15
        vm.prank(liquidator);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.LiquidationMustClose.selector, 15e6));
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, 12e6, liquidator); // would leave 3 USDC
        vm.prank(liquidator);
        (uint256 repaid, ) = pool.liquidate(POOL, borrower, WETH_R, USDC_R, 15e6, liquidator);
        assertEq(repaid, 15e6);
        assertEq(pos(borrower, USDC_R).debtShares, 0);
    }

    function test_Liquidate_WorksWhilePausedAndFrozen() public {
        vm.startPrank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        configurator.setPaused(POOL, WETH_R, true);
        vm.stopPrank();
        vm.prank(riskAdmin);
        configurator.setFrozen(POOL, USDC_R, true);
        setEthPrice(2800e8);
        (uint256 repaid, ) = liquidate(type(uint256).max);
        assertGt(repaid, 0);
    }

    function test_Liquidate_RevertWhen_Healthy() public {
        vm.prank(liquidator);
        vm.expectPartialRevert(IKeelPoolErrors.HealthyPosition.selector);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, 1e6, liquidator);
    }

    function test_Liquidate_RevertWhen_PriceFails() public {
        ethFeed.setRound(2800e8, block.timestamp, block.timestamp);
        vm.warp(block.timestamp + 2 days);
        vm.prank(liquidator);
        vm.expectPartialRevert(IOracleErrors.StalePrice.selector);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, 1e6, liquidator);
    }

    function test_Liquidate_RevertWhen_NothingToLiquidate() public {
        vm.prank(liquidator);
        vm.expectRevert(IKeelPoolErrors.NothingToLiquidate.selector);
        pool.liquidate(POOL, lender, WETH_R, USDC_R, 1e6, liquidator);
    }

    function test_Liquidate_RevertWhen_ZeroInputs() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, 1e6, address(0));
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, 0, liquidator);
    }

    /// @dev L2: every liquidation improves health or closes the position, and leaves no sub-dust debt.
    function testFuzz_Liquidate_ImprovesHealthOrCloses(uint256 price, uint256 maxRepay) public {
        price = bound(price, 500e8, 2820e8); // health < 1 below 2823.5
        maxRepay = bound(maxRepay, 1e6, 30_000e6);
        setEthPrice(int256(price));
        uint256 before = health(borrower);
        vm.prank(liquidator);
        try pool.liquidate(POOL, borrower, WETH_R, USDC_R, maxRepay, liquidator) {
            uint256 debtLeft = debtOf(borrower, USDC_R);
            bool closed = debtLeft == 0 || pos(borrower, WETH_R).collateral == 0;
            assertTrue(closed || health(borrower) > before, "health must improve");
            assertTrue(debtLeft == 0 || debtLeft >= 10e6, "no dust debt");
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), IKeelPoolErrors.LiquidationMustClose.selector);
        }
    }
}

/// The treasury's collateral is a uint120 (it shares a slot, decision 0034). A liquidation whose
/// protocol fee would overflow it takes the fee up to the room left and leaves the rest with the
/// liquidator: the fee can never make a liquidation revert.
contract LiquidationFeeCapTest is BaseTest {
    function test_Liquidate_FeeBeyondTheTreasuryFieldStaysWithTheLiquidator() public {
        wethParams.liquidationFeeBps = 5000;
        updateReserve(WETH_R, wethParams);
        setEthPrice(300); // 3e-6 USD a token: 1e38 units (1e20 tokens) are worth 3e14 USD
        supply(lender, USDC_R, 3e20);
        supplyCollateral(borrower, WETH_R, 1e38);
        borrow(borrower, USDC_R, 2.3e20); // 2.3e14 USDC against 2.4e14 of borrowing power
        setEthPrice(250); // health 0.92

        usdc.mint(liquidator, 3e20);
        vm.prank(liquidator);
        (, uint256 seized) = pool.liquidate(POOL, borrower, WETH_R, USDC_R, type(uint256).max, liquidator);

        uint256 room = type(uint120).max;
        assertEq(state(WETH_R).treasuryCollateral, room, "the fee fills the field and no more");
        assertEq(weth.balanceOf(liquidator), seized - room, "the rest of the fee stays with the liquidator");
        assertEq(state(WETH_R).totalCollateral, pos(borrower, WETH_R).collateral + room);
    }
}
