// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CdpEngine} from "../../../src/cdp/CdpEngine.sol";
import {DevPriceFeed} from "../../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {CollateralParams, CollateralType, TYPE_MINT_PAUSED} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {IPriceOracle} from "../../../src/interfaces/IPriceOracle.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract CdpGovernanceTest is CdpUnitBaseTest {
    function expectOutOfBounds(CollateralParams memory p, string memory parameter) internal {
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, parameter));
        engine.setCollateralParams(ETH, p);
    }

    function expectNotOwner(address caller) internal {
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
    }

    // ----- listing -----

    function test_Constructor_RevertWhen_KusdIsZero() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        new CdpEngine(address(0), address(this), guardian);
    }

    function test_AddCollateralType_ListsWithRateAndPrice() public {
        DevToken wbtc = new DevToken("Wrapped Bitcoin", "WBTC", 8);
        CollateralParams memory p = defaultParams(adapter(new DevPriceFeed(8, "BTC / USD", 60_000e8), 8));
        vm.expectEmit(address(engine));
        emit ICdpEngine.AddCollateralType(1, address(wbtc), p);
        assertEq(engine.addCollateralType(address(wbtc), p), 1);
        assertEq(engine.collateralTypeCount(), 2);
        CollateralType memory t = engine.collateralType(1);
        assertEq(t.token, address(wbtc));
        assertEq(t.rate, RAY);
        assertEq(t.lastAccrual, vm.getBlockTimestamp());
        assertEq(t.lastGoodPrice, 60_000e28, "answer 60_000e8 x 10^(36 - 8 - 8)");
        assertEq(address(t.oracle), address(p.oracle));
        assertEq(t.feeExcess, FEE_5_PERCENT - RAY);
        assertEq(t.debtFloor, 100e18);
        assertEq(t.flags, 0);
    }

    function test_AddCollateralType_RevertWhen_NotOwner() public {
        expectNotOwner(guardian);
        engine.addCollateralType(address(weth), ethParams);
    }

    function test_AddCollateralType_RevertWhen_TokenIsZero() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.addCollateralType(address(0), ethParams);
    }

    function test_AddCollateralType_RevertWhen_OracleFails() public {
        ethFeed.setAnswer(-1);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-1)));
        engine.addCollateralType(address(weth), ethParams);
    }

    function test_AddCollateralType_RevertWhen_ParameterOutOfBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.stabilityFee = RAY - 1;
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "stabilityFee"));
        engine.addCollateralType(address(weth), p);
    }

    // ----- setCollateralParams -----

    function test_SetCollateralParams_StoresEveryField() public {
        CollateralParams memory p = ethParamsCopy();
        p.stabilityFee = RAY + 1;
        p.minRatioBps = 16_000;
        p.liquidationPenaltyBps = 1_000;
        p.auctionStartBufferBps = 11_000;
        p.auctionFloorBps = 5_000;
        p.keeperFeeBps = 5;
        p.auctionHalfLife = 20 minutes;
        p.auctionMaxDuration = 2 hours;
        p.debtCeiling = 1_000_000e18;
        p.debtFloor = 500e18;
        p.keeperTip = 20e18;
        p.auctionLimit = 100_000e18;
        vm.expectEmit(address(engine));
        emit ICdpEngine.SetCollateralParams(ETH, p);
        setEthParams(p);
        CollateralType memory t = engine.collateralType(ETH);
        assertEq(t.feeExcess, 1);
        assertEq(t.minRatioBps, 16_000);
        assertEq(t.liquidationPenaltyBps, 1_000);
        assertEq(t.auctionStartBufferBps, 11_000);
        assertEq(t.auctionFloorBps, 5_000);
        assertEq(t.keeperFeeBps, 5);
        assertEq(t.auctionHalfLife, 20 minutes);
        assertEq(t.auctionMaxDuration, 2 hours);
        assertEq(t.debtCeiling, 1_000_000e18);
        assertEq(t.debtFloor, 500e18);
        assertEq(t.keeperTip, 20e18);
        assertEq(t.auctionLimit, 100_000e18);
        assertEq(t.token, address(weth), "the token never changes");
    }

    function test_SetCollateralParams_RevertWhen_NotOwner() public {
        expectNotOwner(guardian);
        engine.setCollateralParams(ETH, ethParams);
    }

    function test_SetCollateralParams_RevertWhen_UnknownType() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownCollateralType.selector, 1));
        engine.setCollateralParams(1, ethParams);
    }

    function test_SetCollateralParams_RevertWhen_OracleIsZero() public {
        CollateralParams memory p = ethParamsCopy();
        p.oracle = IPriceOracle(address(0));
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        setEthParams(p);
    }

    function test_SetCollateralParams_StabilityFeeBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.stabilityFee = RAY - 1;
        expectOutOfBounds(p, "stabilityFee");
        p.stabilityFee = engine.MAX_STABILITY_FEE() + 1;
        expectOutOfBounds(p, "stabilityFee");
        p.stabilityFee = RAY;
        setEthParams(p);
        p.stabilityFee = engine.MAX_STABILITY_FEE();
        setEthParams(p);
        assertEq(engine.collateralType(ETH).feeExcess, engine.MAX_STABILITY_FEE() - RAY);
    }

    function test_SetCollateralParams_MinRatioBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.liquidationPenaltyBps = 0;
        p.keeperFeeBps = 0; // a keeper reward needs a penalty to pay for it
        p.keeperTip = 0;
        p.minRatioBps = 10_099;
        expectOutOfBounds(p, "minRatio");
        p.minRatioBps = 50_001;
        expectOutOfBounds(p, "minRatio");
        p.minRatioBps = 10_100;
        setEthParams(p);
        p.minRatioBps = 50_000;
        setEthParams(p);
    }

    function test_SetCollateralParams_PenaltyBound() public {
        CollateralParams memory p = ethParamsCopy();
        p.liquidationPenaltyBps = 2_501;
        expectOutOfBounds(p, "liquidationPenalty");
        p.liquidationPenaltyBps = 2_500;
        setEthParams(p);
    }

    function test_SetCollateralParams_MinRatioMustCoverThePenalty() public {
        CollateralParams memory p = ethParamsCopy();
        p.minRatioBps = 11_000;
        p.keeperTip = 5e18;
        p.liquidationPenaltyBps = 1_001;
        expectOutOfBounds(p, "minRatioBelowPenalty");
        p.liquidationPenaltyBps = 1_000;
        setEthParams(p);
    }

    function test_SetCollateralParams_StartBufferBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionStartBufferBps = 9_999;
        expectOutOfBounds(p, "auctionStartBuffer");
        p.auctionStartBufferBps = 20_001;
        expectOutOfBounds(p, "auctionStartBuffer");
        p.auctionStartBufferBps = 10_000;
        setEthParams(p);
        p.auctionStartBufferBps = 20_000;
        setEthParams(p);
    }

    function test_SetCollateralParams_AuctionFloorBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionStartBufferBps = 10_000; // a high floor needs a low start: see CurveMustReachBelowTheOracle
        p.auctionFloorBps = 999;
        expectOutOfBounds(p, "auctionFloor");
        p.auctionFloorBps = 9_501;
        expectOutOfBounds(p, "auctionFloor");
        p.auctionFloorBps = 1_000;
        setEthParams(p);
        p.auctionFloorBps = 9_500;
        setEthParams(p);
    }

    function test_SetCollateralParams_KeeperFeeBound() public {
        CollateralParams memory p = ethParamsCopy();
        p.keeperFeeBps = 101;
        expectOutOfBounds(p, "keeperFee");
        p.keeperFeeBps = 100;
        setEthParams(p);
    }

    function test_SetCollateralParams_HalfLifeBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionHalfLife = 59;
        expectOutOfBounds(p, "auctionHalfLife");
        p.auctionHalfLife = 1 days + 1;
        expectOutOfBounds(p, "auctionHalfLife");
        p.auctionHalfLife = 60;
        setEthParams(p);
        p.auctionMaxDuration = 7 days; // a slow curve needs time: see CurveMustReachBelowTheOracle
        p.auctionHalfLife = 1 days;
        setEthParams(p);
    }

    /// @dev The curve must offer at least 1% under the oracle while the auction is live: the floor may
    /// not stop it above (buffer × floor ≤ 99%), and the time limit may not stop it above
    /// (buffer × 2^(−maxDuration / halfLife) ≤ 99%).
    function test_SetCollateralParams_CurveMustReachBelowTheOracle() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionStartBufferBps = 11_000;
        p.auctionFloorBps = 9_001; // 99.011%
        expectOutOfBounds(p, "auctionCurve");
        p.auctionFloorBps = 9_000; // 99%
        setEthParams(p);

        p = ethParamsCopy(); // 120%, one-hour half-life: 99% after 999.1 seconds
        p.auctionHalfLife = 1 hours;
        p.auctionMaxDuration = 999;
        expectOutOfBounds(p, "auctionCurve");
        p.auctionMaxDuration = 1_000;
        setEthParams(p);
    }

    function test_SetCollateralParams_MaxDurationBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionMaxDuration = 10 minutes - 1;
        expectOutOfBounds(p, "auctionMaxDuration");
        p.auctionMaxDuration = 7 days + 1;
        expectOutOfBounds(p, "auctionMaxDuration");
        p.auctionMaxDuration = 10 minutes;
        setEthParams(p);
        p.auctionMaxDuration = 7 days;
        setEthParams(p);
    }

    function test_SetCollateralParams_KeeperRewardAtMostThePenalty() public {
        CollateralParams memory p = ethParamsCopy();
        // floor 100 kUSD, penalty 13%, keeper fee 0.1%: tip ≤ 100 × (0.13 − 0.001 × 1.13) = 12.887 kUSD.
        p.keeperTip = 12.887e18 + 1;
        expectOutOfBounds(p, "keeperTip");
        p.keeperTip = 12.887e18;
        setEthParams(p);
    }

    function test_SetCollateralParams_RevertWhen_KeeperFeeExceedsPenalty() public {
        CollateralParams memory p = ethParamsCopy();
        p.keeperTip = 0;
        p.liquidationPenaltyBps = 10;
        p.keeperFeeBps = 10; // 0.1% of a tab of 100.1% of the debt is more than a 0.1% penalty
        expectOutOfBounds(p, "keeperFee");
        p.liquidationPenaltyBps = 11;
        setEthParams(p);
    }

    function test_SetCollateralParams_AuctionLimitBounds() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionLimit = p.debtFloor - 1;
        expectOutOfBounds(p, "auctionLimit");
        p.debtFloor = 0;
        p.keeperTip = 0;
        p.auctionLimit = 0;
        expectOutOfBounds(p, "auctionLimit");
        p.auctionLimit = 1;
        setEthParams(p);
        p.debtFloor = 100e18;
        p.auctionLimit = 100e18;
        setEthParams(p);
    }

    // ----- ceiling, guardian, pause -----

    function test_SetGlobalDebtCeiling() public {
        vm.expectEmit(address(engine));
        emit ICdpEngine.SetGlobalDebtCeiling(123e18);
        engine.setGlobalDebtCeiling(123e18);
        assertEq(engine.globalDebtCeiling(), 123e18);
        expectNotOwner(guardian);
        engine.setGlobalDebtCeiling(0);
    }

    function test_SetGuardian_MovesThePausePower() public {
        vm.expectEmit(address(engine));
        emit ICdpEngine.SetGuardian(bob);
        engine.setGuardian(bob);
        assertEq(engine.guardian(), bob);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, guardian));
        engine.setMintPaused(ETH, true);
        vm.prank(bob);
        engine.setMintPaused(ETH, true);
        expectNotOwner(bob);
        engine.setGuardian(bob);
    }

    function test_SetMintPaused_PauseByGuardianOrOwner_ResumeByOwnerOnly() public {
        vm.expectEmit(address(engine));
        emit ICdpEngine.SetMintPaused(ETH, true);
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        assertEq(engine.collateralType(ETH).flags, TYPE_MINT_PAUSED);
        engine.setMintPaused(ETH, false);
        assertEq(engine.collateralType(ETH).flags, 0);
        engine.setMintPaused(ETH, true);
        assertEq(engine.collateralType(ETH).flags, TYPE_MINT_PAUSED);
    }

    function test_SetMintPaused_RevertWhen_GuardianResumes() public {
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        expectNotOwner(guardian);
        engine.setMintPaused(ETH, false);
        assertEq(engine.collateralType(ETH).flags, TYPE_MINT_PAUSED);
    }

    function test_SetMintPaused_KeepsTheShutdownFlag() public {
        engine.shutdown(ETH);
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        engine.setMintPaused(ETH, false);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeIsShutdown.selector, ETH));
        engine.shutdown(ETH);
    }

    function test_SetMintPaused_RevertWhen_NotGuardian() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, alice));
        engine.setMintPaused(ETH, true);
    }

    function test_SetMintPaused_RevertWhen_UnknownType() public {
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownCollateralType.selector, 1));
        engine.setMintPaused(1, true);
    }

    function test_Guardian_CanOnlyPauseMint() public {
        expectNotOwner(guardian);
        engine.setCollateralParams(ETH, ethParams);
        expectNotOwner(guardian);
        engine.setGlobalDebtCeiling(0);
        expectNotOwner(guardian);
        engine.setGuardian(guardian);
        expectNotOwner(guardian);
        engine.shutdown(ETH);
        expectNotOwner(guardian);
        engine.withdrawSurplus(guardian, 0);
        expectNotOwner(guardian);
        engine.transferOwnership(guardian);
    }

    // ----- ownership -----

    function test_Ownership_TwoSteps() public {
        engine.transferOwnership(alice);
        assertEq(engine.owner(), address(this), "nothing moves before acceptance");
        assertEq(engine.pendingOwner(), alice);
        engine.setGlobalDebtCeiling(1);

        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bob));
        engine.acceptOwnership();

        vm.prank(alice);
        engine.acceptOwnership();
        assertEq(engine.owner(), alice);
        assertEq(engine.pendingOwner(), address(0));
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        engine.setGlobalDebtCeiling(2);
        vm.prank(alice);
        engine.setGlobalDebtCeiling(2);
        assertEq(engine.globalDebtCeiling(), 2);
    }
}
