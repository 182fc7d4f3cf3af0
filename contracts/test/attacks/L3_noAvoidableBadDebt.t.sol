// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "forge-std/Vm.sol";
import {IKeelPool} from "../../src/interfaces/IKeelPool.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice L3 (outside review, "no avoidable bad debt"): a liquidation paid its full incentive even when
/// that created bad debt. 10 WETH at 2,400 (24,000) against 23,700 USDC: the collateral covers the debt
/// but not debt plus a 5% bonus, so the whole lot went to the liquidator and 842.86 USDC were written
/// off against suppliers. Now, while an account's collateral covers its debt, the incentive shrinks to
/// the margin that exists and the account closes with zero loss.
contract L3NoAvoidableBadDebtAttack is BaseTest {
    function setUp() public override {
        super.setUp();
        wethParams.maxLiquidationBonusBps = 500;
        updateReserve(WETH_R, wethParams);
        usdc.mint(liquidator, 10_000_000e6);
    }

    function test_Attack_ReviewCase_ClosesWithoutBadDebt() public {
        openPosition(23_700e6);
        setEthPrice(2400e8);
        uint256 debt = debtOf(borrower, USDC_R);
        uint256 supplyBefore = pool.expectedReserveState(POOL, USDC_R).totalSupplyAssets;

        vm.recordLogs();
        vm.prank(liquidator);
        (uint256 repaid, uint256 seized) = pool.liquidate(
            POOL,
            borrower,
            WETH_R,
            USDC_R,
            type(uint256).max,
            liquidator
        );
        assertNoWriteOff();
        assertEq(repaid, debt, "the whole debt is repaid");
        assertEq(pos(borrower, USDC_R).debtShares, 0);
        assertLe(seized, 10e18);
        // Suppliers lose nothing: the reserve's supply did not fall.
        assertGe(pool.expectedReserveState(POOL, USDC_R).totalSupplyAssets, supplyBefore);
        // The liquidator still earned the margin that existed (about 1.27%).
        assertGt((seized * 2400e18) / 1e18, (repaid * 1e12 * 1e18) / 1e18);
    }

    /// @dev Over random accounts whose collateral covers their debt, liquidating until nothing is left to
    /// liquidate never writes anything off: the debt is always repaid in full.
    function testFuzz_NoLiquidationCreatesBadDebtWhileCollateralCoversDebt(
        uint256 debt,
        uint256 coverBps,
        uint256 maxRepay
    ) public {
        debt = bound(debt, 1_000e6, 24_000e6);
        coverBps = bound(coverBps, 10_000, 11_700); // collateral / debt between 1 and 1.17 after the fall
        openPosition(debt);
        // The 8-decimal ETH price at which 10 WETH are worth debt × cover, rounded up.
        uint256 price = (debt * coverBps + 999) / 1000;
        setEthPrice(int256(price));
        vm.assume(health(borrower) < 1e18);

        vm.recordLogs();
        for (uint256 i; i < 20 && pos(borrower, USDC_R).debtShares != 0 && health(borrower) < 1e18; ++i) {
            uint256 repayCap = bound(maxRepay >> i, 1, type(uint128).max);
            vm.prank(liquidator);
            try pool.liquidate(POOL, borrower, WETH_R, USDC_R, repayCap, liquidator) {} catch {
                vm.prank(liquidator);
                pool.liquidate(POOL, borrower, WETH_R, USDC_R, type(uint256).max, liquidator);
            }
        }
        assertNoWriteOff();
        if (pos(borrower, WETH_R).collateral == 0)
            assertEq(pos(borrower, USDC_R).debtShares, 0, "no debt left without collateral");
    }

    function assertNoWriteOff() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            assertTrue(logs[i].topics[0] != IKeelPool.RealizeBadDebt.selector, "bad debt realized");
        }
    }
}
