// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevToken} from "../../../src/devnet/DevToken.sol";
import {IKeelConfigurator, ReserveParams, RiskBounds} from "../../../src/interfaces/IKeelConfigurator.sol";
import {
    EModeCategory,
    FLAG_BORROWABLE,
    FLAG_COLLATERAL,
    FLAG_PAUSED,
    ReserveConfig
} from "../../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../../utils/BaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

/// @dev Pool 1: reserve 0 WETH (collateral, borrowable), 1 an ETH-priced staking token (collateral),
/// 2 USDC (collateral, borrowable). E-mode category 1 (9000 / 9300 / 200) holds WETH and the staking
/// token. Three borrowers: one in e-mode, one outside it, one with debts spanning categories.
contract RiskChangesTest is BaseTest {
    uint256 internal constant Q = 1;
    uint256 internal constant Q_WETH = 0;
    uint256 internal constant Q_LST = 1;
    uint256 internal constant Q_USDC = 2;
    uint256 internal constant Q_RESERVES = 3;
    uint8 internal constant ETH_CATEGORY = 1;
    uint8 internal constant USD_CATEGORY = 2;

    DevToken internal lst;
    address[3] internal accounts = [makeAddr("inEMode"), makeAddr("outsideEMode"), makeAddr("mixedDebts")];

    /// @dev Ghosts of the fuzz: each threshold's last cut, by knob (reserves 0–2, categories 3–4).
    uint256[5] internal ghostLastCut;
    uint256 internal entropy;

    function setUp() public override {
        super.setUp();
        lst = new DevToken("Staked Ether", "stETH", 18);
        ReserveParams[] memory reserves = new ReserveParams[](Q_RESERVES);
        reserves[Q_WETH] = collateralParams(address(weth), address(ethOracle));
        reserves[Q_WETH].borrowEnabled = true;
        reserves[Q_LST] = collateralParams(address(lst), address(ethOracle));
        (reserves[Q_LST].ltvBps, reserves[Q_LST].liquidationThresholdBps) = (7500, 8000);
        reserves[Q_USDC] = collateralParams(address(usdc), address(usdcOracle));
        (reserves[Q_USDC].ltvBps, reserves[Q_USDC].liquidationThresholdBps) = (7500, 8000);
        reserves[Q_USDC].borrowEnabled = true;
        assertEq(createPool(riskAdmin, reserves), Q);
        vm.startPrank(riskAdmin);
        configurator.setEMode(Q, ETH_CATEGORY, EModeCategory(9000, 9300, 200));
        reserves[Q_WETH].eModeCategory = ETH_CATEGORY;
        reserves[Q_LST].eModeCategory = ETH_CATEGORY;
        configurator.updateReserve(Q, Q_WETH, reserves[Q_WETH]);
        configurator.updateReserve(Q, Q_LST, reserves[Q_LST]);
        vm.stopPrank();

        deposit(lender, Q_WETH, 100e18, false);
        deposit(lender, Q_USDC, 1_000_000e6, false);
        // In e-mode: 30,000 USD of the staking token, 24,000 USD of WETH owed: health 1.16.
        deposit(accounts[0], Q_LST, 10e18, true);
        take(accounts[0], Q_WETH, 8e18);
        // Outside: WETH and USDC collateral, USDC owed: health 1.675.
        deposit(accounts[1], Q_WETH, 10e18, true);
        deposit(accounts[1], Q_USDC, 10_000e6, true);
        take(accounts[1], Q_USDC, 20_000e6);
        // Debts in two categories: own limits apply: health 1.77.
        deposit(accounts[2], Q_LST, 5e18, true);
        deposit(accounts[2], Q_WETH, 5e18, true);
        take(accounts[2], Q_WETH, 3e18);
        take(accounts[2], Q_USDC, 5000e6);
    }

    // ----- helpers -----

    function deposit(address who, uint256 reserve, uint256 assets, bool asCollateral) internal {
        DevToken token = DevToken(pool.reserveConfig(Q, reserve).asset);
        token.mint(who, assets);
        vm.startPrank(who);
        token.approve(address(pool), assets);
        if (asCollateral) pool.supplyCollateral(Q, reserve, assets, who);
        else pool.supply(Q, reserve, assets, 0, who);
        vm.stopPrank();
    }

    function take(address who, uint256 reserve, uint256 assets) internal {
        vm.prank(who);
        pool.borrow(Q, reserve, assets, 0, who, who);
    }

    /// @dev The parameters that reproduce a reserve's current configuration.
    function paramsOf(uint256 reserve) internal view returns (ReserveParams memory p) {
        ReserveConfig memory c = pool.reserveConfig(Q, reserve);
        p = ReserveParams({
            asset: c.asset,
            oracle: c.oracle,
            irm: c.irm,
            ltvBps: c.ltvBps,
            liquidationThresholdBps: c.liquidationThresholdBps,
            maxLiquidationBonusBps: c.maxLiquidationBonusBps,
            reserveFactorBps: c.reserveFactorBps,
            liquidationFeeBps: c.liquidationFeeBps,
            supplyCap: c.supplyCap,
            borrowCap: c.borrowCap,
            collateralEnabled: c.flags & FLAG_COLLATERAL != 0,
            borrowEnabled: c.flags & FLAG_BORROWABLE != 0,
            eModeCategory: c.eModeCategory
        });
    }

    function update(uint256 reserve, ReserveParams memory p) internal {
        vm.prank(riskAdmin);
        configurator.updateReserve(Q, reserve, p);
    }

    function setCategory(uint8 category, uint16 ltvBps, uint16 thresholdBps, uint16 bonusBps) internal {
        vm.prank(riskAdmin);
        configurator.setEMode(Q, category, EModeCategory(ltvBps, thresholdBps, bonusBps));
    }

    function outOfBounds(string memory parameter) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, parameter);
    }

    function passDays(uint256 days_) internal {
        skipTime(days_ * 1 days);
    }

    // ----- unit tests -----

    function test_UpdateReserve_LtvDropsToZeroAtOnce() public {
        ReserveParams memory p = paramsOf(Q_WETH);
        p.ltvBps = 0;
        update(Q_WETH, p);
        assertEq(pool.reserveConfig(Q, Q_WETH).ltvBps, 0);
        assertEq(configurator.lastThresholdCut(Q, Q_WETH), 0, "an LTV change is not a threshold cut");
    }

    function test_UpdateReserve_RevertWhen_ThresholdCutLargerThanAStep() public {
        ReserveParams memory p = paramsOf(Q_USDC);
        p.liquidationThresholdBps = 7599; // 8000 × 95% = 7600
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("thresholdCut"));
        configurator.updateReserve(Q, Q_USDC, p);
        p.liquidationThresholdBps = 7600;
        update(Q_USDC, p);
        assertEq(configurator.lastThresholdCut(Q, Q_USDC), vm.getBlockTimestamp());
    }

    function test_UpdateReserve_RevertWhen_ThresholdCutTooSoon() public {
        ReserveParams memory p = paramsOf(Q_USDC);
        p.liquidationThresholdBps = 7900;
        update(Q_USDC, p);
        uint256 allowedAt = vm.getBlockTimestamp() + configurator.THRESHOLD_CUT_INTERVAL();
        p.liquidationThresholdBps = 7899;
        vm.prank(riskAdmin);
        vm.expectRevert(abi.encodeWithSelector(IKeelConfigurator.ThresholdCutTooSoon.selector, allowedAt));
        configurator.updateReserve(Q, Q_USDC, p);
        // A raise in the meantime neither waits nor restarts the clock.
        p.liquidationThresholdBps = 8000;
        update(Q_USDC, p);
        passDays(1);
        p.liquidationThresholdBps = 7600;
        update(Q_USDC, p);
    }

    function test_UpdateReserve_ThresholdAboveALoweredBoundComesDownByCuts() public {
        RiskBounds memory b = defaultBounds();
        (b.maxLtvBps, b.maxLiquidationThresholdBps) = (7500, 8000);
        configurator.setRiskBounds(b);
        // USDC's 80% is within the new bound; WETH's 85% is above it, and may stay there…
        ReserveParams memory p = paramsOf(Q_WETH);
        p.ltvBps = 0;
        update(Q_WETH, p);
        // …or come down a step at a time, but never go back up.
        p.liquidationThresholdBps = 8075;
        update(Q_WETH, p);
        p.liquidationThresholdBps = 8100;
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("threshold"));
        configurator.updateReserve(Q, Q_WETH, p);
    }

    function test_UpdateReserve_RevertWhen_AboveItsCategory() public {
        ReserveParams memory p = paramsOf(Q_LST);
        p.liquidationThresholdBps = 9400;
        p.maxLiquidationBonusBps = 100;
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("eMode"));
        configurator.updateReserve(Q, Q_LST, p);
        p.liquidationThresholdBps = 9300;
        p.ltvBps = 9100;
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("eMode"));
        configurator.updateReserve(Q, Q_LST, p);
        p.ltvBps = 9000;
        update(Q_LST, p); // equal to the category is allowed
    }

    function test_UpdateReserve_JoiningACategoryRaisesHealth() public {
        setCategory(USD_CATEGORY, 9000, 9300, 300);
        uint256 before = pool.healthFactor(Q, accounts[1]);
        ReserveParams memory p = paramsOf(Q_USDC);
        p.eModeCategory = USD_CATEGORY;
        update(Q_USDC, p);
        assertGe(pool.healthFactor(Q, accounts[1]), before);
    }

    function test_CreatePool_RevertWhen_ListedIntoAnUndefinedCategory() public {
        ReserveParams[] memory reserves = new ReserveParams[](1);
        reserves[0] = collateralParams(address(weth), address(ethOracle));
        reserves[0].eModeCategory = ETH_CATEGORY;
        uint256[] memory seeds = new uint256[](1);
        seeds[0] = 1000;
        weth.mint(address(this), 1000);
        weth.approve(address(configurator), 1000);
        vm.expectRevert(outOfBounds("eMode"));
        configurator.createPool(riskAdmin, reserves, seeds);
        // A reserve with no threshold (a loan asset) may be listed into a category that is set later.
        reserves[0] = loanParams(address(weth), address(ethOracle));
        reserves[0].eModeCategory = ETH_CATEGORY;
        configurator.createPool(riskAdmin, reserves, seeds);
    }

    function test_SetEMode_RevertWhen_BelowAMember() public {
        vm.startPrank(riskAdmin);
        vm.expectRevert(outOfBounds("eMode"));
        configurator.setEMode(Q, ETH_CATEGORY, EModeCategory(7900, 9300, 200)); // below WETH's LTV of 80%
        vm.expectRevert(outOfBounds("eMode"));
        configurator.setEMode(Q, ETH_CATEGORY, EModeCategory(8000, 8499, 200)); // below WETH's 85%
        vm.stopPrank();
    }

    function test_SetEMode_ThresholdCutsBoundedPerStepAndPerDay() public {
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("thresholdCut"));
        configurator.setEMode(Q, ETH_CATEGORY, EModeCategory(8500, 8834, 200)); // 9300 × 95% = 8835
        setCategory(ETH_CATEGORY, 8500, 8835, 200);
        assertEq(configurator.lastEModeThresholdCut(Q, ETH_CATEGORY), vm.getBlockTimestamp());
        vm.prank(riskAdmin);
        vm.expectPartialRevert(IKeelConfigurator.ThresholdCutTooSoon.selector);
        configurator.setEMode(Q, ETH_CATEGORY, EModeCategory(8500, 8600, 200));
        passDays(1);
        setCategory(ETH_CATEGORY, 8500, 8600, 200);
        passDays(1);
        // Never below a member (WETH: 85%).
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("eMode"));
        configurator.setEMode(Q, ETH_CATEGORY, EModeCategory(8000, 8400, 200));
    }

    function test_UpdateReserve_LeavingACategoryOnlyWhenNoHealthChanges() public {
        ReserveParams memory p = paramsOf(Q_LST);
        p.eModeCategory = 0;
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("eModeExit"));
        configurator.updateReserve(Q, Q_LST, p);
        // The procedure: cut the category to the highest member's own threshold (WETH's 85%) a step a
        // day, raise the other member's own threshold to it, then leave.
        setCategory(ETH_CATEGORY, 8500, 8835, 200);
        passDays(1);
        setCategory(ETH_CATEGORY, 8500, 8500, 200);
        p.liquidationThresholdBps = 8500;
        ReserveParams memory wethLeaving = paramsOf(Q_WETH);
        wethLeaving.eModeCategory = 0;
        vm.prank(riskAdmin);
        vm.expectRevert(outOfBounds("eModeExit")); // the staking token's own 80% is still below 85%
        configurator.updateReserve(Q, Q_WETH, wethLeaving);
        p.eModeCategory = ETH_CATEGORY;
        update(Q_LST, p); // a raise: only lifts the health of accounts outside e-mode
        uint256[3] memory before;
        for (uint256 i; i < 3; ++i) {
            before[i] = pool.healthFactor(Q, accounts[i]);
        }
        update(Q_WETH, wethLeaving);
        p.eModeCategory = 0;
        update(Q_LST, p);
        for (uint256 i; i < 3; ++i) {
            assertEq(pool.healthFactor(Q, accounts[i]), before[i], "leaving changed no health factor");
        }
    }

    // ----- adversarial configuration fuzz -----

    function rand(uint256 range) internal returns (uint256) {
        entropy = uint256(keccak256(abi.encode(entropy)));
        return entropy % range;
    }

    /// @dev A threshold a risk admin might try from `current`: a cut within a step, a cut beyond it,
    /// a raise, or anything at all.
    function tryThreshold(uint256 current) internal returns (uint16) {
        uint256 kind = rand(4);
        if (kind == 0) return uint16((current * (9500 + rand(501))) / 10_000 + 1);
        if (kind == 1) return uint16((current * (8000 + rand(1500))) / 10_000);
        if (kind == 2) return uint16(current + rand(1000));
        return uint16(rand(10_001));
    }

    function tryLtv(uint256 threshold) internal returns (uint16) {
        return uint16(rand(5) == 0 ? rand(10_001) : rand(threshold + 1));
    }

    function tryBonus(uint256 threshold) internal returns (uint16) {
        if (rand(5) == 0 || threshold == 0 || 1e8 / threshold <= 1e4 + 1) return uint16(rand(2001));
        uint256 most = 1e8 / threshold - 1e4 - 1;
        if (most > 1500) most = 1500;
        return uint16(1 + rand(most));
    }

    function healths() internal view returns (uint256[3] memory h) {
        for (uint256 i; i < 3; ++i) {
            h[i] = pool.healthFactor(Q, accounts[i]);
        }
    }

    function thresholdOfKnob(uint256 knob) internal view returns (uint256) {
        if (knob < Q_RESERVES) return pool.reserveConfig(Q, knob).liquidationThresholdBps;
        return pool.eMode(Q, uint8(knob - Q_RESERVES + 1)).liquidationThresholdBps;
    }

    /// @dev Every promise of the docs after any configuration call, accepted or refused.
    function checkPromises(uint256[5] memory thresholdsBefore, uint256[3] memory healthBefore) internal {
        RiskBounds memory b = configurator.riskBounds();
        for (uint256 r; r < Q_RESERVES; ++r) {
            ReserveConfig memory c = pool.reserveConfig(Q, r);
            assertLe(c.ltvBps, c.liquidationThresholdBps, "LTV <= threshold");
            assertLe(c.liquidationThresholdBps, b.maxLiquidationThresholdBps, "threshold bound");
            assertLe(c.maxLiquidationBonusBps, b.maxLiquidationBonusBps, "bonus bound");
            if (c.eModeCategory != 0) {
                EModeCategory memory e = pool.eMode(Q, c.eModeCategory);
                assertGe(e.ltvBps, c.ltvBps, "category LTV >= member's");
                assertGe(e.liquidationThresholdBps, c.liquidationThresholdBps, "category threshold >= member's");
            }
        }
        for (uint256 knob; knob < 5; ++knob) {
            uint256 nowThreshold = thresholdOfKnob(knob);
            if (nowThreshold >= thresholdsBefore[knob]) continue;
            assertGe(nowThreshold * 10_000, thresholdsBefore[knob] * 9500, "a cut takes 5% at most");
            if (ghostLastCut[knob] != 0) {
                assertGe(vm.getBlockTimestamp(), ghostLastCut[knob] + 1 days, "one cut a day at most");
            }
            ghostLastCut[knob] = vm.getBlockTimestamp();
        }
        uint256[3] memory healthAfter = healths();
        for (uint256 i; i < 3; ++i) {
            assertGe(healthAfter[i] + 1e9, (healthBefore[i] * 95) / 100, "one change lowers health by 5% at most");
        }
    }

    function testFuzz_ConfigurationKeepsItsPromises(uint256 seed) public {
        entropy = seed;
        for (uint256 step; step < 14; ++step) {
            uint256[5] memory thresholdsBefore;
            for (uint256 knob; knob < 5; ++knob) {
                thresholdsBefore[knob] = thresholdOfKnob(knob);
            }
            uint256[3] memory healthBefore = healths();
            uint256 action = rand(10);
            if (action < 5) {
                uint256 reserve = rand(Q_RESERVES);
                ReserveParams memory p = paramsOf(reserve);
                p.liquidationThresholdBps = tryThreshold(p.liquidationThresholdBps);
                p.ltvBps = tryLtv(p.liquidationThresholdBps);
                p.maxLiquidationBonusBps = tryBonus(p.liquidationThresholdBps);
                if (rand(4) == 0) p.eModeCategory = uint8(rand(3));
                if (rand(6) == 0) p.collateralEnabled = !p.collateralEnabled;
                vm.prank(riskAdmin);
                try configurator.updateReserve(Q, reserve, p) {} catch {}
            } else if (action < 8) {
                uint8 category = uint8(1 + rand(2));
                uint256 current = pool.eMode(Q, category).liquidationThresholdBps;
                uint16 threshold = tryThreshold(current == 0 ? 9000 : current);
                EModeCategory memory e = EModeCategory(tryLtv(threshold), threshold, tryBonus(threshold));
                vm.prank(riskAdmin);
                try configurator.setEMode(Q, category, e) {} catch {}
            } else if (action == 8) {
                uint256 reserve = rand(Q_RESERVES);
                vm.prank(guardian);
                configurator.setPaused(Q, reserve, true);
                vm.prank(guardian);
                try configurator.setPaused(Q, reserve, false) {
                    assertTrue(false, "the guardian lifted a pause");
                } catch {}
                assertEq(pool.reserveConfig(Q, reserve).flags & FLAG_PAUSED, FLAG_PAUSED, "still paused");
                if (rand(2) == 0) {
                    vm.prank(riskAdmin);
                    configurator.setPaused(Q, reserve, false);
                }
            } else {
                skipTime(rand(2 days));
                continue; // time moves health through interest, not through configuration
            }
            checkPromises(thresholdsBefore, healthBefore);
        }
    }
}
