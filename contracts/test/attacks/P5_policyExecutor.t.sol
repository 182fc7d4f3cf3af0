// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Action, Execution, IProtectionPolicies, Policy, Trigger} from "../../src/interfaces/IProtectionPolicies.sol";
import {IKeelErrors} from "../../src/interfaces/IKeelErrors.sol";
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
        Execution memory e = sellFor(p, 7_200e6);
        e.minAmountOut = 0;
        weth.mint(keeper, 2_000e18);
        vm.startPrank(keeper);
        weth.approve(address(router), 2_000e18);
        address[] memory path = new address[](2);
        (path[0], path[1]) = (address(weth), address(usdc));
        router.swapExactTokensForTokens(2_000e18, 0, path, keeper, block.timestamp);
        vm.stopPrank();
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
        policies.cancelAll(1);
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.PolicyCancelled.selector);
        policies.execute(p, signature, e);
    }

    /// @dev Bob's signature for this deployment, replayed on another one he also authorized: refused, because
    /// the EIP-712 domain names the contract.
    function test_Attack_SignatureReplayedOnAnotherDeploymentRefused() public {
        ProtectionPolicies other = new ProtectionPolicies(pool, engine, psm, registry);
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
        p.incentiveStartBps = 25;
        p.incentiveEndBps = 101; // the pool's own liquidation pays 1% at health 1
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
        p.incentiveStartBps = 25;
        p.incentiveEndBps = 100;
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

    /// @dev Close lets the keeper choose the sale: it asks for all ten WETH, to keep what the debt did not need.
    /// The sale may use only the collateral the debt needs at the oracles, less the policy's bound.
    function test_Attack_CloseSellingAllTheCollateralRefused() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.Close;
        Execution memory e = sellFor(p, debtIn(bob, R_USDC));
        e.sellCollateral = 10e18;
        e.minAmountOut = 0;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.SaleTooLarge.selector);
        policies.execute(p, signature, e);
        assertEq(collateralIn(bob, R_WETH), 10e18, "collateral untouched");
    }

    /// @dev A policy accepting any price (the old "no oracle" escape) is refused: the bound is at most 10%.
    function test_Attack_AnyPricePolicyRefused() public {
        Policy memory p = deleveragePolicy();
        p.maxDeviationBps = 10_000;
        Execution memory e = sellFor(p, 7_200e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.InvalidPolicy.selector, "maxDeviationBps"));
        policies.execute(p, signature, e);
    }

    /// @dev The keeper routes the sale through a token of its choosing (here kUSD) to price it at the bound:
    /// the policy commits to the direct pair.
    function test_Attack_OwnRouteRefused() public {
        Policy memory p = deleveragePolicy();
        Execution memory e = sellFor(p, 7_200e6);
        address[] memory path = new address[](3);
        (path[0], path[1], path[2]) = (address(weth), address(kusd), address(usdc));
        e.swapData = abi.encode(path);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.UnexpectedRoute.selector, keccak256(e.swapData)));
        policies.execute(p, signature, e);
    }

    /// @dev RepayFromWallet asked to repay a debt that is gone: nothing is repaid, so no fee is paid.
    function test_Attack_FeeForNothingRepaidRefused() public {
        vm.startPrank(bob);
        usdc.mint(bob, 1_000e6);
        usdc.approve(address(pool), type(uint256).max);
        pool.repay(P, R_USDC, 0, pool.position(P, bob, R_USDC).debtShares, bob);
        pool.borrow(P, R_DAI, 17_000e18, 0, bob, bob);
        vm.stopPrank();
        Policy memory p = deleveragePolicy();
        p.action = Action.RepayFromWallet;
        p.trigger = Trigger.PriceBelow;
        p.priceReserve = uint8(R_WETH);
        p.triggerValue = 3_100e18;
        p.repayAllowance = 10_000e6;
        Execution memory e;
        e.repayAssets = 9_900e6;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        policies.execute(p, signature, e);
    }

    /// @dev A "no ceiling" tolerance would let a debt-free account (health = max) pass the band: refused.
    function test_Attack_UnboundedToleranceRefused() public {
        Policy memory p = deleveragePolicy();
        p.healthTolerance = type(uint256).max - p.targetHealth;
        Execution memory e = sellFor(p, 7_200e6);
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.InvalidPolicy.selector, "healthTolerance"));
        policies.execute(p, signature, e);
    }

    /// @dev A liquidator that prefers Bob to fall below 1 spends the soft liquidation's executions on dust.
    function test_Attack_DustSoftLiquidationRefused() public {
        Policy memory p = deleveragePolicy();
        p.action = Action.SoftLiquidation;
        p.incentiveStartBps = 25;
        p.incentiveEndBps = 100;
        p.closeFactorBps = 5_000;
        Execution memory e;
        e.repayAssets = 1e6;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.RepaymentTooSmall.selector);
        policies.execute(p, signature, e);
    }

    /// @dev A phishing page had Bob sign a policy with his next nonce, dead today. Cancelling everything must
    /// not bring it to life: the nonce jumps past it.
    function test_Attack_PreSignedNextNonceStaysDead() public {
        Policy memory p = deleveragePolicy();
        p.nonce = 1;
        bytes memory signature = sign(p);
        vm.prank(bob);
        policies.cancelAll(1 + (uint256(keccak256("a random jump")) % type(uint64).max));
        Execution memory e = sellFor(p, 7_200e6);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.PolicyCancelled.selector);
        policies.execute(p, signature, e);
        vm.prank(bob);
        vm.expectPartialRevert(IProtectionPolicies.NonceNotAhead.selector);
        policies.cancelAll(1);
    }

    /// @dev Mallory signs a vault policy naming Bob's vault (Bob made the policy contract his engine operator
    /// for his own policies): refused, the vault must be the policy owner's.
    function test_Attack_PolicyOnSomeoneElsesVaultRefused() public {
        Policy memory p = vaultPolicy();
        uint256 malloryKey = 0xA11CE;
        p.owner = vm.addr(malloryKey);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(malloryKey, policies.hashPolicy(p));
        Execution memory e = sellForVault(p, 4_500e18);
        vm.prank(keeper);
        vm.expectRevert(abi.encodeWithSelector(IProtectionPolicies.InvalidPolicy.selector, "vaultId"));
        policies.execute(p, abi.encodePacked(r, s, v), e);
    }

    /// @dev The vault sale is bounded like the pool's: the keeper cannot sell the whole vault.
    function test_Attack_VaultSaleBeyondTheDebtRefused() public {
        Policy memory p = vaultPolicy();
        Execution memory e = sellForVault(p, 4_500e18);
        e.sellCollateral = 10e18;
        bytes memory signature = sign(p);
        vm.prank(keeper);
        vm.expectPartialRevert(IProtectionPolicies.SaleTooLarge.selector);
        policies.execute(p, signature, e);
    }
}
