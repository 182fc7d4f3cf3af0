// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ICdpEngine} from "../../../src/interfaces/ICdpEngine.sol";
import {ICdpErrors} from "../../../src/interfaces/ICdpErrors.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {RAY} from "../../../src/libraries/Constants.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract RepayTest is CdpUnitBaseTest {
    function test_Repay_Partial_BurnsFromCaller() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.expectEmit(address(engine));
        emit ICdpEngine.Repay(id, alice, 400e18, 400e18);
        vm.prank(alice);
        uint256 repaid = engine.repay(id, 400e18);
        assertEq(repaid, 400e18);
        assertEq(kusd.balanceOf(alice), 600e18);
        assertEq(kusd.totalSupply(), 600e18);
        assertEq(debtOf(id), 600e18);
        assertEq(engine.collateralType(ETH).totalNormalizedDebt, 600e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Repay_All_WithMaxAfterFees() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        skipAndRefresh(365 days);
        uint256 debt = debtOf(id);
        fundKusd(alice, 100e18); // enough for the fee
        vm.prank(alice);
        uint256 repaid = engine.repay(id, type(uint256).max);
        assertEq(repaid, debt);
        assertEq(vaultOf(id).normalizedDebt, 0);
        assertEq(debtOf(id), 0);
        assertEq(engine.totalDebtRad(), 0);
        assertEq(engine.collateralType(ETH).totalNormalizedDebt, 0);
        assertEq(kusd.balanceOf(alice), 1_100e18 - debt);
        assertEq(booksImbalance(), 0);
        // The fee, and the rounding of the repayment, are the surplus.
        assertGe(engine.surplusRad(), int256((debt - 1_000e18) * RAY));
    }

    function test_Repay_ExactDebt_ClearsToZero() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        skipAndRefresh(1 days);
        fundKusd(alice, 1e18);
        uint256 debt = debtOf(id);
        vm.prank(alice);
        engine.repay(id, debt);
        assertEq(vaultOf(id).normalizedDebt, 0);
        assertEq(booksImbalance(), 0);
    }

    function test_Repay_ByAnyone_ReadsNoPrice() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        fundKusd(bob, 500e18);
        ethFeed.setAnswer(-1);
        vm.prank(bob);
        engine.repay(id, 500e18);
        assertEq(kusd.balanceOf(bob), 0);
        assertEq(kusd.balanceOf(alice), 1_000e18);
        assertEq(debtOf(id), 500e18);
        assertEq(booksImbalance(), 0);
    }

    function test_Repay_RoundsNormalizedDown() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        skipAndRefresh(365 days);
        uint256 normalizedBefore = vaultOf(id).normalizedDebt;
        vm.expectEmit(address(engine));
        emit ICdpEngine.Repay(id, alice, 1, 0); // 1 × RAY / rate rounds down to zero
        vm.prank(alice);
        engine.repay(id, 1);
        assertEq(vaultOf(id).normalizedDebt, normalizedBefore);
        assertEq(kusd.balanceOf(alice), 1_000e18 - 1);
        assertEq(booksImbalance(), 0);
    }

    function test_Repay_DownToTheFloor() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        engine.repay(id, 900e18);
        assertEq(debtOf(id), 100e18);
    }

    function test_Repay_RevertWhen_UnknownVault() public {
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.UnknownVault.selector, 3));
        engine.repay(3, 1e18);
    }

    function test_Repay_RevertWhen_ZeroAmount() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        engine.repay(id, 0);
    }

    function test_Repay_RevertWhen_AllOfNoDebt() public {
        uint256 id = openVault(alice, 10e18, 0);
        vm.prank(alice);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        engine.repay(id, type(uint256).max);
    }

    function test_Repay_RevertWhen_MoreThanDebt() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        fundKusd(alice, 1e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.RepayExceedsVaultDebt.selector, 1_000e18, 1_000e18 + 1));
        engine.repay(id, 1_000e18 + 1);
    }

    function test_Repay_RevertWhen_LeavesDebtBelowFloor() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICdpErrors.DebtBelowFloor.selector, 100e18 - 1, 100e18));
        engine.repay(id, 900e18 + 1);
    }

    function test_Repay_RevertWhen_CallerLacksKusd() public {
        uint256 id = openVault(alice, 10e18, 1_000e18);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 0, 500e18));
        engine.repay(id, 500e18);
    }

    /// @dev Minting then repaying all at once never costs less than what was minted, at any rate; the
    /// rounding costs the payer at most a wei per whole unit of the rate.
    function testFuzz_Repay_AllNeverCostsLessThanMinted(uint256 amount, uint256 elapsed) public {
        amount = bound(amount, 100e18, 1_000_000e18);
        elapsed = bound(elapsed, 0, 20 * 365 days);
        skipAndRefresh(elapsed);
        uint256 id = openVault(alice, amount, amount); // collateral worth 3000 × the debt
        fundKusd(alice, 1e18); // room for the rounding
        uint256 rate = engine.currentRate(ETH);
        vm.prank(alice);
        uint256 repaid = engine.repay(id, type(uint256).max);
        assertGe(repaid, amount, "repaid less than minted");
        assertLe(repaid, amount + rate / RAY + 1, "rounding beyond one wei per unit of rate");
        assertEq(kusd.balanceOf(alice), amount + 1e18 - repaid, "burned from the payer");
        assertEq(booksImbalance(), 0);
    }
}
