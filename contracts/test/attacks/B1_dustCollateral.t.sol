// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPool} from "../../src/interfaces/IKeelPool.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {CrossPoolTest} from "../utils/CrossPoolTest.sol";

/// @notice B1 (outside review MM-01): dust collateral on an insolvent account kept its debt off the
/// write-off forever. Anyone could post 1 wei of a cheap asset for anyone, and the seize-all branch
/// rounded that lot's repay to 0 and reverted, so the late lender paid for the early one's exit.
/// Now a third party cannot add a reserve to someone else's account, and a lot worth less than one
/// unit of debt is seized for nothing, so an insolvent account always reaches its write-off.
contract B1DustCollateralAttack is CrossPoolTest {
    address internal griefer = makeAddr("griefer");
    address internal lateLender = makeAddr("lateLender");

    function setUp() public override {
        super.setUp();
        vm.prank(lateLender);
        usdc.approve(address(pool), type(uint256).max);
        crossSupply(lender, C_USDC, 100_000e6);
        crossSupply(lateLender, C_USDC, 100_000e6);
        // 10 WETH at 3,000 backs 22,000 USDC; then ETH falls to 1,000: 10,000 of collateral, 22,000 owed.
        crossCollateral(borrower, C_WETH, 10e18);
        crossBorrow(borrower, C_USDC, 22_000e6);
        ethFeed.setAnswer(1000e8);
        usdc.mint(liquidator, 100_000e6);
        vm.prank(liquidator);
        usdc.approve(address(pool), type(uint256).max);
        dai.mint(griefer, 1);
        vm.prank(griefer);
        dai.approve(address(pool), type(uint256).max);
    }

    function test_Attack_ThirdPartyCannotPostDustOfANewReserve() public {
        vm.prank(griefer);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, griefer, borrower));
        pool.supplyCollateral(CROSS, C_DAI, 1, borrower);
    }

    function test_ThirdPartyMayTopUpACollateralAlreadyHeld() public {
        weth.mint(griefer, 1e18);
        vm.startPrank(griefer);
        weth.approve(address(pool), 1e18);
        pool.supplyCollateral(CROSS, C_WETH, 1e18, borrower);
        vm.stopPrank();
        assertEq(pool.position(CROSS, borrower, C_WETH).collateral, 11e18);
    }

    /// @dev The borrower posts the dust itself (or had it before): the liquidator sweeps it for nothing
    /// and the debt is written off, so both lenders share the loss pro rata.
    function test_Attack_DustOfTheBorrowersOwnIsSweptAndTheDebtWrittenOff() public {
        dai.mint(borrower, 1);
        vm.prank(borrower);
        pool.supplyCollateral(CROSS, C_DAI, 1, borrower);

        vm.prank(liquidator);
        pool.liquidate(CROSS, borrower, C_WETH, C_USDC, type(uint256).max, liquidator);
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(CROSS, borrower);
        assertEq(collateralMask, uint16(1 << C_DAI), "only the dust is left");
        assertTrue(debtMask != 0);

        // The 1-wei lot buys less than one unit of USDC: it is seized for nothing, and the write-off follows.
        vm.expectEmit(true, true, true, false, address(pool));
        emit IKeelPool.RealizeBadDebt(CROSS, C_USDC, borrower, 0, 0, 0);
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = pool.liquidate(CROSS, borrower, C_DAI, C_USDC, 1, liquidator);
        assertEq(repaid, 0);
        assertEq(seized, 1);
        (collateralMask, debtMask) = pool.accountMasks(CROSS, borrower);
        assertEq(collateralMask, 0);
        assertEq(debtMask, 0, "no debt is left on the books to accrue interest nobody pays");

        // Both lenders now hold the same share of what is left: the early one cannot exit at par.
        uint256 lenderAssets = supplyValue(lender);
        uint256 lateAssets = supplyValue(lateLender);
        assertApproxEqAbs(lenderAssets, lateAssets, 1);
        assertLt(lenderAssets, 100_000e6, "the loss is shared");
    }

    /// @dev Dust of any size and price: a lot worth less than a unit of debt is always seizable.
    function testFuzz_DustIsAlwaysCleared(uint256 dust, uint256 daiPrice) public {
        dust = bound(dust, 1, 1e12); // below 1e-6 DAI: worth less than one USDC unit at any price below 1e6 USD
        daiPrice = bound(daiPrice, 1e6, 1e8);
        dai.mint(borrower, dust);
        vm.prank(borrower);
        pool.supplyCollateral(CROSS, C_DAI, dust, borrower);
        daiFeed.setAnswer(int256(daiPrice));
        vm.startPrank(liquidator);
        pool.liquidate(CROSS, borrower, C_WETH, C_USDC, type(uint256).max, liquidator);
        pool.liquidate(CROSS, borrower, C_DAI, C_USDC, type(uint256).max, liquidator);
        vm.stopPrank();
        (uint16 collateralMask, uint16 debtMask) = pool.accountMasks(CROSS, borrower);
        assertEq(collateralMask | debtMask, 0, "insolvent account fully cleared");
    }

    function supplyValue(address who) internal view returns (uint256) {
        uint256 shares = pool.position(CROSS, who, C_USDC).supplyShares;
        (uint128 totalAssets, uint128 totalShares) = (
            pool.expectedReserveState(CROSS, C_USDC).totalSupplyAssets,
            pool.expectedReserveState(CROSS, C_USDC).totalSupplyShares
        );
        return (shares * (uint256(totalAssets) + 1)) / (uint256(totalShares) + 1e6);
    }
}
