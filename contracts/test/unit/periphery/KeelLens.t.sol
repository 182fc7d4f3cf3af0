// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {KeelLens} from "../../../src/periphery/KeelLens.sol";
import {CrossPoolTest} from "../../utils/CrossPoolTest.sol";

contract KeelLensTest is CrossPoolTest {
    KeelLens internal lens;

    function setUp() public override {
        super.setUp();
        lens = new KeelLens(pool);
    }

    function test_MaxBorrow_IsExactlyBorrowable() public {
        openPosition(5000e6);
        uint256 max = lens.maxBorrow(POOL, borrower, USDC_R);
        assertEq(max, 19_000e6);
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(POOL, USDC_R, max + 1, 0, borrower, borrower);
        borrow(borrower, USDC_R, max);
    }

    /// A first borrow mints debt shares rounded up, and the pool values the new debt from the new totals
    /// rounded up again: at exactly the power by value (10 WETH at 80% is 24,000 USD) the pool refuses,
    /// so the answer is the largest amount it accepts, to the unit, with interest accrued or not.
    function testFuzz_MaxBorrow_FirstBorrowIsExactlyBorrowable(uint256 collateral, uint256 elapsed) public {
        uint256 max = firstBorrowOfTheLensAnswer(bound(collateral, 1e12, 300e18), bound(elapsed, 0, 400 days));
        assertGt(max, 0);
    }

    function test_MaxBorrow_FirstBorrowAfterAYearOfInterest() public {
        uint256 max = firstBorrowOfTheLensAnswer(10e18, 365 days);
        assertApproxEqAbs(max, 24_000e6, 2, "10 WETH at 80% of 3,000 USD, less the rounding of a first borrow");
    }

    /// @dev Another account borrows, `elapsed` passes, then the borrower posts `collateral` WETH and
    /// borrows KeelLens's answer; one unit more is refused.
    function firstBorrowOfTheLensAnswer(uint256 collateral, uint256 elapsed) internal returns (uint256 max) {
        supply(lender, USDC_R, 1_000_000e6);
        supplyCollateral(liquidator, WETH_R, 100e18);
        borrow(liquidator, USDC_R, 100_000e6); // the reserve's debt totals carry interest from here on
        skipTime(elapsed);
        supplyCollateral(borrower, WETH_R, collateral);
        max = lens.maxBorrow(POOL, borrower, USDC_R);
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(POOL, USDC_R, max + 1, 0, borrower, borrower);
        borrow(borrower, USDC_R, max);
    }

    function test_MaxBorrow_SeesEModeItWouldKeepOrLose() public {
        crossSupply(lender, C_WETH, 1000e18);
        crossSupply(lender, C_USDC, 1_000_000e6);
        crossCollateral(borrower, C_LST, 10e18); // 33,000 USD
        assertEq(lens.maxBorrow(CROSS, borrower, C_WETH), 10.23e18, "93% in e-mode");
        assertEq(lens.maxBorrow(CROSS, borrower, C_USDC), 26_400e6, "80% outside it");
    }

    function test_MaxBorrow_CappedByLiquidity() public {
        supply(lender, USDC_R, 1000e6);
        supplyCollateral(borrower, WETH_R, 10e18);
        assertEq(lens.maxBorrow(POOL, borrower, USDC_R), 1000e6 + configurator.MIN_SEED());
    }

    function test_MaxWithdrawCollateral_IsExactlyWithdrawable() public {
        openPosition(12_000e6);
        uint256 max = lens.maxWithdrawCollateral(POOL, borrower, WETH_R);
        assertEq(max, 5e18);
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.withdrawCollateral(POOL, WETH_R, max + 1, borrower, borrower);
        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, max, borrower, borrower);
    }

    /// Whatever the collateral, the debt and the time passed, the answer is the boundary: it can be
    /// withdrawn, and one unit more cannot.
    function testFuzz_MaxWithdrawCollateral_IsTheBoundary(uint256 collateral, uint256 debt, uint256 elapsed) public {
        collateral = bound(collateral, 1e12, 300e18);
        supply(lender, USDC_R, 1_000_000e6);
        supplyCollateral(borrower, WETH_R, collateral);
        uint256 most = lens.maxBorrow(POOL, borrower, USDC_R);
        vm.assume(most > 1);
        borrow(borrower, USDC_R, bound(debt, 1, most));
        skipTime(bound(elapsed, 0, 30 days));
        uint256 max = lens.maxWithdrawCollateral(POOL, borrower, WETH_R);
        if (max < collateral) {
            vm.prank(borrower);
            vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
            pool.withdrawCollateral(POOL, WETH_R, max + 1, borrower, borrower);
        }
        if (max == 0) return;
        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, max, borrower, borrower);
    }

    function test_MaxWithdraw_LimitedByLiquidity() public {
        openPosition(24_000e6);
        assertEq(lens.maxWithdraw(POOL, lender, USDC_R), 1_000_000e6 + configurator.MIN_SEED() - 24_000e6);
    }

    function test_LiquidationPrice_IsWhereHealthCrossesOne() public {
        openPosition(20_400e6); // 10 WETH, threshold 85%: liquidatable below 2,400
        uint256 price = lens.liquidationPrice(POOL, borrower, WETH_R);
        assertEq(price, 2400e18);
        setEthPrice(2400e8 + 1);
        assertGe(health(borrower), 1e18);
        setEthPrice(2400e8 - 1);
        assertLt(health(borrower), 1e18);
    }

    function test_LiquidationPrice_ZeroWithoutDebt() public {
        supplyCollateral(borrower, WETH_R, 1e18);
        assertEq(lens.liquidationPrice(POOL, borrower, WETH_R), 0);
    }

    /// @dev The lens follows the pool: frozen collateral backs no new loan, and withdrawing it is judged
    /// with its own LTV.
    function test_MaxBorrow_FrozenCollateralBacksNothing() public {
        openPosition(10_000e6);
        vm.prank(riskAdmin);
        configurator.setFrozen(POOL, WETH_R, true);
        assertEq(lens.maxBorrow(POOL, borrower, USDC_R), 0);
        uint256 max = lens.maxWithdrawCollateral(POOL, borrower, WETH_R);
        assertGt(max, 0);
        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, max, borrower, borrower);
    }

    /// @dev A collateral without a live price counts for nothing, and withdrawing it all is fine when the
    /// rest covers the debt.
    function test_MaxWithdrawCollateral_UnpricedCollateralBacksNothing() public {
        crossSupply(lender, C_USDC, 100_000e6);
        crossCollateral(borrower, C_WETH, 10e18);
        crossCollateral(borrower, C_WBTC, 1e8);
        crossBorrow(borrower, C_USDC, 10_000e6);
        btcFeed.setAnswer(0);
        uint256 max = lens.maxWithdrawCollateral(CROSS, borrower, C_WBTC);
        assertEq(max, 1e8);
        vm.prank(borrower);
        pool.withdrawCollateral(CROSS, C_WBTC, max, borrower, borrower);
        uint256 byWeth = lens.maxBorrow(CROSS, borrower, C_USDC);
        vm.prank(borrower);
        pool.borrow(CROSS, C_USDC, byWeth, 0, borrower, borrower);
    }
}
