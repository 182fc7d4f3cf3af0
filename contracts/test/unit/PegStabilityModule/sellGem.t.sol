// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {PegStabilityModule} from "../../../src/cdp/PegStabilityModule.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {IPegStabilityModule} from "../../../src/interfaces/IPegStabilityModule.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract SellGemTest is CdpUnitBaseTest {
    function sellAsBob(uint256 gemAmount) internal returns (uint256 kusdOut) {
        usdc.mint(bob, gemAmount);
        vm.prank(bob);
        kusdOut = psm.sellGem(gemAmount, bob);
    }

    function test_SellGem_MintsOneToOne() public {
        usdc.mint(bob, 1_000e6);
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.SellGem(bob, carol, 1_000e6, 1_000e18, 0);
        vm.prank(bob);
        assertEq(psm.sellGem(1_000e6, carol), 1_000e18);
        assertEq(kusd.balanceOf(carol), 1_000e18);
        assertEq(usdc.balanceOf(bob), 0);
        assertEq(usdc.balanceOf(address(psm)), 1_000e6);
        assertEq(psm.minted(), 1_000e18);
        assertEq(booksImbalance(), 0);
    }

    function test_SellGem_FeeGoesToTheEngine() public {
        psm.setFees(100, 0);
        usdc.mint(bob, 1_000e6);
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.SellGem(bob, bob, 1_000e6, 990e18, 10e18);
        vm.prank(bob);
        assertEq(psm.sellGem(1_000e6, bob), 990e18);
        assertEq(kusd.balanceOf(bob), 990e18);
        assertEq(kusd.balanceOf(address(engine)), 10e18);
        assertEq(psm.minted(), 1_000e18, "the fee is part of what the module minted");
        assertEq(usdc.balanceOf(address(psm)) * 1e12, psm.minted());
        assertEq(booksImbalance(), 0);
    }

    function test_SellGem_FeeRoundsUp() public {
        (DevToken dai, PegStabilityModule daiModule) = newPegModule(18);
        daiModule.setFees(1, 0);
        dai.mint(bob, 10_001);
        vm.prank(bob);
        assertEq(daiModule.sellGem(10_001, bob), 9_999, "a fee of 1.0001 wei is 2");
        assertEq(kusd.balanceOf(address(engine)), 2);
    }

    function test_SellGem_RevertWhen_OutputRoundsToZero() public {
        (DevToken dai, PegStabilityModule daiModule) = newPegModule(18);
        daiModule.setFees(1, 0);
        dai.mint(bob, 1);
        vm.prank(bob);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        daiModule.sellGem(1, bob);
    }

    function test_SellGem_RevertWhen_ZeroAmount() public {
        vm.prank(bob);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        psm.sellGem(0, bob);
    }

    function test_SellGem_UpToTheCap() public {
        sellAsBob(1_000_000e6);
        assertEq(psm.minted(), 1_000_000e18);
        usdc.mint(bob, 1);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IPegStabilityModule.PsmCapExceeded.selector, 1_000_000e18 + 1e12, 1_000_000e18)
        );
        psm.sellGem(1, bob);
    }

    function test_SellGem_RevertWhen_Frozen() public {
        vm.prank(guardian);
        psm.setFrozen(true);
        usdc.mint(bob, 1e6);
        vm.prank(bob);
        vm.expectRevert(IPegStabilityModule.PsmFrozen.selector);
        psm.sellGem(1e6, bob);
    }

    function test_SellGem_RevertWhen_Depegged() public {
        usdcFeed.setAnswer(0.98e8);
        usdc.mint(bob, 1e6);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPegStabilityModule.GemDepegged.selector, 0.98e30, 1e30));
        psm.sellGem(1e6, bob);
    }

    function test_SellGem_RevertWhen_OracleFails() public {
        skip(1 days + 1);
        usdc.mint(bob, 1e6);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.StalePrice.selector, 1_700_000_000, 1 days));
        psm.sellGem(1e6, bob);
    }

    function test_SellGem_RevertWhen_CallerLacksGem() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, bob, 0, 1e6));
        psm.sellGem(1e6, bob);
    }

    function test_SellGem_RevertWhen_ReceiverIsZero() public {
        usdc.mint(bob, 1e6);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        psm.sellGem(1e6, address(0));
    }
}
