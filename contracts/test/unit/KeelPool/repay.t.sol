// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {BaseTest} from "../../utils/BaseTest.sol";

contract RepayTest is BaseTest {
    function test_Repay_AllByShares_LeavesExactlyZero() public {
        openPosition(10_000e6);
        skipTime(30 days);
        uint256 shares = pos(borrower, USDC_R).debtShares;
        usdc.mint(borrower, 1000e6);
        vm.prank(borrower);
        (uint256 assets, ) = pool.repay(POOL, USDC_R, 0, shares, borrower);
        assertGt(assets, 10_000e6, "interest was paid");
        assertEq(pos(borrower, USDC_R).debtShares, 0);
        (, uint16 debtMask) = pool.accountMasks(POOL, borrower);
        assertEq(debtMask, 0);
        assertEq(health(borrower), type(uint256).max);
    }

    function test_Repay_Partial_ByAssets() public {
        openPosition(10_000e6);
        vm.prank(borrower);
        (, uint256 burned) = pool.repay(POOL, USDC_R, 4000e6, 0, borrower);
        assertEq(burned, 4000e6 * 1e6);
        assertEq(state(USDC_R).totalBorrowAssets, 6000e6);
    }

    function test_Repay_MoreAssetsThanOwed_RepaysAllAndPullsOnlyTheDebt() public {
        openPosition(10_000e6);
        skipTime(10 days);
        uint256 owed = debtOf(borrower, USDC_R);
        usdc.mint(borrower, 1000e6);
        uint256 before = usdc.balanceOf(borrower);
        vm.prank(borrower);
        (uint256 assets, ) = pool.repay(POOL, USDC_R, 20_000e6, 0, borrower);
        assertEq(assets, owed);
        assertEq(before - usdc.balanceOf(borrower), owed);
        assertEq(pos(borrower, USDC_R).debtShares, 0);
        assertEq(state(USDC_R).totalBorrowAssets, 0);
    }

    function test_Repay_OnBehalf_ByAnyone() public {
        openPosition(1000e6);
        usdc.mint(lender, 1000e6);
        uint256 shares = pos(borrower, USDC_R).debtShares;
        vm.prank(lender);
        pool.repay(POOL, USDC_R, 0, shares, borrower);
        assertEq(pos(borrower, USDC_R).debtShares, 0);
    }

    function test_Repay_WorksWhilePausedFrozenAndPriceFails() public {
        openPosition(1000e6);
        vm.prank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        vm.prank(riskAdmin);
        configurator.setFrozen(POOL, USDC_R, true);
        setEthPrice(0);
        usdcFeed.setAnswer(0);
        vm.prank(borrower);
        pool.repay(POOL, USDC_R, 500e6, 0, borrower);
        assertEq(state(USDC_R).totalBorrowAssets, 500e6);
    }

    function test_Repay_RevertWhen_ExceedsDebt() public {
        openPosition(1000e6);
        uint256 shares = pos(borrower, USDC_R).debtShares;
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.RepayExceedsDebt.selector, shares, shares + 1));
        pool.repay(POOL, USDC_R, 0, shares + 1, borrower);
    }

    function test_Repay_RevertWhen_Inconsistent() public {
        vm.expectRevert(IKeelPoolErrors.InconsistentInput.selector);
        pool.repay(POOL, USDC_R, 0, 0, borrower);
        vm.expectRevert(IKeelPoolErrors.InconsistentInput.selector);
        pool.repay(POOL, USDC_R, 1, 1, borrower);
    }

    function testFuzz_Repay_AllAlwaysPossibleAndZero(uint256 debt, uint256 elapsed) public {
        debt = bound(debt, 1e6, 24_000e6);
        elapsed = bound(elapsed, 0, 3 * 365 days);
        openPosition(debt);
        skipTime(elapsed);
        usdc.mint(borrower, debt);
        uint256 shares = pos(borrower, USDC_R).debtShares;
        vm.prank(borrower);
        pool.repay(POOL, USDC_R, 0, shares, borrower);
        assertEq(pos(borrower, USDC_R).debtShares, 0);
        assertEq(pool.accountHealth(POOL, borrower).debtValue, 0);
    }
}
