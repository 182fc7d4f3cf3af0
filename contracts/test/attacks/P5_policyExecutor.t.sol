// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Action, Execution, IProtectionPolicies, Policy, Trigger} from "../../src/interfaces/IProtectionPolicies.sol";
import {IPeripheryErrors} from "../../src/interfaces/IPeripheryErrors.sol";
import {ProtectionPolicies} from "../../src/periphery/ProtectionPolicies.sol";
import {PolicyBaseTest} from "../utils/PolicyBaseTest.sol";

/// @notice P5: an executor abusing a protection policy. The keeper tries to run Bob's policy early, twice, past its
/// bounds, at a price Bob did not accept, with a fee he did not sign, after he cancelled it, and with his signature
/// on another deployment. Each attempt is refused and Bob's position is untouched.
contract P5PolicyExecutorAttack is PolicyBaseTest {
    function expectUntouched(uint256 collateral, uint256 debtShares) internal view {
        assertEq(collateralIn(bob, R_WETH), collateral, "collateral untouched");
        assertEq(pool.position(P, bob, R_USDC).debtShares, debtShares, "debt untouched");
    }

    function test_Attack_EarlyExecutionRefused() public {
        Policy memory p = deleveragePolicy();
        p.triggerValue = 1.2e18; // Bob's health is 1.214
        Execution memory e = sellFor(p, 7_200e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.TriggerNotMet.selector);
        policies.execute(p, signature, e);
        expectUntouched(10e18, pool.position(P, bob, R_USDC).debtShares);
    }

    function test_Attack_PriceTriggerNotReachedRefused() public {
        Policy memory p = deleveragePolicy();
        p.trigger = Trigger.PriceBelow;
        p.priceReserve = uint8(R_WETH);
        p.triggerValue = 2_800e18; // ETH is at 3,000 (oracle scale for an 18-decimal token)
        Execution memory e = sellFor(p, 7_200e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.TriggerNotMet.selector);
        policies.execute(p, signature, e);
    }

    function test_Attack_SecondExecutionDuringCooldownRefused() public {
        Policy memory p = deleveragePolicy();
        p.targetHealth = 1.22e18;
        p.healthTolerance = 0.03e18;
        execute(p, sellFor(p, 700e6));
        // Bob's health is back below the trigger after a price dip; the cooldown still holds.
        setEthPrice(2_900e8);
        Execution memory e = sellFor(p, 700e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.PolicyCoolingDown.selector);
        policies.execute(p, signature, e);
    }

    function test_Attack_BeyondMaxExecutionsRefused() public {
        Policy memory p = deleveragePolicy();
        p.maxExecutions = 1;
        p.targetHealth = 1.22e18;
        p.healthTolerance = 0.03e18;
        execute(p, sellFor(p, 700e6));
        skipTime(2 hours);
        setEthPrice(2_900e8);
        Execution memory e = sellFor(p, 700e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.PolicyExhausted.selector, 1));
        policies.execute(p, signature, e);
    }

    /// @dev Selling far more than the band allows (to earn a larger fee) overshoots the ceiling.
    function test_Attack_OvershootRefused() public {
        Policy memory p = deleveragePolicy();
        uint256 shares = pool.position(P, bob, R_USDC).debtShares;
        Execution memory e = sellFor(p, 15_000e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.OutcomeOutOfBand.selector);
        policies.execute(p, signature, e);
        expectUntouched(10e18, shares);
    }

    function test_Attack_UndershootRefused() public {
        Policy memory p = deleveragePolicy();
        Execution memory e = sellFor(p, 1_000e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.OutcomeOutOfBand.selector);
        policies.execute(p, signature, e);
    }

    /// @dev The keeper dumps ETH into the market first, so that Bob's collateral sells cheap (the keeper would
    /// buy it back): the sale is more than 3% below the oracle and the policy refuses it.
    function test_Attack_SaleAtAPriceBobDidNotAcceptRefused() public {
        Policy memory p = deleveragePolicy();
        weth.mint(keeper, 2_000e18);
        vm.startPrank(keeper);
        weth.approve(address(router), 2_000e18);
        address[] memory path = new address[](2);
        (path[0], path[1]) = (address(weth), address(usdc));
        router.swapExactTokensForTokens(2_000e18, 0, path, keeper, block.timestamp);
        vm.stopPrank();
        Execution memory e = sellFor(p, 7_200e6);
        e.minAmountOut = 0;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IPeripheryErrors.PriceDeviationTooHigh.selector);
        policies.execute(p, signature, e);
    }

    /// @dev The keeper raises the fee in the policy it submits: the signature no longer matches.
    function test_Attack_AlteredFeeRefused() public {
        Policy memory p = deleveragePolicy();
        bytes memory signature = sign(p);
        p.feeBps = 500;
        p.maxFee = type(uint256).max;
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        vm.expectRevert(IProtectionPolicies.InvalidPolicySignature.selector);
        policies.execute(p, signature, e);
    }

    /// @dev Bob himself cannot sign away more than 5%: a fee above the contract's cap is refused.
    function test_FeeAboveTheContractCapRefused() public {
        Policy memory p = deleveragePolicy();
        p.feeBps = 501;
        Execution memory e = sellFor(p, 7_200e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.InvalidPolicy.selector, "feeBps"));
        policies.execute(p, signature, e);
    }

    function test_Attack_ExpiredRefused() public {
        Policy memory p = deleveragePolicy();
        skipTime(31 days);
        Execution memory e = sellFor(p, 7_200e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.PolicyExpired.selector, p.expiry));
        policies.execute(p, signature, e);
    }

    function test_Attack_CancelledRefused() public {
        Policy memory p = deleveragePolicy();
        bytes memory signature = sign(p);
        vm.prank(bob);
        policies.cancel(p);
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.PolicyCancelled.selector);
        policies.execute(p, signature, e);
    }

    function test_Attack_CancelAllKillsSignedPolicies() public {
        Policy memory p = deleveragePolicy();
        bytes memory signature = sign(p);
        vm.prank(bob);
        policies.cancelAll();
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.PolicyCancelled.selector);
        policies.execute(p, signature, e);
    }

    /// @dev Bob's signature for this deployment, replayed on another one he also authorized: refused, because
    /// the EIP-712 domain names the contract.
    function test_Attack_SignatureReplayedOnAnotherDeploymentRefused() public {
        ProtectionPolicies other = new ProtectionPolicies(pool, registry);
        vm.prank(bob);
        pool.setAuthorization(address(other), true);
        Policy memory p = deleveragePolicy();
        bytes memory signature = sign(p);
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        vm.expectRevert(IProtectionPolicies.InvalidPolicySignature.selector);
        other.execute(p, signature, e);
    }

    /// @dev A policy naming Bob as owner, signed by the keeper, is not Bob's; nor may anyone post it for him.
    function test_Attack_PolicySignedBySomeoneElseRefused() public {
        Policy memory p = deleveragePolicy();
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0xBAD, policies.hashPolicy(p));
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        vm.expectRevert(IProtectionPolicies.InvalidPolicySignature.selector);
        policies.execute(p, abi.encodePacked(r, s, v), e);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.InvalidPolicy.selector, "owner"));
        policies.post(p);
    }

    function test_Attack_RepayBeyondTheWalletAllowanceRefused() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.RepayFromWallet;
        p.repayAllowance = 3_000e6;
        usdc.mint(bob, 10_000e6);
        Execution memory e;
        e.repayAssets = 3_300e6;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.RepayAllowanceExceeded.selector);
        policies.execute(p, signature, e);
    }

    function test_Attack_SoftLiquidationRicherThanARealOneRefused() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.SoftLiquidation;
        p.incentiveStartBps = 100;
        p.incentiveEndBps = 900; // the reserve's bonus is at most 8%
        p.closeFactorBps = 5_000;
        Execution memory e;
        e.repayAssets = 5_000e6;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.InvalidPolicy.selector, "incentiveEndBps"));
        policies.execute(p, signature, e);
    }

    function test_Attack_SoftLiquidationBeyondTheCloseFactorRefused() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.SoftLiquidation;
        p.incentiveStartBps = 100;
        p.incentiveEndBps = 500;
        p.closeFactorBps = 2_000;
        Execution memory e;
        e.repayAssets = 5_000e6;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.CloseFactorExceeded.selector);
        policies.execute(p, signature, e);
    }

    function test_Attack_ForgedCallbackRefused() public {
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IPeripheryErrors.UntrustedLender.selector, keeper));
        policies.onFlashLoan(address(policies), address(usdc), 1e6, 0, "");
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IPeripheryErrors.UntrustedInitiator.selector, keeper));
        pool.flashLoan(policies, address(usdc), 1e6, "");
    }
}
