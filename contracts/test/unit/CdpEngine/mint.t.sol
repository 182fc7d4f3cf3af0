// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevPriceFeed} from "../../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {CollateralParams} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract MintTest is CdpUnitBaseTest {
    function test_Mint_AddsDebtToReceiver() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Mint(id, alice, bob, 500e18, 500e18);
        vm.prank(alice);
        engine.mint(id, 500e18, bob);
        assertEq(kusd.balanceOf(bob), 500e18);
        assertEq(vaultOf(id).normalizedDebt, 1_500e18);
        assertEq(debtOf(id), 1_500e18);
        assertEq(engine.totalDebtRad(), 1_500e18 * RAY);
        assertEq(booksImbalance(), 0);
    }

    function test_Mint_AccruesThenNormalizesRoundedUp() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        skipAndRefresh(365 days);
        uint256 rate = engine.currentRate(ETH);
        uint256 feeRad = 1_000e18 * (rate - RAY);
        uint256 normalized = (500e18 * RAY + rate - 1) / rate;
        assertGt(normalized * rate, 500e18 * RAY, "this amount does not divide evenly");
        uint256 debtBefore = debtOf(id);
        int256 surplusBefore = engine.surplusRad();

        vm.expectEmit(address(engine));
        emit ICdpEngine.Accrue(ETH, rate, feeRad);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Mint(id, alice, alice, 500e18, normalized);
        vm.prank(alice);
        engine.mint(id, 500e18, alice);

        assertEq(engine.collateralType(ETH).rate, rate);
        assertEq(vaultOf(id).normalizedDebt, 1_000e18 + normalized);
        assertGe(debtOf(id), debtBefore + 500e18, "the vault owes at least what it received");
        // The surplus earns the accrued fee and the rounding of the new debt.
        assertEq(engine.surplusRad(), surplusBefore + int256(feeRad + normalized * rate - 500e18 * RAY));
        assertEq(booksImbalance(), 0);
    }

    function test_Mint_ByOperator() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.prank(alice);
        engine.setOperator(bob, true);
        vm.prank(bob);
        engine.mint(id, 1_000e18, bob);
        assertEq(kusd.balanceOf(bob), 1_000e18);
        assertEq(debtOf(id), 1_000e18);
    }

    function test_Mint_UpToTypeCeiling() public {
        CollateralParams memory p = ethParamsCopy();
        p.debtCeiling = 1_000e18;
        setEthParams(p);
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.DebtCeilingExceeded.selector, 1_000e18 + 1, 1_000e18));
        engine.mint(id, 1, alice);
    }

    function test_Mint_UpToGlobalCeiling() public {
        engine.setGlobalDebtCeiling(1_000e18);
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.GlobalDebtCeilingExceeded.selector, 1_000e18 + 1, 1_000e18));
        engine.mint(id, 1, alice);
    }

    function test_Mint_GlobalCeilingCountsEveryType() public {
        DevToken wbtc = new DevToken("Wrapped Bitcoin", "WBTC", 8);
        DevPriceFeed btcFeed = new DevPriceFeed(8, "BTC / USD", 60_000e8);
        uint256 btc = engine.addCollateralType(address(wbtc), defaultParams(adapter(btcFeed, 8)));
        engine.setGlobalDebtCeiling(2_000e18);
        openVault(alice, 10e18, 1_000e18);

        wbtc.mint(bob, 1e8);
        vm.startPrank(bob);
        wbtc.approve(address(engine), 1e8);
        uint256 id = engine.open(btc, bob, 1e8, 1_000e18, bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.GlobalDebtCeilingExceeded.selector, 2_000e18 + 1, 2_000e18));
        engine.mint(id, 1, bob);
        vm.stopPrank();
        assertEq(booksImbalance(), 0);
    }

    /// @dev Governance may lift the global ceiling to the largest number; minting must still work.
    function test_Mint_GlobalCeilingAtMaximum() public {
        engine.setGlobalDebtCeiling(type(uint256).max);
        uint256 id = openVault(alice, 10e18, 1_000e18);
        assertEq(debtOf(id), 1_000e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Mint_ResumesAfterUnpause() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.MintPaused.selector, ETH));
        engine.mint(id, 1e18, alice);
        engine.setMintPaused(ETH, false); // only governance lifts the guardian's pause
        vm.prank(alice);
        engine.mint(id, 1e18, alice);
        assertEq(debtOf(id), 1_001e18);
    }

    function test_Mint_RevertWhen_UnknownVault() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 1));
        engine.mint(1, 1e18, alice);
    }

    function test_Mint_RevertWhen_NotOwnerNorOperator() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
        engine.mint(id, 1_000e18, bob);
    }

    function test_Mint_RevertWhen_ZeroAmount() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        engine.mint(id, 0, alice);
    }

    function test_Mint_RevertWhen_ReceiverIsZero() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.mint(id, 1_000e18, address(0));
    }

    function test_Mint_RevertWhen_TypeIsShutdown() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        engine.shutdown(ETH);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeIsShutdown.selector, ETH));
        engine.mint(id, 1e18, alice);
    }

    function test_Mint_RevertWhen_MintPaused() public {
        uint256 id = openVault(alice, 10e18, 0);
        engine.setMintPaused(ETH, true); // the owner may pause too
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.MintPaused.selector, ETH));
        engine.mint(id, 1_000e18, alice);
    }

    function test_Mint_RevertWhen_DebtBelowFloor() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.DebtBelowFloor.selector, 99e18, 100e18));
        engine.mint(id, 99e18, alice);
    }

    function test_Mint_RevertWhen_RatioBelowMinimum() public {
        uint256 id = openVault(alice, 1e18, 2_000e18);
        uint256 ratio = ratioOf(1e18, 3000, 2_000e18 + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.RatioBelowMinimum.selector, ratio, MIN_RATIO));
        engine.mint(id, 1, alice);
    }

    function test_Mint_RevertWhen_OracleFails() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        ethFeed.setAnswer(-1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-1)));
        engine.mint(id, 1e18, alice);
    }
}
