// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelConfigurator, ReserveParams, RiskBounds} from "../../src/interfaces/IKeelConfigurator.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {FLAG_PAUSED, ReserveConfig} from "../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {IKeelErrors} from "../../src/interfaces/IKeelErrors.sol";

/// @notice G3: bounds that allow broken mechanisms, and a guardian who can undo governance. A risk
/// admin (or a compromised one) tries parameter sets that skip the bounds and a wind-down that throws
/// healthy borrowers into liquidation; the guardian tries to lift a pause. Each attempt fails.
contract G3RiskBoundsAttack is BaseTest {
    function setUp() public override {
        super.setUp();
        openPosition(15_000e6); // 30,000 USD of WETH × 85% / 15,000 = health 1.7
    }

    function bound_(string memory parameter) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, parameter);
    }

    function test_Attack_LtvAboveThresholdOnDisabledCollateral() public {
        // Collateral disabled and threshold 0 once skipped every check: LTV 600% was accepted.
        wethParams.collateralEnabled = false;
        wethParams.liquidationThresholdBps = 0;
        wethParams.ltvBps = 60_000;
        vm.prank(riskAdmin);
        vm.expectRevert(bound_("ltv"));
        configurator.updateReserve(POOL, WETH_R, wethParams);
        // …so the borrower cannot take 150,000 USDC against 30,000 USD of WETH.
        vm.prank(borrower);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(POOL, USDC_R, 135_000e6, 0, borrower, borrower);
    }

    function test_Attack_BonusAndThresholdBoundsHoldOnDisabledCollateral() public {
        wethParams.collateralEnabled = false;
        wethParams.ltvBps = 0;
        wethParams.liquidationThresholdBps = 0;
        wethParams.maxLiquidationBonusBps = 5000;
        vm.prank(riskAdmin);
        vm.expectRevert(bound_("bonus"));
        configurator.updateReserve(POOL, WETH_R, wethParams);
        wethParams.liquidationThresholdBps = 9000;
        wethParams.maxLiquidationBonusBps = 1500; // 0.90 × 1.15 ≥ 1: no liquidation could restore health
        vm.prank(riskAdmin);
        vm.expectRevert(bound_("threshold*bonus"));
        configurator.updateReserve(POOL, WETH_R, wethParams);
    }

    function test_Attack_WindDownToThresholdZeroCannotLiquidateHealthyAccounts() public {
        assertApproxEqAbs(health(borrower), 1.7e18, 1e12);
        wethParams.collateralEnabled = false;
        wethParams.ltvBps = 0;
        wethParams.liquidationThresholdBps = 0;
        vm.prank(riskAdmin);
        vm.expectRevert(bound_("thresholdCut"));
        configurator.updateReserve(POOL, WETH_R, wethParams);
        // The account stays healthy, so it cannot be liquidated at the full bonus.
        usdc.mint(liquidator, 15_000e6);
        vm.prank(liquidator);
        vm.expectPartialRevert(IKeelPoolErrors.HealthyPosition.selector);
        pool.liquidate(POOL, borrower, WETH_R, USDC_R, 15_000e6, liquidator);
    }

    function test_Attack_ThresholdCutsAreBoundedPerStepAndPerDay() public {
        uint256 before = health(borrower);
        // LTV to 0 at once: it only stops new borrowing.
        wethParams.collateralEnabled = false;
        wethParams.ltvBps = 0;
        updateReserve(WETH_R, wethParams);
        assertEq(health(borrower), before, "an LTV change moves no health factor");
        // The largest cut one step allows: 5% of the threshold.
        wethParams.liquidationThresholdBps = 8075;
        vm.prank(riskAdmin);
        vm.expectRevert(bound_("thresholdCut"));
        configurator.updateReserve(POOL, WETH_R, _withThreshold(8074));
        updateReserve(WETH_R, wethParams);
        assertGe(health(borrower), (before * 95) / 100, "one step lowers health by 5% at most");
        // A second cut must wait a day, however small.
        vm.prank(riskAdmin);
        vm.expectRevert(
            abi.encodeWithSelector(IKeelConfigurator.ThresholdCutTooSoon.selector, vm.getBlockTimestamp() + 1 days)
        );
        configurator.updateReserve(POOL, WETH_R, _withThreshold(8000));
        skipTime(1 days - 1);
        vm.prank(riskAdmin);
        vm.expectPartialRevert(IKeelConfigurator.ThresholdCutTooSoon.selector);
        configurator.updateReserve(POOL, WETH_R, _withThreshold(8000));
        skipTime(1);
        updateReserve(WETH_R, _withThreshold(8000));
        assertEq(pool.reserveConfig(POOL, WETH_R).liquidationThresholdBps, 8000);
        // Raising is never limited.
        updateReserve(WETH_R, _withThreshold(8500));
    }

    function test_Attack_GuardianCannotUnpause() public {
        vm.prank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.NotRiskAdmin.selector, POOL, guardian));
        configurator.setPaused(POOL, USDC_R, false);
        assertEq(pool.reserveConfig(POOL, USDC_R).flags & FLAG_PAUSED, FLAG_PAUSED, "still paused");
        // The pool's risk admin lifts it; governance may too.
        vm.prank(riskAdmin);
        configurator.setPaused(POOL, USDC_R, false);
        assertEq(pool.reserveConfig(POOL, USDC_R).flags & FLAG_PAUSED, 0);
        vm.prank(guardian);
        configurator.setPaused(POOL, USDC_R, true);
        configurator.setPaused(POOL, USDC_R, false); // this test contract is governance
        assertEq(pool.reserveConfig(POOL, USDC_R).flags & FLAG_PAUSED, 0);
    }

    function test_Attack_GuardianCannotUndoARiskAdminPause() public {
        vm.prank(riskAdmin);
        configurator.setPaused(POOL, WETH_R, true);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.NotRiskAdmin.selector, POOL, guardian));
        configurator.setPaused(POOL, WETH_R, false);
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, stranger));
        configurator.setPaused(POOL, WETH_R, true);
    }

    /// @dev Whatever the flags, a configuration the configurator accepts respects every bound.
    function testFuzz_AcceptedParametersRespectTheBounds(
        uint16 ltvBps,
        uint16 thresholdBps,
        uint16 bonusBps,
        bool collateralEnabled,
        bool borrowEnabled
    ) public {
        ReserveParams memory p = wethParams;
        (p.ltvBps, p.liquidationThresholdBps, p.maxLiquidationBonusBps) = (ltvBps, thresholdBps, bonusBps);
        (p.collateralEnabled, p.borrowEnabled) = (collateralEnabled, borrowEnabled);
        try configurator.toReserveConfig(p, 0) returns (ReserveConfig memory c) {
            RiskBounds memory b = configurator.riskBounds();
            assertLe(c.ltvBps, c.liquidationThresholdBps, "LTV <= threshold");
            assertLe(c.ltvBps, b.maxLtvBps, "LTV bound");
            assertLe(c.liquidationThresholdBps, b.maxLiquidationThresholdBps, "threshold bound");
            assertLe(c.maxLiquidationBonusBps, b.maxLiquidationBonusBps, "bonus bound");
            if (c.liquidationThresholdBps != 0) {
                assertLt(uint256(c.liquidationThresholdBps) * (1e4 + c.maxLiquidationBonusBps), 1e8, "t(1+b) < 1");
            }
            if (collateralEnabled) assertGt(c.liquidationThresholdBps, 0, "collateral has a threshold");
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), IKeelErrors.OutOfBounds.selector);
        }
    }

    function _withThreshold(uint16 thresholdBps) internal view returns (ReserveParams memory p) {
        p = wethParams;
        p.liquidationThresholdBps = thresholdBps;
    }
}
