// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {IOracleErrors} from "../../src/interfaces/IOracleErrors.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice O3 (Venus/LUNA 2022): the feed sat at its minimum answer while the market crashed, or
/// went stale. A price at a bound, stale, or ≤ 0 blocks borrowing and withdrawing collateral: a
/// collateral without a live price backs nothing (`UnpricedCollateral` names it), a debt without
/// one reverts with the adapter's error. Repay and adding collateral still work.
contract O3FailedPriceAttack is BaseTest {
    function setUp() public override {
        super.setUp();
        openPosition(10_000e6);
        usdc.mint(borrower, 10_000e6);
    }

    function assertRiskBlockedSafetyOpen(bytes4 expected) internal {
        vm.startPrank(borrower);
        vm.expectPartialRevert(expected);
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, borrower);
        vm.expectPartialRevert(expected);
        pool.withdrawCollateral(POOL, WETH_R, 1, borrower, borrower);
        pool.repay(POOL, USDC_R, 1e6, 0, borrower);
        vm.stopPrank();
        supplyCollateral(borrower, WETH_R, 1e18);
    }

    function test_Attack_FeedStuckAtMinimumAnswer() public {
        // The adapter's bounds are [1, 1e20] (8 decimals); an answer at the floor is a circuit breaker.
        setEthPrice(1);
        assertRiskBlockedSafetyOpen(IKeelPoolErrors.UnpricedCollateral.selector);
    }

    function test_Attack_StaleFeed() public {
        vm.warp(block.timestamp + 1 days + 1);
        usdcFeed.setAnswer(1e8); // the debt's feed is live again; the collateral's stays stale
        assertRiskBlockedSafetyOpen(IKeelPoolErrors.UnpricedCollateral.selector);
        ethFeed.setAnswer(3000e8);
        vm.warp(vm.getBlockTimestamp() + 1 days + 1);
        ethFeed.setAnswer(3000e8); // now the debt's feed is stale: its adapter's error is raised
        assertRiskBlockedSafetyOpen(IOracleErrors.StalePrice.selector);
    }

    function test_Attack_NonPositiveFeed() public {
        setEthPrice(0);
        assertRiskBlockedSafetyOpen(IKeelPoolErrors.UnpricedCollateral.selector);
        setEthPrice(-1);
        assertRiskBlockedSafetyOpen(IKeelPoolErrors.UnpricedCollateral.selector);
    }
}
