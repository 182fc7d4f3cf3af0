// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Vm} from "forge-std/Vm.sol";
import {CollateralParams, CollateralType} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {RateLib} from "../../../src/libraries/RateLib.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";

/// @dev The stability fee: a RAY accumulator compounding every second. Accrual happens on mint,
/// repay, withdraw with debt, auctions, settle, parameter changes and shutdown; here a parameter
/// update with unchanged parameters (`poke`) brings the rate to now without touching any vault.
contract AccrueTest is CdpUnitBaseTest {
    function poke() internal {
        engine.setCollateralParams(ETH, ethParams);
    }

    function test_Accrue_FivePercentOverOneYear() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skip(365 days);
        uint256 rate = engine.currentRate(ETH);
        assertApproxEqRel(rate, 1.05e27, 1e9, "5% a year, to 9 digits");
        assertLe(rate, 1.05e27, "rounds down");
        assertApproxEqRel(debtOf(id), 10_500e18, 1e9);
        // Simple interest at the same per-second fee would stop near 10_487.9: the fee compounds.
        uint256 simple = 10_000e18 + (10_000e18 * (FEE_5_PERCENT - RAY) * 365 days) / RAY;
        assertGt(debtOf(id), simple + 12e18);
    }

    function test_Accrue_TwoYearsCompoundTheFirst() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skip(2 * 365 days);
        assertApproxEqRel(debtOf(id), 11_025e18, 1e9);
    }

    function test_Accrue_SameInStepsAsAtOnce() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        for (uint256 month; month < 12; ++month) {
            skip(30 days);
            poke();
        }
        skip(5 days);
        assertApproxEqRel(debtOf(id), 10_500e18, 1e9);
        assertApproxEqRel(engine.collateralType(ETH).rate, RateLib.rpow(FEE_5_PERCENT, 360 days), 1e9);
    }

    function test_Accrue_OneSecondIsTheFee() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skip(1);
        assertEq(engine.currentRate(ETH), FEE_5_PERCENT);
        // 10_000e18 × FEE / RAY = 10_000e18 + 15_471_259_578_632.12…, rounded up
        assertEq(debtOf(id), 10_000e18 + 15_471_259_578_633);
    }

    function test_Accrue_EmitsAndBooksTheFeeToSurplus() public {
        openVault(alice, 10e18, 10_000e18);
        skip(365 days);
        uint256 rate = engine.currentRate(ETH);
        uint256 feeRad = 10_000e18 * (rate - RAY);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Accrue(ETH, rate, feeRad);
        poke();
        CollateralType memory t = engine.collateralType(ETH);
        assertEq(t.rate, rate, "the view predicted the stored rate");
        assertEq(t.lastAccrual, vm.getBlockTimestamp());
        assertEq(engine.surplusRad(), int256(feeRad));
        assertEq(engine.totalDebtRad(), 10_000e18 * rate);
        assertEq(booksImbalance(), 0);
    }

    function test_Accrue_OncePerSecond() public {
        openVault(alice, 10e18, 10_000e18);
        skip(1 days);
        poke();
        vm.recordLogs();
        poke();
        assertEq(countAccrueLogs(vm.getRecordedLogs()), 0);
    }

    function test_Accrue_NoDebt_NoFeeBooked() public {
        skip(365 days);
        uint256 rate = engine.currentRate(ETH);
        assertGt(rate, RAY, "the accumulator grows without debt");
        poke();
        assertEq(engine.surplusRad(), 0);
        assertEq(engine.collateralType(ETH).rate, rate);
    }

    function test_Accrue_NoFeeAtRay() public {
        CollateralParams memory p = ethParamsCopy();
        p.stabilityFee = RAY;
        setEthParams(p);
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skipAndRefresh(365 days);
        assertEq(engine.currentRate(ETH), RAY);
        assertEq(debtOf(id), 10_000e18);
        vm.recordLogs();
        vm.prank(alice);
        engine.repay(id, 1_000e18);
        assertEq(countAccrueLogs(vm.getRecordedLogs()), 0);
        assertEq(engine.collateralType(ETH).lastAccrual, vm.getBlockTimestamp());
        assertEq(engine.surplusRad(), 0);
        assertEq(debtOf(id), 9_000e18);
    }

    function test_Accrue_FeeChangeAccruesTheOldFeeFirst() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skip(365 days);
        uint256 rate = engine.currentRate(ETH);
        CollateralParams memory p = ethParamsCopy();
        p.stabilityFee = RAY;
        setEthParams(p);
        assertEq(engine.collateralType(ETH).rate, rate);
        skip(365 days);
        assertEq(engine.currentRate(ETH), rate);
        assertApproxEqRel(debtOf(id), 10_500e18, 1e9);
    }

    function test_Accrue_StopsAfterShutdown() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skipAndRefresh(365 days);
        uint256 rate = engine.currentRate(ETH);
        uint256 debt = debtOf(id);
        engine.shutdown(ETH);
        assertEq(engine.collateralType(ETH).rate, rate, "accrued up to the shutdown");
        skipAndRefresh(365 days);
        assertEq(engine.currentRate(ETH), rate);
        assertEq(debtOf(id), debt);
        fundKusd(alice, 1_000e18);
        vm.prank(alice);
        assertEq(engine.repay(id, type(uint256).max), debt);
        assertEq(booksImbalance(), 0);
    }

    function test_Accrue_SaturatesWithoutReverting() public {
        CollateralParams memory p = ethParamsCopy();
        p.stabilityFee = engine.MAX_STABILITY_FEE();
        setEthParams(p);
        uint256 id = openVault(alice, 10e18, 100e18);
        vm.warp(vm.getBlockTimestamp() + 100 * 365 days);
        setEthParams(p);
        assertEq(engine.collateralType(ETH).rate, RateLib.GROWTH_CAP, "one accrual grows by the cap at most");
        vm.warp(vm.getBlockTimestamp() + 100 * 365 days);
        setEthParams(p);
        assertEq(engine.collateralType(ETH).rate, type(uint128).max);
        vm.warp(vm.getBlockTimestamp() + 1);
        setEthParams(p);
        assertEq(engine.currentRate(ETH), type(uint128).max);
        assertEq(debtOf(id), (100e18 * uint256(type(uint128).max) + RAY - 1) / RAY);
        assertEq(booksImbalance(), 0);
    }

    function test_DebtOf_ZeroWithoutDebt() public {
        uint256 id = openVault(alice, 10e18, 0);
        skip(365 days);
        assertEq(debtOf(id), 0);
        assertEq(debtOf(42), 0, "unknown vault");
    }

    function test_CurrentRate_RevertWhen_UnknownType() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownCollateralType.selector, 1));
        engine.currentRate(1);
    }

    function countAccrueLogs(Vm.Log[] memory logs) internal pure returns (uint256 count) {
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == ICdpEngine.Accrue.selector) ++count;
        }
    }
}
