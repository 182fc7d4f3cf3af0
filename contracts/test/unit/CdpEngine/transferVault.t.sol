// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract TransferVaultTest is CdpUnitBaseTest {
    function test_TransferVault_MovesControl() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.expectEmit(address(engine));
        emit ICdpEngine.TransferVault(id, alice, bob);
        vm.prank(alice);
        engine.transferVault(id, bob);
        assertEq(vaultOf(id).owner, bob);
        assertEq(vaultOf(id).normalizedDebt, 1_000e18, "debt and collateral go with the vault");

        vm.prank(bob);
        engine.withdraw(id, 1e18, bob);
        assertEq(weth.balanceOf(bob), 1e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, alice, bob));
        engine.withdraw(id, 1e18, alice);
    }

    function test_TransferVault_OldOwnersOperatorsLoseAccess() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.prank(alice);
        engine.setOperator(carol, true);
        vm.prank(alice);
        engine.transferVault(id, bob);
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, carol, bob));
        engine.mint(id, 1_000e18, carol);
    }

    function test_TransferVault_ToSelf() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        engine.transferVault(id, alice);
        assertEq(vaultOf(id).owner, alice);
    }

    function test_TransferVault_RevertWhen_NewOwnerIsZero() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.transferVault(id, address(0));
    }

    function test_TransferVault_RevertWhen_UnknownVault() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 1));
        engine.transferVault(1, bob);
    }

    function test_TransferVault_RevertWhen_NotOwner() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
        engine.transferVault(id, bob);
    }

    function test_TransferVault_RevertWhen_CalledByOperator() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        engine.setOperator(bob, true);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
        engine.transferVault(id, bob);
    }
}
