// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPool} from "../../../src/interfaces/IKeelPool.sol";
import {IKeelPoolErrors} from "../../../src/interfaces/IKeelPoolErrors.sol";
import {FLAG_FROZEN} from "../../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../../utils/BaseTest.sol";

/// @notice After a near-total write-off (outside review MM-10) a reserve kept its supply shares while its
/// assets fell near zero, and every deposit above about 3,100 DAI overflowed the shares forever. Such a
/// reserve is now frozen for good at the write-off, with an event; its suppliers withdraw what is left,
/// and the asset is listed again as a fresh reserve.
contract WriteOffTest is BaseTest {
    /// @dev Every unit lent out but the listing seed, against collateral that becomes worthless.
    function lendEverythingAgainstWeth() internal {
        supply(lender, USDC_R, 100_000e6);
        supplyCollateral(borrower, WETH_R, 50e18);
        borrow(borrower, USDC_R, 100_000e6);
        setEthPrice(2);
    }

    function liquidateAll() internal {
        vm.prank(liquidator);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, type(uint256).max, liquidator);
    }

    function wipeOutUsdcSuppliers() internal {
        lendEverythingAgainstWeth();
        liquidateAll();
    }

    function test_WriteOff_FreezesACollapsedReserve() public {
        lendEverythingAgainstWeth();
        vm.expectEmit(true, true, false, false, address(pool));
        emit IKeelPool.FreezeCollapsedReserve(POOL, USDC_R, 0, 0);
        liquidateAll();
        assertTrue(pool.reserveConfig(POOL, USDC_R).flags & FLAG_FROZEN != 0);

        usdc.mint(address(this), 5_000e6);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.ReserveFrozen.selector, POOL, USDC_R));
        pool.supply(POOL, USDC_R, 5_000e6, 0, address(this));
    }

    function test_WriteOff_RevertWhen_CollapsedReserveUnfrozen() public {
        wipeOutUsdcSuppliers();
        vm.prank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.CollapsedReserve.selector, POOL, USDC_R));
        configurator.setFrozen(POOL, USDC_R, false);
    }

    /// @dev The documented way out: suppliers take what is left, and the asset is listed afresh.
    function test_WriteOff_RelistingTheAssetGivesAWorkingReserve() public {
        wipeOutUsdcSuppliers();
        uint256 shares = pos(lender, USDC_R).supplyShares;
        vm.prank(lender);
        (uint256 residue, ) = pool.withdraw(POOL, USDC_R, 0, shares, lender, lender);
        assertLt(residue, 1e6, "the lender lost nearly everything");

        usdc.mint(riskAdmin, configurator.MIN_SEED());
        vm.startPrank(riskAdmin);
        usdc.approve(address(configurator), type(uint256).max);
        uint256 fresh = configurator.listReserve(POOL, usdcParams, configurator.MIN_SEED());
        vm.stopPrank();
        uint256 freshShares = supply(lender, fresh, 1_000_000e6);
        assertEq(freshShares, 1_000_000e6 * 1e6, "a fresh reserve prices shares at the offset again");
    }

    /// @dev A partial write-off leaves a working reserve: only a collapse freezes.
    function test_WriteOff_PartialLossKeepsTheReserveOpen() public {
        supply(lender, USDC_R, 1_000_000e6);
        supplyCollateral(borrower, WETH_R, 50e18);
        borrow(borrower, USDC_R, 100_000e6);
        setEthPrice(2);
        liquidateAll();
        assertEq(pool.reserveConfig(POOL, USDC_R).flags & FLAG_FROZEN, 0);
        supply(lender, USDC_R, 5_000_000e6);
    }
}
