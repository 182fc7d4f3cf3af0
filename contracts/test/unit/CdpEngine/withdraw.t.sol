// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract WithdrawTest is CdpUnitBaseTest {
    function test_Withdraw_NoDebt_AllCollateral_ReadsNoPrice() public {
        uint256 id = openVault(alice, 2e18, 0);
        ethFeed.setAnswer(-1);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Withdraw(id, alice, bob, 2e18);
        vm.prank(alice);
        engine.withdraw(id, 2e18, bob);
        assertEq(vaultOf(id).collateral, 0);
        assertEq(weth.balanceOf(bob), 2e18);
        assertEq(weth.balanceOf(address(engine)), 0);
    }

    function test_Withdraw_WithDebt_DownToMinimumRatio() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        vm.prank(alice);
        engine.withdraw(id, 5e18, alice); // 5 ETH × 3000 = 15_000 = 150% of 10_000
        assertEq(vaultOf(id).collateral, 5e18);
        assertEq(weth.balanceOf(alice), 5e18);
        assertEq(booksImbalance(), 0);

        uint256 ratio = ratioOf(5e18 - 1, 3000, 10_000e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.RatioBelowMinimum.selector, ratio, MIN_RATIO));
        engine.withdraw(id, 1, alice);
    }

    function test_Withdraw_AccruesFeeBeforeRatioCheck() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skipAndRefresh(365 days);
        uint256 debt = debtOf(id); // about 10_500: 5 ETH no longer covers 150%
        assertGt(debt, 10_000e18);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ICdpErrors.RatioBelowMinimum.selector, ratioOf(5e18, 3000, debt), MIN_RATIO)
        );
        engine.withdraw(id, 5e18, alice);
    }

    function test_Withdraw_ByOperator_ToAnyReceiver() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        engine.setOperator(bob, true);
        vm.prank(bob);
        engine.withdraw(id, 1e18, carol);
        assertEq(weth.balanceOf(carol), 1e18);
        assertEq(vaultOf(id).collateral, 9e18);
    }

    function test_Withdraw_WhenMintPaused() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(guardian);
        engine.setMintPaused(ETH, true);
        vm.prank(alice);
        engine.withdraw(id, 1e18, alice);
        assertEq(vaultOf(id).collateral, 9e18);
    }

    function test_Withdraw_RevertWhen_ZeroAmount() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        engine.withdraw(id, 0, alice);
    }

    function test_Withdraw_RevertWhen_ReceiverIsZero() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.withdraw(id, 1e18, address(0));
    }

    function test_Withdraw_RevertWhen_UnknownVault() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 7));
        engine.withdraw(7, 1e18, alice);
    }

    function test_Withdraw_RevertWhen_NotOwnerNorOperator() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
        engine.withdraw(id, 1e18, bob);
    }

    function test_Withdraw_RevertWhen_OperatorRevoked() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.startPrank(alice);
        engine.setOperator(bob, true);
        engine.setOperator(bob, false);
        vm.stopPrank();
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
        engine.withdraw(id, 1e18, bob);
    }

    function test_Withdraw_RevertWhen_MoreThanTheVaultHolds() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.WithdrawExceedsCollateral.selector, 1e18, 1e18 + 1));
        engine.withdraw(id, 1e18 + 1, alice);
    }

    function test_Withdraw_RevertWhen_OracleFailsWithDebt() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        skip(1 days + 1); // the feed is now older than the adapter's 1-day limit
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.StalePrice.selector, 1_700_000_000, 1 days));
        engine.withdraw(id, 1e18, alice);
    }
}
