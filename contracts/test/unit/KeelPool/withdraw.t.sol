// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {BaseTest} from "../../utils/BaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract WithdrawTest is BaseTest {
    function test_Withdraw_ByShares_ReturnsEverything() public {
        uint256 shares = supply(lender, USDC_R, 1000e6);
        vm.prank(lender);
        (uint256 assets, ) = pool.withdraw(POOL, USDC_R, 0, shares, lender, lender);
        assertEq(assets, 1000e6);
        assertEq(usdc.balanceOf(lender), 1000e6);
        assertEq(pos(lender, USDC_R).supplyShares, 0);
    }

    function test_Withdraw_ByAssets_BurnsSharesRoundedUp() public {
        supply(lender, USDC_R, 1000e6);
        vm.prank(lender);
        (, uint256 burned) = pool.withdraw(POOL, USDC_R, 1, 0, lender, lender);
        assertEq(burned, 1e6);
    }

    function test_Withdraw_WorksWhilePausedAndFrozen() public {
        uint256 shares = supply(lender, USDC_R, 1000e6);
        vm.prank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        vm.prank(riskAdmin);
        configurator.setFrozen(POOL, USDC_R, true);
        vm.prank(lender);
        pool.withdraw(POOL, USDC_R, 0, shares, lender, lender);
        assertEq(usdc.balanceOf(lender), 1000e6);
    }

    function test_Withdraw_WorksWhenPriceFails() public {
        uint256 shares = supply(lender, USDC_R, 1000e6);
        usdcFeed.setAnswer(0);
        vm.prank(lender);
        pool.withdraw(POOL, USDC_R, 0, shares, lender, lender);
    }

    function test_Withdraw_ByOperator() public {
        uint256 shares = supply(lender, USDC_R, 1000e6);
        vm.prank(lender);
        pool.setAuthorization(borrower, true);
        vm.prank(borrower);
        pool.withdraw(POOL, USDC_R, 0, shares, lender, borrower);
        assertEq(usdc.balanceOf(borrower), 1000e6);
    }

    function test_Withdraw_RevertWhen_Unauthorized() public {
        uint256 shares = supply(lender, USDC_R, 1000e6);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, borrower, lender));
        pool.withdraw(POOL, USDC_R, 0, shares, lender, borrower);
    }

    function test_Withdraw_RevertWhen_MoreThanBalance() public {
        uint256 shares = supply(lender, USDC_R, 1000e6);
        vm.prank(lender);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientBalance.selector, shares, shares + 1));
        pool.withdraw(POOL, USDC_R, 0, shares + 1, lender, lender);
    }

    function test_Withdraw_RevertWhen_LiquidityBorrowed() public {
        openPosition(10_000e6);
        uint256 available = state(USDC_R).totalSupplyAssets - state(USDC_R).totalBorrowAssets;
        vm.prank(lender);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientLiquidity.selector, available, 995_000e6));
        pool.withdraw(POOL, USDC_R, 995_000e6, 0, lender, lender);
    }

    function test_Withdraw_RevertWhen_ZeroReceiver() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        pool.withdraw(POOL, USDC_R, 1, 0, lender, address(0));
    }

    function test_Withdraw_RevertWhen_BothAmounts() public {
        vm.expectRevert(IKeelPoolErrors.InconsistentInput.selector);
        pool.withdraw(POOL, USDC_R, 1, 1, lender, lender);
    }

    function test_Withdraw_RevertWhen_SharesWorthZero() public {
        supply(lender, USDC_R, 1000e6);
        vm.prank(lender);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        pool.withdraw(POOL, USDC_R, 0, 1, lender, lender);
    }

    function testFuzz_Withdraw_NeverReturnsMoreThanSupplied(uint256 assets, uint256 part) public {
        assets = bound(assets, 1, 1e24);
        uint256 shares = supply(lender, USDC_R, assets);
        part = bound(part, 1e6, shares);
        vm.startPrank(lender);
        (uint256 first, ) = pool.withdraw(POOL, USDC_R, 0, part, lender, lender);
        uint256 rest = pos(lender, USDC_R).supplyShares;
        uint256 second;
        if (
            rest != 0 && (rest * (state(USDC_R).totalSupplyAssets + 1)) / (state(USDC_R).totalSupplyShares + 1e6) != 0
        ) {
            (second, ) = pool.withdraw(POOL, USDC_R, 0, rest, lender, lender);
        }
        vm.stopPrank();
        assertLe(first + second, assets);
    }
}
