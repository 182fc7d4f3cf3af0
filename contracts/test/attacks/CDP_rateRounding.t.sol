// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CollateralParams} from "../../src/interfaces/CdpTypes.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {CdpBaseTest} from "../utils/CdpBaseTest.sol";
import {RAY} from "../../src/libraries/Constants.sol";

/// @notice D1 and H2 for the rate accumulator (Hundred, Sonne and Raft's rounding abuse; Aave GHO and
/// Abracadabra's dust). kUSD debt is normalized × rate / RAY. An attacker mints and repays dust
/// against a large rate, or waits decades at the highest fee, hoping rounding hands it kUSD it does
/// not owe, or leaves debt that a full repay cannot clear. Minting rounds the debt up, repaying
/// rounds the relief down, a full repay clears exactly, and every rounding is booked to the surplus.
contract CdpRateRoundingAttack is CdpBaseTest {
    uint256 internal constant YEAR = 365 days;
    address internal attacker = makeAddr("attacker");
    uint256 internal dustType;

    function setUp() public override {
        super.setUp();
        // A type with no debt floor (so one-wei debts exist) at the highest fee the engine allows.
        CollateralParams memory p = ethParams;
        p.stabilityFee = engine.MAX_STABILITY_FEE();
        p.debtFloor = 0;
        p.keeperTip = 0;
        p.debtCeiling = type(uint128).max;
        dustType = engine.addCollateralType(address(weth), p);
        engine.setGlobalDebtCeiling(type(uint128).max);
        psm.setCap(type(uint128).max);
        vm.prank(attacker);
        weth.approve(address(engine), type(uint256).max);
    }

    function openDustVault(address who, uint256 collateral, uint256 debt) internal returns (uint256 id) {
        weth.mint(who, collateral);
        vm.prank(who);
        id = engine.open(dustType, who, collateral, debt, who);
    }

    /// @dev kUSD at par from the peg module, so repayments need no vault of their own.
    function buyKusd(address who, uint256 amount) internal {
        uint256 gemAmount = amount / 1e12 + 1;
        usdc.mint(who, gemAmount);
        vm.startPrank(who);
        usdc.approve(address(psm), gemAmount);
        psm.sellGem(gemAmount, who);
        vm.stopPrank();
    }

    /// @dev The attacker's kUSD minus what its vault owes, in kUSD wei (signed).
    function net(uint256 id) internal view returns (int256) {
        return int256(kusd.balanceOf(attacker)) - int256(engine.debtOf(id));
    }

    function totalNormalized(uint256 typeId) internal view returns (uint256) {
        return engine.collateralType(typeId).totalNormalizedDebt;
    }

    /// @dev Dust mints and repays at a large rate (about 58×, ten years at 50%), with time passing in
    /// between: the attacker's kUSD minus its debt never rises, and the books stay exact to the wei.
    function testFuzz_Attack_DustMintRepayLoopsNeverPay(uint256[16] memory steps) public {
        skipAndRefresh(10 * YEAR);
        uint256 id = openDustVault(attacker, 1e18, 0);
        buyKusd(attacker, 1_000e18); // the attacker's own stake, to repay with
        int256 startNet = net(id);
        for (uint256 i; i < steps.length; ++i) {
            uint256 amount = bound(steps[i], 1, 1_000);
            skipAndRefresh(bound(steps[i] >> 32, 0, 3 days));
            int256 before = net(id);
            vm.startPrank(attacker);
            if (steps[i] % 3 == 0 || engine.vault(id).normalizedDebt == 0) {
                engine.mint(id, amount, attacker);
            } else if (steps[i] % 3 == 1) {
                uint256 debt = engine.debtOf(id);
                engine.repay(id, amount < debt ? amount : debt);
            } else {
                engine.repay(id, type(uint256).max);
                assertEq(engine.vault(id).normalizedDebt, 0, "repay-all left debt");
            }
            vm.stopPrank();
            assertLe(net(id), before, "an operation paid the attacker");
            assertEq(booksImbalance(), 0, "books");
            assertEq(totalNormalized(dustType), engine.vault(id).normalizedDebt, "type total vs vault");
        }
        if (engine.vault(id).normalizedDebt != 0) {
            vm.prank(attacker);
            engine.repay(id, type(uint256).max);
        }
        assertEq(engine.vault(id).normalizedDebt, 0);
        assertEq(engine.debtOf(id), 0);
        assertEq(engine.totalDebtRad(), 0, "no debt left anywhere");
        assertLe(net(id), startNet, "the loop made kUSD");
        assertEq(booksImbalance(), 0);
    }

    /// @dev A repayment smaller than one normalized unit (rate / RAY wei) buys no relief at all: the
    /// payer loses the dust, which goes to the surplus.
    function test_Attack_SubUnitRepayBuysNothing() public {
        skipAndRefresh(10 * YEAR);
        uint256 rate = engine.currentRate(dustType);
        assertGt(rate, 50 * RAY);
        uint256 id = openDustVault(attacker, 1e18, 1);
        assertEq(engine.vault(id).normalizedDebt, 1, "one wei minted is one normalized unit");
        assertEq(engine.debtOf(id), (rate + RAY - 1) / RAY, "and owes a whole unit, rounded up");
        buyKusd(attacker, 1e18);
        int256 surplusBefore = engine.surplusRad();
        vm.prank(attacker);
        engine.repay(id, 1);
        assertEq(engine.vault(id).normalizedDebt, 1, "one wei cleared a unit worth ~58 wei");
        assertEq(engine.surplusRad(), surplusBefore + int256(RAY));
        vm.prank(attacker);
        uint256 repaid = engine.repay(id, type(uint256).max);
        assertEq(repaid, (rate + RAY - 1) / RAY);
        assertEq(engine.vault(id).normalizedDebt, 0);
        assertEq(booksImbalance(), 0);
    }

    /// @dev Repaying exactly the debt, or all of it, or closing, always lands on zero, whatever the
    /// amount and however long the debt ran.
    function testFuzz_Attack_RepayAllAlwaysEndsAtZero(uint256 amount, uint256 elapsed, uint8 how) public {
        amount = bound(amount, 1, 100_000e18);
        elapsed = bound(elapsed, 0, 50 * YEAR);
        uint256 other = openDustVault(bob, 1_000e18, 1_234_567);
        uint256 id = openDustVault(attacker, 100e18, amount);
        skipAndRefresh(elapsed);
        uint256 debt = engine.debtOf(id);
        buyKusd(attacker, debt);
        uint256 balanceBefore = kusd.balanceOf(attacker);
        vm.prank(attacker);
        if (how % 3 == 0) engine.repay(id, debt);
        else if (how % 3 == 1) engine.repay(id, type(uint256).max);
        else engine.close(id, attacker);
        assertEq(engine.vault(id).normalizedDebt, 0, "debt left after a full repay");
        assertEq(balanceBefore - kusd.balanceOf(attacker), debt, "paid exactly the debt");
        assertEq(totalNormalized(dustType), engine.vault(other).normalizedDebt, "only bob's debt remains");
        assertEq(engine.totalDebtRad(), totalNormalized(dustType) * engine.collateralType(dustType).rate);
        assertEq(booksImbalance(), 0);
    }

    /// @dev One wei short of the debt does not clear it (no "almost zero" state that reads as repaid),
    /// and what remains is a whole number of normalized units.
    function testFuzz_Attack_OneWeiShortLeavesHonestDebt(uint256 amount, uint256 elapsed) public {
        amount = bound(amount, 2, 100_000e18);
        elapsed = bound(elapsed, 1, 50 * YEAR);
        uint256 id = openDustVault(attacker, 100e18, amount);
        skipAndRefresh(elapsed);
        uint256 debt = engine.debtOf(id);
        buyKusd(attacker, debt);
        vm.prank(attacker);
        engine.repay(id, debt - 1);
        assertGt(engine.vault(id).normalizedDebt, 0);
        uint256 remaining = engine.debtOf(id);
        assertLt(remaining, debt);
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.RepayExceedsVaultDebt.selector, remaining, debt));
        engine.repay(id, debt);
        assertEq(booksImbalance(), 0);
    }

    /// @dev A century at the highest fee: accrual neither reverts nor overflows; the accumulator
    /// saturates at type(uint128).max, repay-all still clears to zero, and the fee booked equals the
    /// debt added, to the wei.
    function test_Attack_CenturyAtMaxFeeSaturates() public {
        uint256 dust = openDustVault(attacker, 1e18, 1); // one normalized unit
        uint256 big = openDustVault(alice, 10e18, 10_000e18);
        for (uint256 i; i < 10; ++i) {
            skipAndRefresh(10 * YEAR);
            vm.prank(alice);
            engine.repay(big, 1); // any call that accrues the type
            assertEq(booksImbalance(), 0);
            assertEq(engine.totalDebtRad(), totalNormalized(dustType) * engine.collateralType(dustType).rate);
        }
        uint256 rate = engine.collateralType(dustType).rate;
        assertEq(rate, type(uint128).max, "saturated");
        skipAndRefresh(100 * YEAR); // saturated: nothing more accrues, nothing reverts
        assertEq(engine.currentRate(dustType), rate);

        // Alice owes about 10,000 × 3.4e11 kUSD; bob mints that much against a mountain of collateral.
        uint256 aliceDebt = engine.debtOf(big);
        assertEq(aliceDebt, (uint256(engine.vault(big).normalizedDebt) * rate + RAY - 1) / RAY);
        uint256 payer = openDustVault(bob, 1e31, aliceDebt);
        vm.prank(bob);
        kusd.transfer(alice, aliceDebt);
        vm.prank(alice);
        engine.close(big, alice);
        assertEq(engine.vault(big).normalizedDebt, 0);
        assertEq(weth.balanceOf(alice), 10e18);

        // The one-wei debt now owes rate / RAY wei, rounded up; it clears for exactly that.
        uint256 dustDebt = engine.debtOf(dust);
        assertEq(dustDebt, rate / RAY + 1);
        buyKusd(attacker, dustDebt);
        vm.prank(attacker);
        assertEq(engine.repay(dust, type(uint256).max), dustDebt);
        assertEq(engine.vault(dust).normalizedDebt, 0);
        buyKusd(bob, engine.debtOf(payer));
        vm.prank(bob);
        engine.repay(payer, type(uint256).max);
        assertEq(engine.totalDebtRad(), 0);
        assertEq(booksImbalance(), 0);
    }

    /// @dev Nobody touches the type for a century: the single accrual caps its growth at RateLib's
    /// GROWTH_CAP (1.3e9×, reached after about 52 years at 50%) instead of overflowing; it neither
    /// reverts nor breaks the books, and later accruals carry on from there.
    /// Note: the cap undercharges such a dormant type (in the borrowers' favour), never overcharges.
    function test_Attack_SingleCenturyJumpNeverReverts() public {
        uint256 id = openDustVault(alice, 10e18, 10_000e18);
        skipAndRefresh(100 * YEAR);
        assertEq(engine.currentRate(dustType), 2 ** 120, "growth capped for one accrual");
        vm.prank(alice);
        engine.repay(id, 1);
        assertEq(engine.collateralType(dustType).rate, 2 ** 120);
        assertEq(booksImbalance(), 0);
        skipAndRefresh(YEAR);
        assertApproxEqRel(engine.currentRate(dustType), (2 ** 120 * 3) / 2, 1e10, "keeps accruing afterwards");
    }

    /// @dev How often someone accrues does not change the fee: a type accrued daily for a year and a
    /// twin accrued once at the end charge the same to 1e-12 (the accumulator only ever rounds down).
    function test_Attack_AccrualFrequencyDoesNotMatter() public {
        CollateralParams memory p = ethParams;
        p.stabilityFee = engine.MAX_STABILITY_FEE();
        p.debtFloor = 0;
        p.keeperTip = 0;
        uint256 twin = engine.addCollateralType(address(weth), p);
        uint256 daily = openDustVault(bob, 10e18, 10_000e18);
        weth.mint(alice, 10e18);
        vm.prank(alice);
        uint256 once = engine.open(twin, alice, 10e18, 10_000e18, alice);
        for (uint256 d; d < 365; ++d) {
            skipAndRefresh(1 days);
            vm.prank(bob);
            engine.repay(daily, 1);
        }
        vm.prank(alice);
        engine.repay(once, 1);
        uint256 dailyRate = engine.collateralType(dustType).rate;
        uint256 onceRate = engine.collateralType(twin).rate;
        assertApproxEqRel(dailyRate, (RAY * 3) / 2, 1e10, "50% a year, to 1e-8");
        assertApproxEqRel(dailyRate, onceRate, 1e6);
        assertEq(booksImbalance(), 0);
    }
}
