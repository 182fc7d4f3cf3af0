// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Vault} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract OpenTest is CdpUnitBaseTest {
    function test_Open_EmptyVault_ForAnyOwner() public {
        vm.expectEmit(address(engine));
        emit ICdpEngine.Open(1, alice, ETH);
        vm.prank(bob);
        uint256 id = engine.open(ETH, alice, 0, 0, address(0));
        assertEq(id, 1);
        assertEq(engine.vaultCount(), 1);
        Vault memory v = vaultOf(id);
        assertEq(v.owner, alice);
        assertEq(v.typeId, ETH);
        assertEq(v.collateral, 0);
        assertEq(v.normalizedDebt, 0);
    }

    function test_Open_IdsStartAtOneAndIncrease() public {
        assertEq(engine.vault(0).owner, address(0));
        vm.startPrank(alice);
        assertEq(engine.open(ETH, alice, 0, 0, address(0)), 1);
        assertEq(engine.open(ETH, alice, 0, 0, address(0)), 2);
        vm.stopPrank();
        assertEq(engine.vaultCount(), 2);
    }

    function test_Open_WithCollateral_PullsFromCaller() public {
        weth.mint(bob, 5e18);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Open(1, alice, ETH);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Deposit(1, bob, 5e18);
        vm.prank(bob);
        uint256 id = engine.open(ETH, alice, 5e18, 0, address(0));
        assertEq(vaultOf(id).collateral, 5e18);
        assertEq(weth.balanceOf(bob), 0);
        assertEq(weth.balanceOf(address(engine)), 5e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Open_WithCollateralAndDebt_MintsToReceiver() public {
        weth.mint(alice, 10e18);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Deposit(1, alice, 10e18);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Mint(1, alice, bob, 1_000e18, 1_000e18);
        vm.prank(alice);
        uint256 id = engine.open(ETH, alice, 10e18, 1_000e18, bob);
        assertEq(kusd.balanceOf(bob), 1_000e18);
        assertEq(kusd.balanceOf(alice), 0);
        assertEq(vaultOf(id).normalizedDebt, 1_000e18);
        assertEq(debtOf(id), 1_000e18);
        assertEq(engine.totalDebtRad(), 1_000e18 * RAY);
        assertEq(engine.collateralType(ETH).totalNormalizedDebt, 1_000e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Open_AtExactMinimumRatio() public {
        uint256 id = openVault(alice, 1e18, 2_000e18); // 3000 / 2000 = 150%
        assertEq(debtOf(id), 2_000e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Open_ByOperator_MintsAgainstOwnersVault() public {
        vm.prank(alice);
        engine.setOperator(bob, true);
        weth.mint(bob, 10e18);
        vm.prank(bob);
        uint256 id = engine.open(ETH, alice, 10e18, 1_000e18, bob);
        assertEq(vaultOf(id).owner, alice);
        assertEq(kusd.balanceOf(bob), 1_000e18);
        assertEq(weth.balanceOf(bob), 0);
    }

    function test_Open_CollateralOnly_WhenMintPausedOrShutdown() public {
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        assertEq(vaultOf(openVault(alice, 1e18, 0)).collateral, 1e18);
        engine.shutdown(ETH);
        assertEq(vaultOf(openVault(alice, 1e18, 0)).collateral, 1e18);
    }

    function test_Open_CollateralOnly_ReadsNoPrice() public {
        ethFeed.setAnswer(-1);
        assertEq(vaultOf(openVault(alice, 1e18, 0)).collateral, 1e18);
    }

    function test_Open_RevertWhen_OwnerIsZero() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.open(ETH, address(0), 0, 0, address(0));
    }

    function test_Open_RevertWhen_UnknownType() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownCollateralType.selector, 1));
        engine.open(1, alice, 0, 0, address(0));
    }

    function test_Open_RevertWhen_MintingForAnotherOwner() public {
        weth.mint(bob, 10e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
        engine.open(ETH, alice, 10e18, 1_000e18, bob);
    }

    function test_Open_RevertWhen_ReceiverIsZero() public {
        weth.mint(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.open(ETH, alice, 10e18, 1_000e18, address(0));
    }

    function test_Open_RevertWhen_DebtBelowFloor() public {
        weth.mint(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.DebtBelowFloor.selector, 100e18 - 1, 100e18));
        engine.open(ETH, alice, 10e18, 100e18 - 1, alice);
    }

    function test_Open_RevertWhen_RatioBelowMinimum() public {
        weth.mint(alice, 1e18);
        uint256 ratio = ratioOf(1e18, 3000, 2_000e18 + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.RatioBelowMinimum.selector, ratio, MIN_RATIO));
        engine.open(ETH, alice, 1e18, 2_000e18 + 1, alice);
    }

    function test_Open_RevertWhen_DebtWithoutCollateral() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.RatioBelowMinimum.selector, 0, MIN_RATIO));
        engine.open(ETH, alice, 0, 100e18, alice);
    }

    function test_Open_RevertWhen_MintPaused() public {
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        weth.mint(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.MintPaused.selector, ETH));
        engine.open(ETH, alice, 10e18, 1_000e18, alice);
    }

    function test_Open_RevertWhen_TypeIsShutdown() public {
        engine.shutdown(ETH);
        weth.mint(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.TypeIsShutdown.selector, ETH));
        engine.open(ETH, alice, 10e18, 1_000e18, alice);
    }

    function test_Open_RevertWhen_OracleFailsWithDebt() public {
        ethFeed.setAnswer(-1);
        weth.mint(alice, 10e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(-1)));
        engine.open(ETH, alice, 10e18, 1_000e18, alice);
    }

    function test_Open_RevertWhen_CollateralNotApproved() public {
        weth.mint(carol, 1e18);
        vm.prank(carol);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(engine), 0, 1e18)
        );
        engine.open(ETH, carol, 1e18, 0, address(0));
    }

    function test_Open_RevertWhen_CollateralDoesNotFit128Bits() public {
        uint256 amount = uint256(type(uint128).max) + 1;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 128, amount));
        engine.open(ETH, alice, amount, 0, address(0));
    }
}
