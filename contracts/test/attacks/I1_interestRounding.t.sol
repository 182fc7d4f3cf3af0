// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {ReserveParams} from "../../src/interfaces/IKeelConfigurator.sol";
import {ReserveState} from "../../src/interfaces/PoolTypes.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice I1 (outside review MM-03): interest lost to rounding. Accrual rounded each period's interest
/// down and moved the clock on even when it was 0: 500k borrowed of a 2-decimal token paid nothing
/// when someone accrued every block, and a 0-decimal token lost 181 tokens a month on 100k to hourly
/// activity. Now the part of a unit that rounding leaves is carried to the next accrual, so interest
/// accrued every block equals interest accrued once, within rounding in the protocol's favour, at
/// any decimals from 0 to 36.
contract I1InterestRoundingAttack is BaseTest {
    uint256 internal constant LOAN = 0;
    uint256 internal constant COLLATERAL = 1;

    /// @dev Two identical pools lending a token of `decimals`: `eager` is accrued on every step,
    /// `lazy` once at the end.
    struct Twin {
        DevToken token;
        uint256 eager;
        uint256 lazy;
        uint256 principal;
    }

    /// @dev `principal` in token units; 1 token = 1 USD.
    function twin(uint8 decimals, uint256 principal) internal returns (Twin memory t) {
        t.token = new DevToken("Test", "TST", decimals);
        DevPriceFeed feed = new DevPriceFeed(8, "TST / USD", 1e8);
        ReserveParams[] memory reserves = new ReserveParams[](2);
        reserves[LOAN] = loanParams(address(t.token), address(adapter(feed, decimals)));
        reserves[COLLATERAL] = collateralParams(address(weth), address(ethOracle));
        t.eager = createPool(riskAdmin, reserves);
        t.lazy = createPool(riskAdmin, reserves);
        t.principal = principal;
        uint256[2] memory ids = [t.eager, t.lazy];
        for (uint256 i; i < 2; ++i) {
            t.token.mint(lender, 2 * t.principal);
            vm.startPrank(lender);
            t.token.approve(address(pool), type(uint256).max);
            pool.supply(ids[i], LOAN, 2 * t.principal, 0, lender);
            vm.stopPrank();
            // Collateral worth at least the loan three times over (WETH at 3,000).
            uint256 collateral = (principal * 1e18) / 10 ** decimals / 1000 + 1e18;
            weth.mint(borrower, collateral);
            vm.startPrank(borrower);
            pool.supplyCollateral(ids[i], COLLATERAL, collateral, borrower);
            pool.borrow(ids[i], LOAN, t.principal, 0, borrower, borrower);
            vm.stopPrank();
        }
    }

    function lazyState(uint256 poolId) internal view returns (ReserveState memory) {
        return pool.reserveState(poolId, LOAN);
    }

    /// @dev Accrues `eager` every `cadence` seconds for `steps` steps, then both once; returns their debts.
    function run(Twin memory t, uint256 cadence, uint256 steps) internal returns (uint256 eagerDebt, uint256 lazyDebt) {
        for (uint256 i; i < steps; ++i) {
            vm.warp(vm.getBlockTimestamp() + cadence);
            pool.accrueInterest(t.eager, LOAN);
        }
        pool.accrueInterest(t.lazy, LOAN);
        eagerDebt = pool.reserveState(t.eager, LOAN).totalBorrowAssets;
        lazyDebt = pool.reserveState(t.lazy, LOAN).totalBorrowAssets;
    }

    function test_Attack_TwoDecimalTokenAccruedEveryBlockPaysInterest() public {
        Twin memory t = twin(2, 500_000e2);
        (uint256 eagerDebt, uint256 lazyDebt) = run(t, 12, 7200); // one day of blocks
        uint256 lazyInterest = lazyDebt - t.principal;
        assertGt(lazyInterest, 0);
        assertGe(eagerDebt, lazyDebt, "accruing every block never pays less");
        assertLe(eagerDebt - lazyDebt, lazyInterest / 1000 + 1, "and only compounding more");
    }

    function test_Attack_ZeroDecimalTokenAccruedHourlyKeepsItsInterest() public {
        Twin memory t = twin(0, 100_000);
        (uint256 eagerDebt, uint256 lazyDebt) = run(t, 1 hours, 720); // 30 days
        uint256 lazyInterest = lazyDebt - t.principal;
        assertGt(lazyInterest, 100, "a month of interest on 100k whole tokens");
        assertGe(eagerDebt, lazyDebt);
        assertLe(eagerDebt - lazyDebt, lazyInterest / 1000 + 1);
    }

    /// @dev Decimals × cadence: 0, 2, 6, 8, 18, 24 and 36 decimals; accruals from every block to every day.
    function testFuzz_AccrualFrequencyNeverLosesInterest(
        uint256 decimalsIndex,
        uint256 cadence,
        uint256 principal
    ) public {
        uint8[7] memory decimalsChoices = [0, 2, 6, 8, 18, 24, 36];
        uint8 decimals = decimalsChoices[bound(decimalsIndex, 0, 6)];
        cadence = bound(cadence, 12, 1 days);
        // Up to a million tokens, and never more units than 128-bit supply shares hold at the offset's
        // 1e6 shares per unit (which bounds a 36-decimal reserve to a fraction of a token).
        principal = bound(principal, 1_000, decimals >= 24 ? 1e30 : 1_000_000 * 10 ** decimals);
        Twin memory t = twin(decimals, principal);
        uint256 rate = irm.borrowRateView(
            address(pool),
            t.lazy,
            LOAN,
            lazyState(t.lazy).totalSupplyAssets,
            lazyState(t.lazy).totalBorrowAssets
        );
        uint256 steps = 60;
        (uint256 eagerDebt, uint256 lazyDebt) = run(t, cadence, steps);
        uint256 lazyInterest = lazyDebt - t.principal;
        // Reference: at least simple interest at the opening rate, less the one unit rounding down takes.
        assertGe(lazyInterest + 1, (t.principal * rate * cadence * steps) / 1e18, "reference interest");
        assertGe(eagerDebt, lazyDebt, "frequency never pays less");
        assertLe(eagerDebt - lazyDebt, lazyInterest / 100 + 1, "only compounding apart");
    }
}
