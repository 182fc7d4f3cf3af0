// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPool} from "../../../src/interfaces/IKeelPool.sol";
import {Vm} from "forge-std/Vm.sol";
import {BaseTest} from "../../utils/BaseTest.sol";

/// @dev Every state change emits enough to rebuild state off-chain: amounts and shares as booked.
contract EventsTest is BaseTest {
    function test_Events_SupplyWithdrawBorrowRepay() public {
        usdc.mint(lender, 1000e6);
        vm.expectEmit(address(pool));
        emit IKeelPool.Supply(POOL, USDC_R, lender, lender, 1000e6, 1000e6 * 1e6);
        vm.prank(lender);
        pool.supply(POOL, USDC_R, 1000e6, 0, lender);

        weth.mint(borrower, 1e18);
        vm.expectEmit(address(pool));
        emit IKeelPool.SupplyCollateral(POOL, WETH_R, borrower, borrower, 1e18);
        vm.prank(borrower);
        pool.supplyCollateral(POOL, WETH_R, 1e18, borrower);

        vm.expectEmit(address(pool));
        emit IKeelPool.Borrow(POOL, USDC_R, borrower, borrower, borrower, 100e6, 100e6 * 1e6);
        vm.prank(borrower);
        pool.borrow(POOL, USDC_R, 100e6, 0, borrower, borrower);

        vm.expectEmit(address(pool));
        emit IKeelPool.Repay(POOL, USDC_R, borrower, borrower, 100e6, 100e6 * 1e6);
        vm.prank(borrower);
        pool.repay(POOL, USDC_R, 0, 100e6 * 1e6, borrower);

        vm.expectEmit(address(pool));
        emit IKeelPool.WithdrawCollateral(POOL, WETH_R, borrower, borrower, lender, 1e18);
        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, 1e18, borrower, lender);

        vm.expectEmit(address(pool));
        emit IKeelPool.Withdraw(POOL, USDC_R, lender, lender, lender, 500e6, 500e6 * 1e6);
        vm.prank(lender);
        pool.withdraw(POOL, USDC_R, 500e6, 0, lender, lender);
    }

    function test_Events_AccrueInterestAndTreasury() public {
        openPosition(10_000e6);
        vm.warp(block.timestamp + 1 days);
        vm.recordLogs();
        pool.accrueInterest(POOL, USDC_R);
        assertEq(vm.getRecordedLogs()[0].topics[0], IKeelPool.AccrueInterest.selector);
        uint256 shares = state(USDC_R).treasuryShares;
        vm.expectEmit(address(pool));
        emit IKeelPool.CollectTreasury(POOL, USDC_R, treasury, shares, 0);
        pool.collectTreasury(POOL, USDC_R);
    }

    /// A reserve that owes nothing accrues nothing: its clock moves and no AccrueInterest is emitted.
    function test_Events_NoAccrueInterestWithoutDebt() public {
        supply(lender, USDC_R, 1_000_000e6);
        vm.warp(vm.getBlockTimestamp() + 1 days);
        vm.recordLogs();
        pool.accrueInterest(POOL, USDC_R);
        assertEq(vm.getRecordedLogs().length, 0);
        assertEq(state(USDC_R).lastUpdate, vm.getBlockTimestamp());

        supplyCollateral(borrower, WETH_R, 10e18);
        borrow(borrower, USDC_R, 1000e6);
        vm.warp(vm.getBlockTimestamp() + 1 days);
        vm.recordLogs();
        pool.accrueInterest(POOL, USDC_R);
        assertEq(vm.getRecordedLogs()[0].topics[0], IKeelPool.AccrueInterest.selector);
    }

    function test_Events_LiquidateAndBadDebt() public {
        openPosition(24_000e6);
        setEthPrice(1000e8);
        usdc.mint(liquidator, 100_000e6);
        vm.recordLogs();
        vm.prank(liquidator);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, type(uint256).max, liquidator);
        bool sawLiquidate;
        bool sawBadDebt;
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IKeelPool.Liquidate.selector) sawLiquidate = true;
            if (logs[i].topics[0] == IKeelPool.RealizeBadDebt.selector) sawBadDebt = true;
        }
        assertTrue(sawLiquidate && sawBadDebt);
    }

    function test_Events_Authorization() public {
        vm.expectEmit(address(pool));
        emit IKeelPool.SetAuthorization(borrower, borrower, lender, true);
        vm.prank(borrower);
        pool.setAuthorization(lender, true);
        vm.expectEmit(address(pool));
        emit IKeelPool.ApproveDelegation(borrower, lender, POOL, USDC_R, 5);
        vm.prank(borrower);
        pool.approveDelegation(POOL, USDC_R, lender, 5);
    }
}
