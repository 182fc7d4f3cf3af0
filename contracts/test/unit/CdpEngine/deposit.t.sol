// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract DepositTest is CdpUnitBaseTest {
    function test_Deposit_AddsCollateralPulledFromCaller() public {
        uint256 id = openVault(alice, 1e18, 0);
        weth.mint(alice, 2e18);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Deposit(id, alice, 2e18);
        vm.prank(alice);
        engine.deposit(id, 2e18);
        assertEq(vaultOf(id).collateral, 3e18);
        assertEq(weth.balanceOf(alice), 0);
        assertEq(weth.balanceOf(address(engine)), 3e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Deposit_ByAnyone() public {
        uint256 id = openVault(alice, 1e18, 0);
        weth.mint(bob, 1e18);
        vm.prank(bob);
        engine.deposit(id, 1e18);
        assertEq(vaultOf(id).collateral, 2e18);
        assertEq(vaultOf(id).owner, alice);
    }

    function test_Deposit_RestoresAnUnsafeVault_ReadsNoPrice() public {
        uint256 id = openVault(alice, 10e18, 15_000e18);
        ethFeed.setAnswer(-1); // a failing oracle does not block adding collateral
        weth.mint(alice, 5e18);
        vm.prank(alice);
        engine.deposit(id, 5e18);
        assertEq(vaultOf(id).collateral, 15e18);
        setEthPrice(2000); // 15 ETH × 2000 = 30_000 = 200% of 15_000
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.VaultIsSafe.selector, 2e18, MIN_RATIO));
        engine.startAuction(id, keeper);
    }

    function test_Deposit_WhenMintPausedOrShutdown() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        engine.shutdown(ETH);
        weth.mint(alice, 1e18);
        vm.prank(alice);
        engine.deposit(id, 1e18);
        assertEq(vaultOf(id).collateral, 2e18);
    }

    function test_Deposit_RevertWhen_ZeroAmount() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        engine.deposit(id, 0);
    }

    function test_Deposit_RevertWhen_UnknownVault() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 0));
        engine.deposit(0, 1e18);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 1));
        engine.deposit(1, 1e18);
    }

    function test_Deposit_RevertWhen_CallerLacksCollateral() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 0, 1e18));
        engine.deposit(id, 1e18);
    }

    function test_Deposit_RevertWhen_CollateralDoesNotFit128Bits() public {
        uint256 id = openVault(alice, 1e18, 0);
        uint256 amount = type(uint128).max;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(SafeCast.SafeCastOverflowedUintDowncast.selector, 128, amount + 1e18));
        engine.deposit(id, amount);
    }
}
