// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {CollateralParams} from "../../../src/interfaces/CdpTypes.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract CloseTest is CdpUnitBaseTest {
    function test_Close_RepaysAllAndReturnsCollateral() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        skipAndRefresh(30 days);
        fundKusd(alice, 10e18);
        uint256 debt = debtOf(id);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Withdraw(id, alice, bob, 10e18);
        vm.prank(alice);
        (uint256 repaid, uint256 collateral) = engine.close(id, bob);
        assertEq(repaid, debt);
        assertEq(collateral, 10e18);
        assertEq(weth.balanceOf(bob), 10e18);
        assertEq(kusd.balanceOf(alice), 1_010e18 - debt);
        assertEq(vaultOf(id).collateral, 0);
        assertEq(vaultOf(id).normalizedDebt, 0);
        assertEq(vaultOf(id).owner, alice, "the vault stays open, empty");
        assertEq(engine.totalDebtRad(), 0);
        assertEq(booksImbalance(), 0);
    }

    function test_Close_ReadsNoPrice() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        ethFeed.setAnswer(-1);
        vm.prank(alice);
        (uint256 repaid, ) = engine.close(id, alice);
        assertEq(repaid, 1_000e18);
        assertEq(weth.balanceOf(alice), 10e18);
    }

    function test_Close_WithoutDebt() public {
        uint256 id = openVault(alice, 2e18, 0);
        vm.prank(alice);
        (uint256 repaid, uint256 collateral) = engine.close(id, alice);
        assertEq(repaid, 0);
        assertEq(collateral, 2e18);
        assertEq(weth.balanceOf(alice), 2e18);
    }

    function test_Close_EmptyVault() public {
        vm.prank(alice);
        uint256 id = engine.open(ETH, alice, 0, 0, address(0));
        vm.prank(alice);
        (uint256 repaid, uint256 collateral) = engine.close(id, alice);
        assertEq(repaid + collateral, 0);
    }

    function test_Close_ByOperator_BurnsFromOperator() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        engine.setOperator(bob, true);
        fundKusd(bob, 1_000e18);
        vm.prank(bob);
        engine.close(id, bob);
        assertEq(kusd.balanceOf(bob), 0);
        assertEq(kusd.balanceOf(alice), 1_000e18);
        assertEq(weth.balanceOf(bob), 10e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Close_ReturnsWhatAPartialAuctionLeft() public {
        CollateralParams memory p = ethParamsCopy();
        p.auctionLimit = 11_300e18; // room for 10_000 of debt plus the 13% penalty
        setEthParams(p);
        uint256 id = openUnsafeVault();
        startAuctionAsKeeper(id);
        uint256 left = vaultOf(id).collateral;
        assertEq(vaultOf(id).normalizedDebt, 5_000e18);
        vm.prank(alice);
        (uint256 repaid, uint256 collateral) = engine.close(id, alice);
        assertEq(repaid, 5_000e18);
        assertEq(collateral, left);
        assertEq(engine.auction(id).tab, 11_300e18, "the auction runs on");
        assertEq(booksImbalance(), 0);
    }

    function test_Close_RevertWhen_ReceiverIsZero() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.close(id, address(0));
    }

    function test_Close_RevertWhen_UnknownVault() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 1));
        engine.close(1, alice);
    }

    function test_Close_RevertWhen_NotOwnerNorOperator() public {
        uint256 id = openVault(alice, 1e18, 0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.NotVaultOwner.selector, bob, alice));
        engine.close(id, bob);
    }

    function test_Close_RevertWhen_CallerCannotPayTheDebt() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        kusd.transfer(bob, 1);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1_000e18 - 1, 1_000e18)
        );
        engine.close(id, alice);
    }
}
