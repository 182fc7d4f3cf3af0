// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {AccountHealth} from "../../../src/interfaces/PoolTypes.sol";
import {CrossPoolTest} from "../../utils/CrossPoolTest.sol";

contract CrossPoolOperationsTest is CrossPoolTest {
    /// The first collateral is kept in the account's mask slot and the others in their positions
    /// (decision 0033); when the first is gone, the next new one takes the slot. Whatever the order,
    /// each reserve's collateral is counted once, in `position` and in the valuation, and the masks
    /// follow it.
    function test_Collateral_EachReserveCountedOnceWhereverItIsKept() public {
        crossCollateral(borrower, C_WETH, 10e18); // kept with the masks
        crossCollateral(borrower, C_WBTC, 1e8); // kept in its position
        crossCollateral(borrower, C_WETH, 1e18); // a top-up stays where the reserve's collateral is
        assertEq(pool.position(CROSS, borrower, C_WETH).collateral, 11e18);
        assertEq(pool.position(CROSS, borrower, C_WBTC).collateral, 1e8);
        assertEq(pool.accountHealth(CROSS, borrower).collateralValue, 33_000e18 + 60_000e18);

        vm.prank(borrower);
        pool.withdrawCollateral(CROSS, C_WETH, 11e18, borrower, borrower);
        crossCollateral(borrower, C_LST, 1e18); // the freed slot goes to the next new reserve
        crossCollateral(borrower, C_WBTC, 1e8); // the WBTC already posted stays in its position
        assertEq(pool.position(CROSS, borrower, C_WETH).collateral, 0);
        assertEq(pool.position(CROSS, borrower, C_WBTC).collateral, 2e8);
        assertEq(pool.position(CROSS, borrower, C_LST).collateral, 1e18);
        (uint16 collateralMask, ) = pool.accountMasks(CROSS, borrower);
        assertEq(collateralMask, (1 << C_WBTC) | (1 << C_LST));
        assertEq(pool.accountHealth(CROSS, borrower).collateralValue, 120_000e18 + 3300e18);

        vm.startPrank(borrower);
        pool.withdrawCollateral(CROSS, C_WBTC, 2e8, borrower, borrower);
        pool.withdrawCollateral(CROSS, C_LST, 1e18, borrower, borrower);
        vm.stopPrank();
        (collateralMask, ) = pool.accountMasks(CROSS, borrower);
        assertEq(collateralMask, 0);
        assertEq(pool.accountHealth(CROSS, borrower).collateralValue, 0);
        assertEq(pool.reserveState(CROSS, C_WBTC).totalCollateral, 0);
    }

    /// The first debt is kept in the account's header and the others in their positions (decision
    /// 0034); when the first is repaid, the next new one takes the header. Whatever the order, each
    /// debt is counted once, in `position` and in the valuation, and the masks follow it.
    function test_Debt_EachReserveCountedOnceWhereverItIsKept() public {
        crossSupply(lender, C_USDC, 1_000_000e6);
        crossSupply(lender, C_DAI, 1_000_000e18);
        crossSupply(lender, C_WETH, 1000e18);
        crossCollateral(borrower, C_WBTC, 10e8); // 600,000 USD × 70%
        crossBorrow(borrower, C_USDC, 10_000e6); // kept in the header
        crossBorrow(borrower, C_DAI, 5000e18); // kept in its position
        crossBorrow(borrower, C_USDC, 1000e6); // a top-up stays where the reserve's debt is
        assertApproxEqAbs(pool.accountHealth(CROSS, borrower).debtValue, 16_000e18, 1e13);
        uint256 usdcShares = pool.position(CROSS, borrower, C_USDC).debtShares;
        uint256 daiShares = pool.position(CROSS, borrower, C_DAI).debtShares;
        assertEq(usdcShares, pool.reserveState(CROSS, C_USDC).totalBorrowShares);
        assertEq(daiShares, pool.reserveState(CROSS, C_DAI).totalBorrowShares);

        usdc.mint(borrower, 1e6); // the shares' value rounds up
        dai.mint(borrower, 1e18);
        weth.mint(borrower, 1e18);
        vm.prank(borrower);
        pool.repay(CROSS, C_USDC, 0, usdcShares, borrower);
        crossBorrow(borrower, C_WETH, 1e18); // the freed header goes to the next new debt
        crossBorrow(borrower, C_DAI, 1000e18); // the DAI already owed stays in its position
        assertEq(pool.position(CROSS, borrower, C_USDC).debtShares, 0);
        assertEq(pool.position(CROSS, borrower, C_DAI).debtShares, pool.reserveState(CROSS, C_DAI).totalBorrowShares);
        assertEq(pool.position(CROSS, borrower, C_WETH).debtShares, pool.reserveState(CROSS, C_WETH).totalBorrowShares);
        (, uint16 debtMask) = pool.accountMasks(CROSS, borrower);
        assertEq(debtMask, (1 << C_DAI) | (1 << C_WETH));
        assertApproxEqAbs(pool.accountHealth(CROSS, borrower).debtValue, 6000e18 + 3000e18, 1e13);

        vm.startPrank(borrower);
        pool.repay(CROSS, C_DAI, 0, pool.position(CROSS, borrower, C_DAI).debtShares, borrower);
        pool.repay(CROSS, C_WETH, 0, pool.position(CROSS, borrower, C_WETH).debtShares, borrower);
        vm.stopPrank();
        (, debtMask) = pool.accountMasks(CROSS, borrower);
        assertEq(debtMask, 0);
        assertEq(pool.accountHealth(CROSS, borrower).debtValue, 0);
    }

    function test_Borrow_AgainstTwoCollaterals() public {
        crossSupply(lender, C_USDC, 1_000_000e6);
        crossCollateral(borrower, C_WETH, 10e18); // 30,000 × 80%
        crossCollateral(borrower, C_WBTC, 1e8); // 60,000 × 70%
        crossBorrow(borrower, C_USDC, 66_000e6);
        AccountHealth memory h = pool.accountHealth(CROSS, borrower);
        assertEq(h.collateralValue, 90_000e18);
        assertEq(h.borrowPower, 66_000e18);
        assertEq(h.liquidationValue, 25_500e18 + 45_000e18);
        vm.prank(borrower);
        vm.expectRevert(
            abi.encodeWithSelector(IKeelPoolErrors.InsufficientCollateral.selector, 66_000e18 + 1e12, 66_000e18)
        );
        pool.borrow(CROSS, C_USDC, 1, 0, borrower, borrower);
    }

    function test_EMode_AppliesWhenAllDebtIsInTheCategory() public {
        crossSupply(lender, C_WETH, 1000e18);
        crossCollateral(borrower, C_LST, 10e18); // min(1.1 × 3000, 3300) = 3300 → 33,000 USD
        // Outside e-mode the LST's 80% LTV allows 26,400 USD; in e-mode 93% allows 30,690 USD = 10.23 WETH.
        crossBorrow(borrower, C_WETH, 10.2e18);
        AccountHealth memory h = pool.accountHealth(CROSS, borrower);
        assertEq(h.borrowPower, 30_690e18);
    }

    function test_EMode_LostWhenDebtLeavesTheCategory() public {
        crossSupply(lender, C_WETH, 1000e18);
        crossSupply(lender, C_USDC, 1_000_000e6);
        crossCollateral(borrower, C_LST, 10e18);
        crossBorrow(borrower, C_WETH, 8e18); // 24,000 USD: fine in and out of e-mode
        // A USDC borrow would put all limits back to the LST's own 80%: 26,400 USD of power.
        vm.prank(borrower);
        vm.expectRevert(
            abi.encodeWithSelector(IKeelPoolErrors.InsufficientCollateral.selector, 24_000e18 + 3000e18, 26_400e18)
        );
        pool.borrow(CROSS, C_USDC, 3000e6, 0, borrower, borrower);
    }

    function test_LstPrice_IsTheLesserOfRateAndMarket() public {
        // Fundamental 1.1 × 3000 = 3300; market at a 10% discount wins.
        lstFeed.setAnswer(2970e8);
        assertEq(lstOracle.price(), 2970e18);
        lstFeed.setAnswer(3500e8);
        assertEq(lstOracle.price(), 3300e18);
    }

    function test_Liquidate_ChoosesCollateralAndDebt() public {
        crossSupply(lender, C_USDC, 1_000_000e6);
        crossSupply(lender, C_DAI, 1_000_000e18);
        crossCollateral(borrower, C_WETH, 10e18);
        crossCollateral(borrower, C_WBTC, 0.5e8);
        crossBorrow(borrower, C_USDC, 20_000e6);
        crossBorrow(borrower, C_DAI, 25_000e18);
        ethFeed.setAnswer(2000e8); // liquidation value 17,000 + 22,500 = 39,500 < 45,000
        assertLt(pool.healthFactor(CROSS, borrower), 1e18);
        usdc.mint(liquidator, 100_000e6);
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = pool.liquidate(
            CROSS,
            borrower,
            C_WBTC,
            C_USDC,
            type(uint256).max,
            liquidator
        );
        assertGt(repaid, 0);
        assertGt(seized, 0);
        assertGt(pool.healthFactor(CROSS, borrower), 0.9e18);
    }

    function test_Isolation_RiskDoesNotCrossPools() public {
        // Collateral in the cross pool gives no power in the isolated pool.
        crossCollateral(borrower, C_WETH, 10e18);
        supply(lender, USDC_R, 100_000e6);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientCollateral.selector, 1e18, 0));
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, borrower);
    }
}
