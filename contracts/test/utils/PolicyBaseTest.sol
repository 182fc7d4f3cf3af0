// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Action, Execution, Policy, Trigger} from "../../src/interfaces/IProtectionPolicies.sol";
import {ProtectionPolicies} from "../../src/periphery/ProtectionPolicies.sol";
import {BundlerBaseTest} from "./BundlerBaseTest.sol";

/// @dev The real protection-policy contract over the bundler suite's pool, kUSD engine, peg module, markets,
/// registry and adapter. Bob (a key the test holds) posts 10 WETH (30,000 USD) and owes 21,000 USDC: health
/// 1.214. He has authorized the policy contract on the pool and on the engine, and approved it for USDC. The
/// keeper executes.
abstract contract PolicyBaseTest is BundlerBaseTest {
    uint256 internal constant BOB_KEY = 0xB0B;
    address internal bob = vm.addr(BOB_KEY);
    address internal keeper = makeAddr("keeper");
    ProtectionPolicies internal policies;
    /// @dev The adapter's direct pair: empty route data.
    bytes32 internal constant DIRECT_ROUTE = keccak256("");

    function setUp() public virtual override {
        super.setUp();
        policies = new ProtectionPolicies(pool, engine, psm, registry);
        openLoan(bob, 10e18, 21_000e6);
        vm.startPrank(bob);
        pool.setAuthorization(address(policies), true);
        engine.setOperator(address(policies), true);
        usdc.approve(address(policies), type(uint256).max);
        vm.stopPrank();
        usdc.mint(keeper, 100_000e6);
        vm.prank(keeper);
        usdc.approve(address(policies), type(uint256).max);
    }

    /// @dev Deleverage below health 1.25 to 1.40–1.50, through the adapter, within 3% of the oracles; 0.5% fee
    /// capped at 100 USDC; an hour apart, three times at most, for thirty days.
    function deleveragePolicy() internal view returns (Policy memory p) {
        p.owner = bob;
        p.poolId = P;
        p.trigger = Trigger.HealthBelow;
        p.triggerValue = 1.25e18;
        p.action = Action.Deleverage;
        p.collateralReserve = uint8(R_WETH);
        p.debtReserve = uint8(R_USDC);
        p.targetHealth = 1.4e18;
        p.healthTolerance = 0.1e18;
        p.adapter = address(swapAdapter);
        p.route = DIRECT_ROUTE;
        p.maxDeviationBps = 300;
        p.feeBps = 50;
        p.maxFee = 100e6;
        p.cooldown = 1 hours;
        p.expiry = uint64(block.timestamp + 30 days);
        p.maxExecutions = 3;
    }

    /// @dev Bob's vault of 10 WETH owing 17,000 kUSD (ratio 1.76): repay it below a ratio of 1.8 to 2.0–2.2 by
    /// selling WETH for kUSD, within 3% of the oracles; 0.5% fee capped at 100 kUSD.
    function vaultPolicy() internal returns (Policy memory p) {
        weth.mint(bob, 10e18);
        vm.startPrank(bob);
        weth.approve(address(engine), 10e18);
        uint256 vaultId = engine.open(0, bob, 10e18, 17_000e18, bob);
        vm.stopPrank();
        p = deleveragePolicy();
        p.action = Action.VaultRepay;
        p.vaultId = vaultId;
        p.triggerValue = 1.8e18;
        p.targetHealth = 2e18;
        p.healthTolerance = 0.2e18;
        p.maxFee = 100e18;
    }

    /// @dev The vault sale that repays `repay` kUSD plus the flash-mint fee and the policy's fee, with 0.3% to
    /// spare, straight to kUSD or through USDC and the peg module.
    function sellForVault(Policy memory p, uint256 repay) internal view returns (Execution memory e) {
        uint256 fee = (repay * p.feeBps) / 10_000;
        if (fee > p.maxFee) fee = p.maxFee;
        uint256 owed = repay + kusd.flashFee(address(kusd), repay) + fee;
        e.repayAssets = repay;
        uint256 quoted =
            p.throughPegModule
                ? quoteIn((owed * 10_010) / 10_000 / 1e12 + 1, address(weth), address(usdc))
                : quoteIn(owed, address(weth), address(kusd));
        e.sellCollateral = (quoted * 1003) / 1000;
        e.minAmountOut = owed;
    }

    function sign(Policy memory p) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(BOB_KEY, policies.hashPolicy(p));
        return abi.encodePacked(r, s, v);
    }

    /// @dev The sale that repays `repay` of debt plus the flash fee and the policy's fee, with 0.3% to spare.
    function sellFor(Policy memory p, uint256 repay) internal view returns (Execution memory e) {
        uint256 fee = (repay * p.feeBps) / 10_000;
        if (fee > p.maxFee) fee = p.maxFee;
        uint256 owed = repay + pool.flashFee(address(usdc), repay) + fee;
        e.repayAssets = repay;
        e.sellCollateral = (quoteIn(owed, address(weth), address(usdc)) * 1003) / 1000;
        e.minAmountOut = owed;
    }

    function execute(Policy memory p, Execution memory e) internal returns (uint256 fee) {
        bytes memory signature = sign(p);
        vm.prank(keeper);
        fee = policies.execute(p, signature, e);
    }
}
