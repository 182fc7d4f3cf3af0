// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IPeripheryErrors} from "../../../src/interfaces/IPeripheryErrors.sol";
import {IPegStabilityModule} from "../../../src/interfaces/IPegStabilityModule.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {Action, Execution, IProtectionPolicies, Policy, Trigger} from "../../../src/interfaces/IProtectionPolicies.sol";
import {PolicyBaseTest} from "../../utils/PolicyBaseTest.sol";

/// @dev Every action a policy allows, carried out by a keeper on the real contracts, landing where the policy says.
contract ProtectionPoliciesExecuteTest is PolicyBaseTest {
    function test_Deleverage_LandsInTheBand() public {
        Policy memory p = deleveragePolicy();
        uint256 keeperBefore = usdc.balanceOf(keeper);

        uint256 fee = execute(p, sellFor(p, 7_200e6));

        uint256 health = pool.healthFactor(P, bob);
        assertGe(health, 1.4e18, "at least the target");
        assertLe(health, 1.5e18, "no further than the tolerance");
        assertEq(fee, 36e6, "0.5% of 7,200 USDC, under the cap");
        assertEq(usdc.balanceOf(keeper) - keeperBefore, fee, "the keeper got the fee and nothing else");
        (uint32 executions, , , , ) = policies.policyState(policies.hashPolicy(p));
        assertEq(executions, 1);
        assertEq(usdc.balanceOf(address(policies)) + weth.balanceOf(address(policies)), 0, "nothing stays behind");
    }

    function test_RepayFromWallet_ChargesTheRepaymentAndTheFee() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.RepayFromWallet;
        p.adapter = address(0);
        p.repayAllowance = 10_000e6;
        usdc.mint(bob, 5_000e6);
        uint256 walletBefore = usdc.balanceOf(bob);
        Execution memory e;
        e.repayAssets = 3_300e6;

        uint256 fee = execute(p, e);

        assertEq(fee, 16.5e6);
        assertEq(walletBefore - usdc.balanceOf(bob), 3_300e6 + fee, "the wallet paid the repayment and the fee");
        assertGe(pool.healthFactor(P, bob), 1.4e18);
        (, , , , uint256 pulled) = policies.policyState(policies.hashPolicy(p));
        assertEq(pulled, 3_300e6 + fee, "counted against the allowance");
    }

    function test_Close_RepaysEverything() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.Close;
        uint256 debt = debtIn(bob, R_USDC);
        Execution memory e = sellFor(p, debt);
        e.repayAssets = 0;

        execute(p, e);

        assertEq(pool.position(P, bob, R_USDC).debtShares, 0, "no debt left");
        assertEq(collateralIn(bob, R_WETH), 10e18 - e.sellCollateral, "the rest of the collateral stays posted");
        assertGt(usdc.balanceOf(bob), 21_000e6, "the sale's surplus came back to the wallet");
    }

    function test_SoftLiquidation_PaysTheCurveIncentive() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.SoftLiquidation;
        p.incentiveStartBps = 25;
        p.incentiveEndBps = 100;
        p.closeFactorBps = 5_000;
        uint256 health = pool.healthFactor(P, bob);
        // Linear from 0.25% at health 1.25 to 1% (what the pool's own liquidation pays at health 1) at health 1.
        uint256 incentive = 25 + (75 * (1.25e18 - health)) / 0.25e18;
        Execution memory e;
        e.repayAssets = 6_000e6;

        execute(p, e);

        // 6,000 USD of debt at 3,000 USD an ETH, plus the incentive.
        uint256 seized = (((6_000e18 * (10_000 + incentive)) / 10_000) * 1e18) / 3_000e18;
        assertApproxEqAbs(weth.balanceOf(keeper), seized, 1e9, "the keeper got the repayment's worth plus the curve");
        assertGt(pool.healthFactor(P, bob), health, "the borrower's health improved");
        assertLe(incentive, 100, "never above the pool's own liquidation incentive at health 1");
    }

    function test_VaultRepay_LandsInTheBand() public {
        Policy memory p = vaultPolicy();
        uint256 debtBefore = engine.debtOf(p.vaultId);

        uint256 fee = execute(p, sellForVault(p, 4_500e18));

        uint256 ratio = vaultRatio(p.vaultId);
        assertGe(ratio, 2e18, "at least the target ratio");
        assertLe(ratio, 2.2e18, "no further than the tolerance");
        assertEq(fee, 22.5e18, "0.5% of 4,500 kUSD");
        assertEq(kusd.balanceOf(keeper), fee, "the keeper got the fee in kUSD");
        assertLe(engine.debtOf(p.vaultId), debtBefore - 4_500e18, "the vault repaid at least the loan");
        assertEq(kusd.balanceOf(address(policies)) + weth.balanceOf(address(policies)), 0, "nothing stays behind");
    }

    function test_VaultRepay_ThroughThePegModule() public {
        Policy memory p = vaultPolicy();
        p.throughPegModule = true;

        execute(p, sellForVault(p, 4_500e18));

        uint256 ratio = vaultRatio(p.vaultId);
        assertGe(ratio, 2e18);
        assertLe(ratio, 2.2e18);
        assertEq(usdc.balanceOf(address(policies)), 0, "the peg module took every USDC the sale raised");
    }

    /// @dev A small vault (0.08 ETH, 150 kUSD, ratio 1.6) cannot reach 2.0 without leaving less than the 100 kUSD
    /// floor: the policy may then repay it in full, so that protection does not fail when it is needed.
    function test_VaultRepay_RepaysInFullWhenTheFloorBarsTheBand() public {
        Policy memory p = vaultPolicy();
        weth.mint(bob, 0.08e18);
        vm.startPrank(bob);
        weth.approve(address(engine), 0.08e18);
        p.vaultId = engine.open(0, bob, 0.08e18, 150e18, bob);
        vm.stopPrank();

        execute(p, sellForVault(p, engine.debtOf(p.vaultId)));

        assertEq(engine.debtOf(p.vaultId), 0, "repaid in full");
        assertGt(engine.vault(p.vaultId).collateral, 0, "the rest of the collateral stays in the vault");
    }

    /// @dev Where the band can be reached, repaying in full (selling more than the band needs) is refused.
    function test_VaultRepay_FullRepaymentRefusedWhenTheBandIsReachable() public {
        Policy memory p = vaultPolicy();
        Execution memory e = sellForVault(p, engine.debtOf(p.vaultId));
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.OutcomeOutOfBand.selector);
        policies.execute(p, signature, e);
    }

    function test_RepayFromWallet_FeeOnWhatWasRepaid() public {
        // Bob repays most of his USDC himself and borrows DAI: 50 USDC of debt is left for the policy.
        vm.startPrank(bob);
        usdc.approve(address(pool), type(uint256).max);
        pool.repay(P, R_USDC, 20_950e6, 0, bob);
        pool.borrow(P, R_DAI, 17_000e18, 0, bob, bob);
        vm.stopPrank();
        Policy memory p = deleveragePolicy();
        p.action = Action.RepayFromWallet;
        p.trigger = Trigger.PriceBelow;
        p.priceReserve = uint8(R_WETH);
        p.triggerValue = 3_100e18;
        p.targetHealth = 1.4e18;
        p.healthTolerance = 0.2e18;
        p.repayAllowance = 10_000e6;
        usdc.mint(bob, 10_000e6);
        uint256 walletBefore = usdc.balanceOf(bob);
        uint256 owed = debtIn(bob, R_USDC);
        Execution memory e;
        e.repayAssets = 9_900e6;

        uint256 fee = execute(p, e);

        assertEq(pool.position(P, bob, R_USDC).debtShares, 0, "the 50 USDC are repaid");
        assertEq(fee, (owed * 50) / 10_000, "0.5% of what was repaid, not of what was asked");
        assertEq(walletBefore - usdc.balanceOf(bob), owed + fee, "the wallet paid the debt and its fee only");
    }

    function test_PostedPolicyNeedsNoSignature() public {
        Policy memory p = deleveragePolicy();
        vm.prank(bob);
        policies.post(p);
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        policies.execute(p, "", e);
        assertGe(pool.healthFactor(P, bob), 1.4e18);
    }

    function test_Check_SaysWhyNot() public {
        Policy memory p = deleveragePolicy();
        (bool ready, bytes4 reason) = policies.check(p);
        assertTrue(ready);
        assertEq(reason, bytes4(0));
        p.triggerValue = 1.1e18;
        (ready, reason) = policies.check(p);
        assertFalse(ready);
        assertEq(reason, IProtectionPolicies.TriggerNotMet.selector);
    }

    /// @dev `check` reports what would only fail inside the action: a delisted adapter, a missing authorization.
    function test_Check_SaysWhatTheActionWouldMeet() public {
        Policy memory p = deleveragePolicy();
        registry.setSwapAdapter(swapAdapter, false);
        (, bytes4 reason) = policies.check(p);
        assertEq(reason, IPeripheryErrors.AdapterNotAllowed.selector);
        registry.setSwapAdapter(swapAdapter, true);
        vm.prank(bob);
        pool.setAuthorization(address(policies), false);
        (, reason) = policies.check(p);
        assertEq(reason, IProtectionPolicies.PolicyNotAuthorized.selector);
        vm.prank(bob);
        pool.setAuthorization(address(policies), true);
        registry.setPriceOracle(address(weth), IPriceOracle(address(0)));
        (, reason) = policies.check(p);
        assertEq(reason, IPeripheryErrors.NoPriceOracle.selector, "a sale it could not check");
    }

    /// @dev A vault policy that sells through the peg module cannot run while the module is frozen: `check` says so.
    function test_Check_ReportsAFrozenPegModule() public {
        Policy memory p = vaultPolicy();
        p.throughPegModule = true;
        setEthPrice(2_600e8); // ratio 1.53, below the 1.8 trigger
        (bool ready, ) = policies.check(p);
        assertTrue(ready);
        psm.setFrozen(true);
        bytes4 reason;
        (ready, reason) = policies.check(p);
        assertFalse(ready);
        assertEq(reason, IPegStabilityModule.PsmFrozen.selector);
    }

    function vaultRatio(uint256 vaultId) internal view returns (uint256) {
        return (uint256(engine.vault(vaultId).collateral) * 3_000e18) / engine.debtOf(vaultId);
    }
}
