// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {PegStabilityModule} from "../../../src/cdp/PegStabilityModule.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {IPegStabilityModule} from "../../../src/interfaces/IPegStabilityModule.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract PsmGovernanceTest is CdpUnitBaseTest {
    function setUp() public override {
        super.setUp();
        fundKusd(bob, 10_000e18);
        usdc.mint(bob, 10_000e6);
    }

    function deploy(
        address gem,
        address kusd_,
        address engine_,
        address oracle,
        uint256 tolerance
    ) internal returns (PegStabilityModule) {
        return new PegStabilityModule(gem, kusd_, engine_, oracle, address(this), guardian, 1e18, tolerance);
    }

    /// @dev Both directions fail with `err`.
    function expectBothDirectionsRevert(bytes memory err) internal {
        vm.prank(bob);
        vm.expectRevert(err);
        psm.sellGem(1e6, bob);
        vm.prank(bob);
        vm.expectRevert(err);
        psm.buyGem(1e6, bob);
    }

    function expectBothDirectionsWork() internal {
        vm.startPrank(bob);
        psm.sellGem(1e6, bob);
        psm.buyGem(1e6, bob);
        vm.stopPrank();
    }

    function expectNotOwner(address caller) internal {
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, caller));
    }

    // ----- construction -----

    function test_Constructor_Units() public {
        assertEq(psm.pegPrice(), 1e30, "one USDC unit at 1 USD");
        (, PegStabilityModule daiModule) = newPegModule(18);
        assertEq(daiModule.pegPrice(), 1e18);
        assertEq(psm.gem(), address(usdc));
        assertEq(psm.kusd(), address(kusd));
        assertEq(psm.engine(), address(engine));
        assertEq(psm.gemOracle(), address(usdcOracle));
        assertEq(psm.cap(), 1_000_000e18);
        assertEq(psm.depegToleranceBps(), 100);
        assertEq(psm.guardian(), guardian);
        assertEq(psm.MAX_FEE_BPS(), 500);
    }

    function test_Constructor_RevertWhen_AddressIsZero() public {
        address oracle = address(usdcOracle);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        deploy(address(0), address(kusd), address(engine), oracle, 100);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        deploy(address(usdc), address(0), address(engine), oracle, 100);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        deploy(address(usdc), address(kusd), address(0), oracle, 100);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        deploy(address(usdc), address(kusd), address(engine), address(0), 100);
    }

    function test_Constructor_RevertWhen_GemHasMoreThan18Decimals() public {
        DevToken wide = new DevToken("Wide", "WIDE", 19);
        address oracle = address(usdcOracle);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "gemDecimals"));
        deploy(address(wide), address(kusd), address(engine), oracle, 100);
    }

    function test_Constructor_RevertWhen_ToleranceOutOfBounds() public {
        address oracle = address(usdcOracle);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "depegTolerance"));
        deploy(address(usdc), address(kusd), address(engine), oracle, 0);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "depegTolerance"));
        deploy(address(usdc), address(kusd), address(engine), oracle, 1_001);
    }

    // ----- fees, cap, tolerance -----

    function test_SetFees_Bounds() public {
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.SetFees(500, 500);
        psm.setFees(500, 500);
        assertEq(psm.feeInBps(), 500);
        assertEq(psm.feeOutBps(), 500);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "feeIn"));
        psm.setFees(501, 0);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "feeOut"));
        psm.setFees(0, 501);
        expectNotOwner(guardian);
        psm.setFees(0, 0);
    }

    function test_SetCap_BelowMintedStopsSalesOnly() public {
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.SetCap(5_000e18);
        psm.setCap(5_000e18);
        assertEq(psm.cap(), 5_000e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPegStabilityModule.PsmCapExceeded.selector, 10_001e18, 5_000e18));
        psm.sellGem(1e6, bob);
        vm.prank(bob);
        psm.buyGem(1e6, bob);
        expectNotOwner(guardian);
        psm.setCap(0);
    }

    function test_SetDepegTolerance_Bounds() public {
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.SetDepegTolerance(1_000);
        psm.setDepegTolerance(1_000);
        assertEq(psm.depegToleranceBps(), 1_000);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "depegTolerance"));
        psm.setDepegTolerance(0);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "depegTolerance"));
        psm.setDepegTolerance(1_001);
        expectNotOwner(guardian);
        psm.setDepegTolerance(100);
    }

    // ----- depeg and oracle -----

    function test_Depeg_AtTheToleranceStillSwaps() public {
        usdcFeed.setAnswer(0.99e8);
        expectBothDirectionsWork();
        usdcFeed.setAnswer(1.01e8);
        expectBothDirectionsWork();
    }

    function test_Depeg_BelowFreezesBothDirections() public {
        usdcFeed.setAnswer(0.99e8 - 1);
        expectBothDirectionsRevert(
            abi.encodeWithSelector(IPegStabilityModule.GemDepegged.selector, 0.99e30 - 1e22, 1e30)
        );
    }

    function test_Depeg_AboveFreezesBothDirections() public {
        usdcFeed.setAnswer(1.01e8 + 1);
        expectBothDirectionsRevert(
            abi.encodeWithSelector(IPegStabilityModule.GemDepegged.selector, 1.01e30 + 1e22, 1e30)
        );
    }

    function test_Depeg_WiderToleranceAccepts() public {
        usdcFeed.setAnswer(0.95e8);
        psm.setDepegTolerance(500);
        expectBothDirectionsWork();
    }

    function test_OracleRevert_BlocksBothDirections() public {
        usdcFeed.setAnswer(-1);
        expectBothDirectionsRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-1)));
    }

    // ----- freeze and guardian -----

    function test_SetFrozen_ByGuardianBlocksBothDirections() public {
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.SetFrozen(true);
        vm.prank(guardian);
        psm.setFrozen(true);
        assertTrue(psm.frozen());
        expectBothDirectionsRevert(abi.encodeWithSelector(IPegStabilityModule.PsmFrozen.selector));
        psm.setFrozen(false); // only the owner thaws
        expectBothDirectionsWork();
    }

    function test_SetFrozen_RevertWhen_GuardianThaws() public {
        psm.setFrozen(true);
        expectNotOwner(guardian);
        psm.setFrozen(false);
        assertTrue(psm.frozen());
    }

    function test_SetFrozen_ByOwner() public {
        psm.setFrozen(true);
        expectBothDirectionsRevert(abi.encodeWithSelector(IPegStabilityModule.PsmFrozen.selector));
        psm.setFrozen(false);
        expectBothDirectionsWork();
    }

    function test_SetFrozen_RevertWhen_NotGuardian() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, bob));
        psm.setFrozen(true);
    }

    function test_SetGuardian_MovesTheFreezePower() public {
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.SetGuardian(carol);
        psm.setGuardian(carol);
        assertEq(psm.guardian(), carol);
        vm.prank(guardian);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, guardian));
        psm.setFrozen(true);
        vm.prank(carol);
        psm.setFrozen(true);
        assertTrue(psm.frozen());
        expectNotOwner(carol);
        psm.setGuardian(carol);
    }

    function test_Ownership_TwoSteps() public {
        psm.transferOwnership(alice);
        assertEq(psm.owner(), address(this));
        assertEq(psm.pendingOwner(), alice);
        vm.prank(alice);
        psm.acceptOwnership();
        assertEq(psm.owner(), alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        psm.setFees(1, 1);
    }
}
