// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {BaseTest} from "../../utils/BaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract BorrowTest is BaseTest {
    function test_Borrow_ByAssets_MintsDebtSharesRoundedUp() public {
        openPosition(0);
        uint256 shares = borrow(borrower, USDC_R, 1000e6);
        assertEq(shares, 1000e6 * 1e6);
        assertEq(usdc.balanceOf(borrower), 1000e6);
        assertEq(state(USDC_R).totalBorrowAssets, 1000e6);
        (, uint16 debtMask) = pool.accountMasks(POOL, borrower);
        assertEq(debtMask, 1 << USDC_R);
    }

    function test_Borrow_ByShares_LendsAssetsRoundedDown() public {
        openPosition(0);
        vm.prank(borrower);
        (uint256 assets, ) = pool.borrow(POOL, USDC_R, 0, 1_999_999, borrower, borrower);
        assertEq(assets, 1);
    }

    function test_Borrow_UpToBorrowPower() public {
        openPosition(24_000e6);
        assertEq(pool.accountHealth(POOL, borrower).debtValue, 24_000e18);
    }

    function test_Borrow_RevertWhen_BeyondBorrowPower() public {
        openPosition(0);
        vm.prank(borrower);
        vm.expectRevert(
            abi.encodeWithSelector(IKeelPoolErrors.InsufficientCollateral.selector, 24_000e18 + 1e12, 24_000e18)
        );
        pool.borrow(POOL, USDC_R, 24_000e6 + 1, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_NoCollateral() public {
        supply(lender, USDC_R, 1000e6);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientCollateral.selector, 1e18, 0));
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_NotBorrowable() public {
        openPosition(0);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.NotBorrowable.selector, POOL, WETH_R));
        pool.borrow(POOL, WETH_R, 1, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_Paused() public {
        openPosition(0);
        vm.prank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.ReservePaused.selector, POOL, USDC_R));
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_Frozen() public {
        openPosition(0);
        vm.prank(riskAdmin);
        configurator.setFrozen(POOL, USDC_R, true);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.ReserveFrozen.selector, POOL, USDC_R));
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_CapExceeded() public {
        openPosition(0);
        usdcParams.borrowCap = 100;
        updateReserve(USDC_R, usdcParams);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.BorrowCapExceeded.selector, 100e6, 101e6));
        pool.borrow(POOL, USDC_R, 101e6, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_InsufficientLiquidity() public {
        supplyCollateral(borrower, WETH_R, 10e18);
        supply(lender, USDC_R, 100e6);
        uint256 available = 100e6 + configurator.MIN_SEED();
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientLiquidity.selector, available, 200e6));
        pool.borrow(POOL, USDC_R, 200e6, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_PriceFails() public {
        openPosition(0);
        setEthPrice(-1);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.UnpricedCollateral.selector, POOL, WETH_R));
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_DebtPriceFails() public {
        openPosition(1000e6);
        usdcFeed.setAnswer(-1);
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-1)));
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, borrower);
    }

    function test_Borrow_RevertWhen_Unauthorized() public {
        openPosition(0);
        vm.prank(lender);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, lender, borrower));
        pool.borrow(POOL, USDC_R, 1e6, 0, borrower, lender);
    }

    function test_Borrow_WithDelegation_SpendsAllowance() public {
        openPosition(0);
        vm.prank(borrower);
        pool.approveDelegation(POOL, USDC_R, lender, 500e6);
        vm.prank(lender);
        pool.borrow(POOL, USDC_R, 200e6, 0, borrower, lender);
        assertEq(pool.borrowAllowance(POOL, borrower, USDC_R, lender), 300e6);
        assertEq(usdc.balanceOf(lender), 200e6);
        assertGt(pos(borrower, USDC_R).debtShares, 0);
        vm.prank(lender);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.InsufficientDelegation.selector, 300e6, 301e6));
        pool.borrow(POOL, USDC_R, 301e6, 0, borrower, lender);
    }

    function test_Borrow_RevertWhen_InconsistentOrZero() public {
        vm.expectRevert(IKeelPoolErrors.InconsistentInput.selector);
        pool.borrow(POOL, USDC_R, 1, 1, borrower, borrower);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        pool.borrow(POOL, USDC_R, 1, 0, borrower, address(0));
        openPosition(0);
        vm.prank(borrower);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        pool.borrow(POOL, USDC_R, 0, 1, borrower, borrower);
    }

    function testFuzz_Borrow_NeverBeyondPower(uint256 collateral, uint256 assets) public {
        collateral = bound(collateral, 1e12, 1000e18);
        assets = bound(assets, 1, 10_000_000e6);
        supply(lender, USDC_R, 10_000_000e6);
        supplyCollateral(borrower, WETH_R, collateral);
        vm.prank(borrower);
        try pool.borrow(POOL, USDC_R, assets, 0, borrower, borrower) {
            assertLe(assets * 1e12, (collateral * 3000 * 8000) / 10_000, "borrowed beyond LTV");
        } catch {
            assertGt(assets * 1e12, (collateral * 3000 * 8000) / 10_000 - 1e12, "refused a borrow within LTV");
        }
    }
}
