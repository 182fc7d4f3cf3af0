// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC3156FlashLender} from "@openzeppelin/contracts/interfaces/IERC3156FlashLender.sol";
import {Vm} from "forge-std/Vm.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {KusdFlashBorrower} from "../../utils/KusdFlashBorrower.sol";
import {RAY} from "../../../src/libraries/Constants.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract SurplusTest is CdpUnitBaseTest {
    /// @dev Peg-module fees of 1% in and 0.5% out: selling 10_000 and buying back 1_000 USDC pays 105 kUSD.
    function earnPegFees() internal {
        psm.setFees(100, 50);
        usdc.mint(bob, 10_000e6);
        vm.startPrank(bob);
        psm.sellGem(10_000e6, bob);
        psm.buyGem(1_000e6, bob);
        vm.stopPrank();
    }

    function test_AbsorbSurplus_PegModuleFees() public {
        earnPegFees();
        assertEq(kusd.balanceOf(address(engine)), 105e18);
        assertEq(booksImbalance(), 0);
        uint256 supplyBefore = kusd.totalSupply();
        vm.expectEmit(address(engine));
        emit ICdpEngine.AbsorbSurplus(carol, 105e18);
        vm.prank(carol); // anyone
        assertEq(engine.absorbSurplus(), 105e18);
        assertEq(kusd.balanceOf(address(engine)), 0);
        assertEq(kusd.totalSupply(), supplyBefore - 105e18);
        assertEq(engine.surplusRad(), int256(105e18 * RAY));
        assertEq(booksImbalance(), 0);
    }

    function test_AbsorbSurplus_FlashMintFees() public {
        kusd.setFlashParams(10, 1_000_000e18, address(engine));
        KusdFlashBorrower borrower = new KusdFlashBorrower();
        fundKusd(address(this), 100e18);
        kusd.transfer(address(borrower), 100e18); // the fee
        borrower.borrow(IERC3156FlashLender(address(kusd)), 100_000e18);
        assertEq(kusd.balanceOf(address(engine)), 100e18, "0.1% of 100_000");
        assertEq(engine.absorbSurplus(), 100e18);
        assertEq(engine.surplusRad(), int256(100e18 * RAY));
        assertEq(booksImbalance(), 0);
    }

    function test_AbsorbSurplus_NothingToAbsorb() public {
        vm.recordLogs();
        assertEq(engine.absorbSurplus(), 0);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 0);
        assertEq(engine.surplusRad(), 0);
    }

    function test_AbsorbSurplus_CoversSystemDebt() public {
        uint256 id = openUnsafeVault();
        startAuctionAsKeeper(id);
        skip(10 minutes); // 1200: the lot raises 12_000 of the 15_000 debt and the 26.95 reward
        fundKusd(bob, 12_000e18);
        vm.prank(bob);
        engine.take(id, 10e18, type(uint256).max, bob, "");
        int256 systemDebt = -int256(3_026.95e18 * RAY);
        assertEq(engine.surplusRad(), systemDebt);
        earnPegFees();
        engine.absorbSurplus();
        assertEq(engine.surplusRad(), systemDebt + int256(105e18 * RAY));
        assertEq(booksImbalance(), 0);
    }

    function test_WithdrawSurplus_MintsToRecipient() public {
        earnPegFees();
        engine.absorbSurplus();
        vm.expectEmit(address(engine));
        emit ICdpEngine.WithdrawSurplus(carol, 60e18);
        engine.withdrawSurplus(carol, 60e18);
        assertEq(kusd.balanceOf(carol), 60e18);
        assertEq(engine.surplusRad(), int256(45e18 * RAY));
        assertEq(booksImbalance(), 0);
    }

    function test_WithdrawSurplus_AllOfIt() public {
        earnPegFees();
        engine.absorbSurplus();
        engine.withdrawSurplus(carol, 105e18);
        assertEq(engine.surplusRad(), 0);
        assertEq(booksImbalance(), 0);
    }

    function test_WithdrawSurplus_FeesFromAccrual() public {
        uint256 id = openVault(alice, 10e18, 10_000e18);
        skipAndRefresh(365 days);
        fundKusd(alice, 1_000e18);
        vm.prank(alice);
        engine.repay(id, type(uint256).max);
        uint256 surplus = uint256(engine.surplusRad()) / RAY;
        assertApproxEqRel(surplus, 500e18, 1e9);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.InsufficientSurplus.selector, surplus, surplus + 1));
        engine.withdrawSurplus(carol, surplus + 1);
        engine.withdrawSurplus(carol, surplus);
        assertEq(kusd.balanceOf(carol), surplus);
        assertLt(engine.surplusRad(), int256(RAY), "less than one wei is left");
        assertEq(booksImbalance(), 0);
    }

    function test_WithdrawSurplus_RevertWhen_MoreThanTheSurplus() public {
        earnPegFees();
        engine.absorbSurplus();
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.InsufficientSurplus.selector, 105e18, 105e18 + 1));
        engine.withdrawSurplus(carol, 105e18 + 1);
    }

    function test_WithdrawSurplus_RevertWhen_SystemDebt() public {
        startAuctionAsKeeper(openUnsafeVault());
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.InsufficientSurplus.selector, 0, 1));
        engine.withdrawSurplus(carol, 1);
    }

    function test_WithdrawSurplus_RevertWhen_RecipientIsZero() public {
        vm.expectRevert(IKeelErrors.ZeroAddress.selector);
        engine.withdrawSurplus(address(0), 0);
    }

    function test_WithdrawSurplus_RevertWhen_NotOwner() public {
        earnPegFees();
        engine.absorbSurplus();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        engine.withdrawSurplus(alice, 1e18);
    }
}
