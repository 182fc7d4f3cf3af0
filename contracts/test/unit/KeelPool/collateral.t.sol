// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {BaseTest} from "../../utils/BaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract CollateralTest is BaseTest {
    function test_SupplyCollateral_SetsMaskAndTotals() public {
        supplyCollateral(borrower, WETH_R, 2e18);
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(POOL, borrower);
        assertEq(collateralMask, 1);
        assertEq(debtMask, 0);
        assertEq(pos(borrower, WETH_R).collateral, 2e18);
        assertEq(state(WETH_R).totalCollateral, 2e18);
        assertEq(weth.balanceOf(address(pool)), 2e18 + configurator.MIN_SEED());
    }

    function test_SupplyCollateral_WorksWhilePausedFrozenAndPriceFails() public {
        vm.prank(guardian);
        configurator.setPaused(POOL, WETH_R, true);
        vm.prank(riskAdmin);
        configurator.setFrozen(POOL, WETH_R, true);
        setEthPrice(0);
        supplyCollateral(borrower, WETH_R, 1e18);
        assertEq(pos(borrower, WETH_R).collateral, 1e18);
    }

    function test_SupplyCollateral_RevertWhen_NotCollateral() public {
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.NotCollateral.selector, POOL, USDC_R));
        pool.supplyCollateral(POOL, USDC_R, 1, borrower);
    }

    function test_SupplyCollateral_RevertWhen_CapExceeded() public {
        wethParams.supplyCap = 100;
        updateReserve(WETH_R, wethParams);
        supplyCollateral(borrower, WETH_R, 99e18);
        uint256 total = 101e18 + configurator.MIN_SEED();
        weth.mint(borrower, 2e18);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.SupplyCapExceeded.selector, 100e18, total));
        pool.supplyCollateral(POOL, WETH_R, 2e18, borrower);
    }

    function test_SupplyCollateral_RevertWhen_Zero() public {
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        pool.supplyCollateral(POOL, WETH_R, 0, borrower);
    }

    function test_SupplyCollateral_RevertWhen_ZeroOnBehalf() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        pool.supplyCollateral(POOL, WETH_R, 1, address(0));
    }

    function test_WithdrawCollateral_WithoutDebt_NeedsNoPrice() public {
        supplyCollateral(borrower, WETH_R, 1e18);
        setEthPrice(0);
        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, 1e18, borrower, borrower);
        assertEq(weth.balanceOf(borrower), 1e18);
        (uint16 collateralMask, ) = pool.accountMasks(POOL, borrower);
        assertEq(collateralMask, 0);
    }

    function test_WithdrawCollateral_WithinBorrowPower() public {
        openPosition(12_000e6); // 30,000 USD collateral, LTV 80% → power 24,000
        vm.prank(borrower);
        pool.withdrawCollateral(POOL, WETH_R, 5e18, borrower, borrower); // power 12,000
        assertEq(pos(borrower, WETH_R).collateral, 5e18);
    }

    function test_WithdrawCollateral_RevertWhen_BeyondBorrowPower() public {
        openPosition(12_000e6);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientCollateral.selector, 12_000e18, 11_976e18));
        pool.withdrawCollateral(POOL, WETH_R, 5.01e18, borrower, borrower);
    }

    function test_WithdrawCollateral_RevertWhen_PriceStaleWithDebt() public {
        openPosition(1000e6);
        vm.warp(block.timestamp + 1 days + 1);
        vm.prank(borrower);
        vm.expectPartialRevert(IOracleErrors.StalePrice.selector);
        pool.withdrawCollateral(POOL, WETH_R, 1, borrower, borrower);
    }

    function test_WithdrawCollateral_RevertWhen_Unauthorized() public {
        supplyCollateral(borrower, WETH_R, 1e18);
        vm.prank(lender);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, lender, borrower));
        pool.withdrawCollateral(POOL, WETH_R, 1e18, borrower, lender);
    }

    function test_WithdrawCollateral_RevertWhen_MoreThanBalance() public {
        supplyCollateral(borrower, WETH_R, 1e18);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientBalance.selector, 1e18, 2e18));
        pool.withdrawCollateral(POOL, WETH_R, 2e18, borrower, borrower);
    }

    function test_WithdrawCollateral_RevertWhen_ZeroOrZeroReceiver() public {
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        pool.withdrawCollateral(POOL, WETH_R, 0, borrower, borrower);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        pool.withdrawCollateral(POOL, WETH_R, 1, borrower, address(0));
    }
}
