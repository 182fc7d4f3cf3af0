// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {BaseTest} from "../../utils/BaseTest.sol";

/// An account keeps one collateral and one debt in its header word, within 96 and 112 bits; a
/// balance that outgrows its field moves to its position (decision 0034). Whatever the path, each
/// balance is counted once, by `position`, by the valuation and by the masks.
contract AccountLayoutTest is BaseTest {
    function test_Collateral_OutgrowsTheInlineField() public {
        uint256 inlineMax = type(uint96).max;
        supplyCollateral(borrower, WETH_R, inlineMax); // fits: kept in the header
        supplyCollateral(borrower, WETH_R, 2); // outgrows it: moves to the position
        assertEq(pos(borrower, WETH_R).collateral, inlineMax + 2);
        assertEq(pool.accountHealth(POOL, borrower).collateralValue, (inlineMax + 2) * 3000);
        assertEq(state(WETH_R).totalCollateral, inlineMax + 2);

        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, inlineMax, borrower, borrower);
        assertEq(pos(borrower, WETH_R).collateral, 2);
        assertEq(pool.accountHealth(POOL, borrower).collateralValue, 2 * 3000);

        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, 2, borrower, borrower);
        (uint16 collateralMask, ) = pool.accountMasks(POOL, borrower);
        assertEq(collateralMask, 0);
        assertEq(pos(borrower, WETH_R).collateral, 0);

        supplyCollateral(borrower, WETH_R, 1e18); // the freed header takes it again
        assertEq(pos(borrower, WETH_R).collateral, 1e18);
        assertEq(pool.accountHealth(POOL, borrower).collateralValue, 3000e18);
        assertEq(weth.balanceOf(borrower), inlineMax + 2);
    }

    function test_Debt_OutgrowsTheInlineField() public {
        supply(lender, USDC_R, 1e28);
        supplyCollateral(borrower, WETH_R, 3e36); // 9e21 USD, too much for the header: in the position
        uint256 first = borrow(borrower, USDC_R, 5e27); // 5e33 shares: fit in 112 bits
        assertLt(first, type(uint112).max);
        uint256 second = borrow(borrower, USDC_R, 1e27); // together past 112 bits: move to the position
        assertGt(first + second, type(uint112).max);
        assertEq(pos(borrower, USDC_R).debtShares, first + second);
        assertEq(state(USDC_R).totalBorrowShares, first + second);
        assertApproxEqAbs(pool.accountHealth(POOL, borrower).debtValue, 6e21 * 1e18, 2e12);

        // More than the collateral allows is refused: the debt is counted, once.
        uint256 power = pool.accountHealth(POOL, borrower).borrowPower;
        uint256 debtValue = pool.accountHealth(POOL, borrower).debtValue;
        uint256 tooMuch = (power - debtValue) / 1e12 + 1e6;
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(POOL, USDC_R, tooMuch, 0, borrower, borrower);

        usdc.mint(borrower, 10); // the shares' value rounds up
        vm.prank(borrower);
        pool.repay(POOL, USDC_R, 0, first + second, borrower);
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL, borrower);
        assertEq(uint256(collateralMask), 1 << WETH_R);
        assertEq(debtMask, 0);
        assertEq(pos(borrower, USDC_R).debtShares, 0);
        assertEq(pool.accountHealth(POOL, borrower).debtValue, 0);

        uint256 again = borrow(borrower, USDC_R, 1000e6); // the freed header takes it again
        assertEq(pos(borrower, USDC_R).debtShares, again);
        assertApproxEqAbs(pool.accountHealth(POOL, borrower).debtValue, 1000e18, 1e12);
    }

    /// An account that has repaid and withdrawn everything is back to an all-zero header: the
    /// inline fields take their reserve indexes with them.
    function test_EmptyAccount_LeavesNothingBehind() public {
        supply(lender, USDC_R, 1_000_000e6);
        supplyCollateral(borrower, WETH_R, 10e18);
        uint256 shares = borrow(borrower, USDC_R, 1000e6);
        vm.startPrank(borrower);
        pool.repay(POOL, USDC_R, 0, shares, borrower);
        pool.withdrawCollateral(POOL, WETH_R, 10e18, borrower, borrower);
        vm.stopPrank();
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL, borrower);
        assertEq(collateralMask, 0);
        assertEq(debtMask, 0);
        assertEq(pos(borrower, USDC_R).debtShares, 0);
        assertEq(pos(borrower, WETH_R).collateral, 0);
    }
}
