// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CollateralParams} from "../../src/interfaces/CdpTypes.sol";
import {ICdpErrors} from "../../src/interfaces/ICdpErrors.sol";
import {IKusd} from "../../src/interfaces/IKusd.sol";
import {IPegStabilityModule} from "../../src/interfaces/IPegStabilityModule.sol";
import {CdpBaseTest} from "../utils/CdpBaseTest.sol";
import {IKeelErrors} from "../../src/interfaces/IKeelErrors.sol";

/// @notice G2 (Aave 2023 freeze) for the kUSD engine: a pause that traps users. The guardian can only
/// stop new kUSD debt (per type) and freeze the peg module; repaying, adding and removing collateral,
/// closing, and every step of a liquidation keep working, and the guardian holds no other power.
contract G2CdpPauseAttack is CdpBaseTest {
    uint256 internal safeVault;
    uint256 internal riskyVault;

    function setUp() public override {
        super.setUp();
        safeVault = openVault(alice, 10e18, 10_000e18); // 300%
        riskyVault = openVault(bob, 10e18, 15_000e18); // 200%, unsafe below 2250 USD
        openVault(keeper, 100e18, 100_000e18); // a keeper with kUSD to take with
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
    }

    function test_Attack_MintPauseStopsOnlyNewDebt() public {
        vm.prank(keeper);
        kusd.transfer(alice, 1_000e18); // enough to cover the fee accrued below
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.MintPaused.selector, ETH));
        engine.mint(safeVault, 1e18, alice);
        weth.mint(alice, 11e18);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.MintPaused.selector, ETH));
        engine.open(ETH, alice, 10e18, 1_000e18, alice);
        uint256 empty = engine.open(ETH, alice, 10e18, 0, alice); // a vault without debt still opens

        skipAndRefresh(30 days);
        engine.repay(safeVault, 1_000e18);
        engine.deposit(safeVault, 1e18);
        engine.withdraw(safeVault, 5e18, alice); // still safe afterwards
        engine.withdraw(empty, 10e18, alice);
        uint256 debt = engine.debtOf(safeVault);
        (uint256 repaid, uint256 collateral) = engine.close(safeVault, alice);
        vm.stopPrank();
        assertEq(repaid, debt);
        assertEq(collateral, 6e18);
        assertEq(engine.vault(safeVault).normalizedDebt, 0);
        assertEq(weth.balanceOf(alice), 21e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Attack_LiquidationsRunWhilePaused() public {
        setEthPrice(2000);
        vm.prank(keeper);
        uint256 tab = engine.startAuction(riskyVault, keeper);
        assertGt(tab, 0);
        skipAndRefresh(14 minutes); // stale at its floor
        vm.prank(keeper);
        engine.resetAuction(riskyVault, keeper);
        vm.prank(keeper);
        (, uint256 paid) = engine.take(riskyVault, 10e18, type(uint256).max, keeper, "");
        assertEq(paid, tab);
        assertEq(engine.auction(riskyVault).tab, 0);
        // The rest of bob's collateral came back to his vault, and he can take it out.
        uint256 rest = engine.vault(riskyVault).collateral;
        assertGt(rest, 0);
        vm.prank(bob);
        engine.withdraw(riskyVault, rest, bob);
        assertEq(booksImbalance(), 0);
    }

    function test_Attack_GuardianHoldsNoOtherPower() public {
        CollateralParams memory p = ethParams;
        p.minRatioBps = 10_100;
        bytes memory notOwner = abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, guardian);
        vm.startPrank(guardian);
        vm.expectRevert(notOwner);
        engine.setCollateralParams(ETH, p);
        vm.expectRevert(notOwner);
        engine.addCollateralType(address(usdc), p);
        vm.expectRevert(notOwner);
        engine.setGlobalDebtCeiling(type(uint128).max);
        vm.expectRevert(notOwner);
        engine.setGuardian(guardian);
        vm.expectRevert(notOwner);
        engine.shutdown(ETH);
        vm.expectRevert(notOwner);
        engine.withdrawSurplus(guardian, 1);
        vm.expectRevert(notOwner);
        engine.transferOwnership(guardian);
        vm.expectRevert(notOwner);
        kusd.setMinter(guardian, true);
        vm.expectRevert(notOwner);
        kusd.setFlashParams(100, type(uint256).max, guardian);
        vm.expectRevert(notOwner);
        psm.setFees(500, 500);
        vm.expectRevert(notOwner);
        psm.setCap(type(uint256).max);
        vm.expectRevert(notOwner);
        psm.setDepegTolerance(1_000);
        vm.expectRevert(notOwner);
        psm.setGuardian(guardian);

        // Nor can it move anyone's collateral or kUSD.
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, guardian, alice));
        engine.withdraw(safeVault, 1, guardian);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, guardian, alice));
        engine.close(safeVault, guardian);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, guardian, alice));
        engine.transferVault(safeVault, guardian);
        vm.expectRevert(abi.encodeWithSelector(IKusd.NotMinter.selector, guardian));
        kusd.burn(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IKusd.NotMinter.selector, guardian));
        kusd.mint(guardian, 1);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.VaultIsSafe.selector, 3e18, 1.5e18));
        engine.startAuction(safeVault, guardian);
        vm.stopPrank();
        assertEq(kusd.balanceOf(guardian), 0);
        assertEq(weth.balanceOf(guardian), 0);

        // And nobody else can pause or freeze.
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, stranger));
        engine.setMintPaused(ETH, true);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.NotGuardian.selector, stranger));
        psm.setFrozen(true);
    }

    function test_Attack_PsmFreezeStopsBothWaysButNeverTrapsVaults() public {
        engine.setMintPaused(ETH, false); // only governance lifts the guardian's pause
        usdc.mint(alice, 5_000e6);
        vm.prank(alice);
        psm.sellGem(5_000e6, alice);

        vm.prank(guardian);
        psm.setFrozen(true);
        vm.startPrank(alice);
        vm.expectRevert(IPegStabilityModule.PsmFrozen.selector);
        psm.sellGem(1e6, alice);
        vm.expectRevert(IPegStabilityModule.PsmFrozen.selector);
        psm.buyGem(1e6, alice);
        // Vaults do not depend on the peg module: mint, repay, withdraw and close all go through.
        engine.mint(safeVault, 1_000e18, alice);
        engine.repay(safeVault, 2_000e18);
        engine.withdraw(safeVault, 1e18, alice);
        engine.close(safeVault, alice);
        vm.stopPrank();
        assertEq(engine.vault(safeVault).collateral, 0);
        assertEq(weth.balanceOf(alice), 10e18);

        // A depeg freezes it the same way; the vaults still do not care.
        psm.setFrozen(false); // only governance thaws
        usdcFeed.setAnswer(0.95e8);
        vm.startPrank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPegStabilityModule.GemDepegged.selector, 0.95e30, 1e30));
        psm.buyGem(1e6, bob);
        engine.repay(riskyVault, 1_000e18);
        vm.stopPrank();
        usdcFeed.setAnswer(1e8);
        vm.prank(alice);
        psm.buyGem(1_000e6, alice);
        assertEq(usdc.balanceOf(alice), 1_000e6);
        assertEq(booksImbalance(), 0);
    }
}
