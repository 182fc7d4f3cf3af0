// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IOracleErrors} from "../../src/interfaces/IOracleErrors.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice O3 (Venus/LUNA 2022): the feed sat at its minimum answer while the market crashed, or
/// went stale. A price at a bound, stale, or ≤ 0 blocks borrowing and withdrawing collateral;
/// repay and adding collateral still work.
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
        assertRiskBlockedSafetyOpen(IOracleErrors.PriceOutOfBounds.selector);
    }

    function test_Attack_StaleFeed() public {
        vm.warp(block.timestamp + 1 days + 1);
        usdcFeed.setAnswer(1e8);
        assertRiskBlockedSafetyOpen(IOracleErrors.StalePrice.selector);
    }

    function test_Attack_NonPositiveFeed() public {
        setEthPrice(0);
        assertRiskBlockedSafetyOpen(IOracleErrors.NonPositivePrice.selector);
        setEthPrice(-1);
        assertRiskBlockedSafetyOpen(IOracleErrors.NonPositivePrice.selector);
    }
}
