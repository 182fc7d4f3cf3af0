// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {CrossPoolTest} from "../utils/CrossPoolTest.sol";

/// @notice G2 (outside review MM-07): pausing or freezing a collateral-only reserve did nothing:
/// 100 WETH posted to a paused and frozen reserve backed a 200k loan. Now a frozen or paused reserve
/// gives no borrowing power (the guardian's lever on a compromised collateral), while it keeps its
/// liquidation threshold, so a pause liquidates nobody, and repay, liquidation, adding collateral and
/// withdrawals of healthy positions keep working.
contract G2PausedCollateralAttack is CrossPoolTest {
    function setUp() public override {
        super.setUp();
        crossSupply(lender, C_USDC, 1_000_000e6);
        usdc.mint(borrower, 1_000_000e6);
        usdc.mint(liquidator, 1_000_000e6);
    }

    function pauseAndFreezeWbtc() internal {
        vm.prank(guardian);
        configurator.setPaused(CROSS, C_WBTC, true);
        vm.prank(riskAdmin);
        configurator.setFrozen(CROSS, C_WBTC, true);
    }

    function test_Attack_PausedCollateralBacksNoNewLoan() public {
        pauseAndFreezeWbtc();
        crossCollateral(borrower, C_WBTC, 5e8); // 300,000 of a collateral the guardian paused
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(CROSS, C_USDC, 200_000e6, 0, borrower, borrower);
    }

    function test_Attack_FrozenCollateralBacksNoNewLoan() public {
        vm.prank(riskAdmin);
        configurator.setFrozen(CROSS, C_WBTC, true);
        crossCollateral(borrower, C_WBTC, 5e8);
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(CROSS, C_USDC, 1e6, 0, borrower, borrower);
    }

    /// @dev Posting paused collateral and taking out the open collateral it would replace is refused too.
    function test_Attack_PausedCollateralCannotReplaceOpenCollateral() public {
        crossCollateral(borrower, C_WETH, 100e18); // 300,000
        crossBorrow(borrower, C_USDC, 200_000e6);
        pauseAndFreezeWbtc();
        crossCollateral(borrower, C_WBTC, 5e8);
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.withdrawCollateral(CROSS, C_WETH, 50e18, borrower, borrower);
    }

    /// @dev An account already backed by the paused collateral is neither liquidated nor trapped.
    function test_PauseTrapsNobody() public {
        crossCollateral(borrower, C_WBTC, 5e8); // 300,000 at LTV 70%: 210,000 of power
        crossBorrow(borrower, C_USDC, 100_000e6);
        pauseAndFreezeWbtc();

        assertGt(pool.healthFactor(CROSS, borrower), 1e18, "the threshold still counts: no liquidation");
        vm.prank(liquidator);
        vm.expectPartialRevert(IKeelPoolErrors.HealthyPosition.selector);
        pool.liquidate(CROSS, borrower, C_WBTC, C_USDC, type(uint256).max, liquidator);

        vm.startPrank(borrower);
        pool.repay(CROSS, C_USDC, 10_000e6, 0, borrower);
        // Withdrawing the paused collateral itself lowers the exposure: its own LTV still counts.
        pool.withdrawCollateral(CROSS, C_WBTC, 2e8, borrower, borrower);
        vm.stopPrank();
        crossCollateral(borrower, C_WBTC, 1e8); // adding collateral still works

        btcFeed.setAnswer(20_000e8); // a crash: liquidation still works on the paused reserve
        vm.prank(liquidator);
        (uint256 repaid, ) = pool.liquidate(CROSS, borrower, C_WBTC, C_USDC, type(uint256).max, liquidator);
        assertGt(repaid, 0);
    }
}
