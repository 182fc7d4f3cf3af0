// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevToken} from "../../src/devnet/DevToken.sol";
import {IKeelConfigurator, ReserveParams, RiskBounds} from "../../src/interfaces/IKeelConfigurator.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {EModeCategory} from "../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {IKeelErrors} from "../../src/interfaces/IKeelErrors.sol";

/// @notice B1 (third-party dust): a stranger repays the last unit of a victim's only debt outside an
/// e-mode category, so the victim's collateral is valued at the category's limits from then on. Were a
/// category weaker than its members' own limits, that repay would push the victim into liquidation.
/// The configurator keeps every category at least as generous as each of its members, whichever is
/// set first, so no repay (by anyone) lowers a health factor.
contract B1EModeShiftAttack is BaseTest {
    uint256 internal constant P = 1;
    uint256 internal constant P_WETH = 0; // e-mode candidate, borrowable
    uint256 internal constant P_LST = 1; // e-mode candidate, the victim's collateral
    uint256 internal constant P_DAI = 2; // outside every category, borrowable
    uint8 internal constant ETH_CATEGORY = 1;

    DevToken internal lst;
    DevToken internal dai;
    ReserveParams[] internal listed;
    address internal victim = makeAddr("victim");
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        lst = new DevToken("Staked Ether", "stETH", 18);
        dai = new DevToken("Dai-like", "DAI", 6); // priced by the USDC adapter, whose feed every skipTime renews
        ReserveParams[] memory reserves = new ReserveParams[](3);
        reserves[P_WETH] = collateralParams(address(weth), address(ethOracle));
        reserves[P_WETH].borrowEnabled = true;
        reserves[P_LST] = collateralParams(address(lst), address(ethOracle)); // priced like ETH, for round numbers
        reserves[P_DAI] = loanParams(address(dai), address(usdcOracle));
        assertEq(createPool(riskAdmin, reserves), P);
        for (uint256 i; i < 3; ++i) {
            listed.push(reserves[i]);
        }
    }

    // ----- helpers -----

    function setCategory(uint16 ltvBps, uint16 thresholdBps, uint16 bonusBps) internal {
        vm.prank(riskAdmin);
        configurator.setEMode(P, ETH_CATEGORY, EModeCategory(ltvBps, thresholdBps, bonusBps));
    }

    function join(uint256 reserve) internal {
        listed[reserve].eModeCategory = ETH_CATEGORY;
        vm.prank(riskAdmin);
        configurator.updateReserve(P, reserve, listed[reserve]);
    }

    function mintTo(DevToken token, address who, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        token.approve(address(pool), type(uint256).max);
    }

    /// @dev The victim posts 10 LST (30,000 USD) and owes `wethDebt` of WETH plus 1 DAI, so its debts
    /// span two categories and its own limits apply.
    function openVictim(uint256 wethDebt) internal {
        mintTo(weth, lender, 1000e18);
        mintTo(dai, lender, 1000e6);
        vm.startPrank(lender);
        pool.supply(P, P_WETH, 1000e18, 0, lender);
        pool.supply(P, P_DAI, 1000e6, 0, lender);
        vm.stopPrank();
        mintTo(lst, victim, 10e18);
        vm.startPrank(victim);
        pool.supplyCollateral(P, P_LST, 10e18, victim);
        pool.borrow(P, P_WETH, wethDebt, 0, victim, victim);
        pool.borrow(P, P_DAI, 1e6, 0, victim, victim);
        vm.stopPrank();
    }

    /// @dev The stranger repays the victim's whole DAI debt: 1 DAI and its interest.
    function strangerRepaysDai() internal {
        mintTo(dai, attacker, 2e6);
        uint256 shares = pool.position(P, victim, P_DAI).debtShares;
        vm.prank(attacker);
        pool.repay(P, P_DAI, 0, shares, victim);
        assertEq(pool.position(P, victim, P_DAI).debtShares, 0);
    }

    // ----- the attack -----

    function test_Attack_ThirdPartyRepayCannotShiftVictimIntoAWeakerCategory() public {
        // Governance sets a category weaker than what its members will have (75% < LST's own 85%)…
        setCategory(7000, 7500, 500);
        // …then members join: refused, because the category would lower their holders' health.
        listed[P_LST].eModeCategory = ETH_CATEGORY;
        vm.prank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "eMode"));
        configurator.updateReserve(P, P_LST, listed[P_LST]);
        listed[P_LST].eModeCategory = 0;

        // The other order: a generous category with its members, then a cut below a member.
        setCategory(9000, 9300, 200);
        join(P_WETH);
        join(P_LST);
        vm.prank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "eMode"));
        configurator.setEMode(P, ETH_CATEGORY, EModeCategory(7000, 7500, 500));
        // Nor can a member's own limits be raised above its category's.
        listed[P_LST].liquidationThresholdBps = 9400;
        listed[P_LST].ltvBps = 8000;
        listed[P_LST].maxLiquidationBonusBps = 100;
        vm.prank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "eMode"));
        configurator.updateReserve(P, P_LST, listed[P_LST]);

        // The victim sits at health ≈ 1.10 on its own limits (85% of 30,000 / 23,180).
        openVictim(7.7266e18);
        uint256 before = pool.healthFactor(P, victim);
        assertApproxEqRel(before, 1.1e18, 0.001e18);
        strangerRepaysDai();
        assertGe(pool.healthFactor(P, victim), before, "the stranger's repay did not lower the victim's health");
        mintTo(weth, attacker, 10e18);
        vm.prank(attacker);
        vm.expectPartialRevert(IKeelPoolErrors.HealthyPosition.selector);
        pool.liquidate(P, victim, P_LST, P_WETH, 10e18, attacker);
    }

    function test_Attack_ListingIntoAWeakerCategoryRefused() public {
        setCategory(7000, 7500, 500);
        ReserveParams memory p = collateralParams(address(usdc), address(usdcOracle));
        p.eModeCategory = ETH_CATEGORY; // 85% of its own against the category's 75%
        usdc.mint(riskAdmin, 1e6);
        vm.startPrank(riskAdmin);
        usdc.approve(address(configurator), 1e6);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "eMode"));
        configurator.listReserve(P, p, 1e6);
        vm.stopPrank();
    }

    /// @dev Whatever limits the risk admin tries, every configuration it gets accepted leaves a
    /// third-party repay unable to lower the victim's health.
    function testFuzz_ThirdPartyRepayNeverLowersHealth(
        uint16 categoryLtv,
        uint16 categoryThreshold,
        uint16 categoryBonus,
        uint16 ownLtv,
        uint16 ownThreshold,
        bool categoryFirst
    ) public {
        RiskBounds memory b = configurator.riskBounds();
        categoryThreshold = uint16(bound(categoryThreshold, 1, b.maxLiquidationThresholdBps));
        categoryLtv = uint16(bound(categoryLtv, 0, categoryThreshold));
        categoryBonus = uint16(bound(categoryBonus, 1, 1e8 / categoryThreshold - 1e4 - 1));
        categoryBonus = uint16(bound(categoryBonus, 1, b.maxLiquidationBonusBps));
        ownThreshold = uint16(bound(ownThreshold, 5000, 8500));
        ownLtv = uint16(bound(ownLtv, 1000, ownThreshold));
        listed[P_LST].ltvBps = ownLtv;
        // Lower the LST's own threshold (raising needs no wait; a cut may take several days).
        while (listed[P_LST].liquidationThresholdBps > ownThreshold) {
            uint16 next = uint16((uint256(listed[P_LST].liquidationThresholdBps) * 95) / 100 + 1);
            listed[P_LST].liquidationThresholdBps = next > ownThreshold ? next : ownThreshold;
            if (listed[P_LST].ltvBps > listed[P_LST].liquidationThresholdBps) {
                listed[P_LST].ltvBps = listed[P_LST].liquidationThresholdBps;
            }
            vm.prank(riskAdmin);
            configurator.updateReserve(P, P_LST, listed[P_LST]);
            skipTime(1 days);
        }
        listed[P_LST].ltvBps = ownLtv;
        vm.prank(riskAdmin);
        configurator.updateReserve(P, P_LST, listed[P_LST]);

        // Either the attempt is accepted or refused; what matters is what a stranger can do afterwards.
        if (categoryFirst) _tryCategoryThenJoin(categoryLtv, categoryThreshold, categoryBonus);
        else _tryJoinThenCategory(categoryLtv, categoryThreshold, categoryBonus);
        EModeCategory memory e = pool.eMode(P, ETH_CATEGORY);
        if (pool.reserveConfig(P, P_LST).eModeCategory == ETH_CATEGORY) {
            assertGe(e.liquidationThresholdBps, ownThreshold, "category threshold >= member's");
            assertGe(e.ltvBps, ownLtv, "category LTV >= member's");
        }

        // The victim borrows up to 99% of its borrowing power on its own limits.
        uint256 wethDebt = (((10e18 * uint256(ownLtv)) / 1e4) * 99) / 100;
        openVictim(wethDebt);
        uint256 before = pool.healthFactor(P, victim);
        strangerRepaysDai();
        assertGe(pool.healthFactor(P, victim), before, "a stranger's repay never lowers health");
    }

    function _tryCategoryThenJoin(uint16 ltv, uint16 threshold, uint16 bonus) internal {
        vm.prank(riskAdmin);
        try configurator.setEMode(P, ETH_CATEGORY, EModeCategory(ltv, threshold, bonus)) {} catch {
            return;
        }
        listed[P_WETH].eModeCategory = ETH_CATEGORY;
        listed[P_LST].eModeCategory = ETH_CATEGORY;
        vm.startPrank(riskAdmin);
        try configurator.updateReserve(P, P_WETH, listed[P_WETH]) {} catch {}
        try configurator.updateReserve(P, P_LST, listed[P_LST]) {} catch {}
        vm.stopPrank();
    }

    function _tryJoinThenCategory(uint16 ltv, uint16 threshold, uint16 bonus) internal {
        setCategory(9300, 9500, 100);
        join(P_WETH);
        join(P_LST);
        // Cut the generous category toward the target, a day at a time, as far as the rules allow.
        EModeCategory memory e = pool.eMode(P, ETH_CATEGORY);
        for (uint256 day; day < 20 && e.liquidationThresholdBps > threshold; ++day) {
            uint16 next = uint16((uint256(e.liquidationThresholdBps) * 95) / 100 + 1);
            if (next < threshold) next = threshold;
            uint16 nextLtv = ltv < next ? ltv : next;
            vm.prank(riskAdmin);
            try configurator.setEMode(P, ETH_CATEGORY, EModeCategory(nextLtv, next, bonus)) {} catch {
                return;
            }
            e = pool.eMode(P, ETH_CATEGORY);
            skipTime(1 days);
        }
    }
}
