// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {PegStabilityModule} from "../../../src/cdp/PegStabilityModule.sol";
import {DevToken} from "../../../src/devnet/DevToken.sol";
import {IOracleErrors} from "../../../src/interfaces/IOracleErrors.sol";
import {IPegStabilityModule} from "../../../src/interfaces/IPegStabilityModule.sol";
import {CdpUnitBaseTest} from "../../utils/CdpUnitBaseTest.sol";
import {IKeelErrors} from "../../../src/interfaces/IKeelErrors.sol";

contract BuyGemTest is CdpUnitBaseTest {
    function setUp() public override {
        super.setUp();
        fundKusd(bob, 10_000e18); // the module holds 10_000 USDC
    }

    function buyAsBob(uint256 gemAmount) internal returns (uint256 kusdIn) {
        vm.prank(bob);
        kusdIn = psm.buyGem(gemAmount, bob);
    }

    function test_BuyGem_BurnsOneToOne() public {
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.BuyGem(bob, carol, 4_000e6, 4_000e18, 0);
        vm.prank(bob);
        assertEq(psm.buyGem(4_000e6, carol), 4_000e18);
        assertEq(usdc.balanceOf(carol), 4_000e6);
        assertEq(kusd.balanceOf(bob), 6_000e18);
        assertEq(psm.minted(), 6_000e18);
        assertEq(usdc.balanceOf(address(psm)), 6_000e6);
        assertEq(booksImbalance(), 0);
    }

    function test_BuyGem_FeeGoesToTheEngine() public {
        psm.setFees(0, 50);
        vm.expectEmit(address(psm));
        emit IPegStabilityModule.BuyGem(bob, bob, 1_000e6, 1_005e18, 5e18);
        assertEq(buyAsBob(1_000e6), 1_005e18);
        assertEq(kusd.balanceOf(bob), 10_000e18 - 1_005e18);
        assertEq(kusd.balanceOf(address(engine)), 5e18);
        assertEq(psm.minted(), 9_000e18, "only the gem's value leaves the books");
        assertEq(booksImbalance(), 0);
    }

    function test_BuyGem_FeeRoundsUp() public {
        (DevToken dai, PegStabilityModule daiModule) = newPegModule(18);
        daiModule.setFees(0, 1);
        dai.mint(bob, 20_000);
        vm.startPrank(bob);
        daiModule.sellGem(20_000, bob);
        assertEq(daiModule.buyGem(10_001, bob), 10_003, "a fee of 1.0001 wei is 2");
        vm.stopPrank();
    }

    function test_BuyGem_AllTheGem() public {
        buyAsBob(10_000e6);
        assertEq(psm.minted(), 0);
        assertEq(usdc.balanceOf(address(psm)), 0);
        assertEq(booksImbalance(), 0);
    }

    function test_BuyGem_RevertWhen_ZeroAmount() public {
        vm.prank(bob);
        vm.expectRevert(IKeelErrors.ZeroAmount.selector);
        psm.buyGem(0, bob);
    }

    function test_BuyGem_RevertWhen_MoreThanTheModuleHolds() public {
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(IPegStabilityModule.PsmInsufficientGem.selector, 10_000e6, 10_000e6 + 1)
        );
        psm.buyGem(10_000e6 + 1, bob);
    }

    function test_BuyGem_RevertWhen_Frozen() public {
        psm.setFrozen(true);
        vm.prank(bob);
        vm.expectRevert(IPegStabilityModule.PsmFrozen.selector);
        psm.buyGem(1e6, bob);
    }

    function test_BuyGem_RevertWhen_Depegged() public {
        usdcFeed.setAnswer(1.02e8);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IPegStabilityModule.GemDepegged.selector, 1.02e30, 1e30));
        psm.buyGem(1e6, bob);
    }

    function test_BuyGem_RevertWhen_OracleFails() public {
        usdcFeed.setAnswer(0);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.NonPositivePrice.selector, int256(0)));
        psm.buyGem(1e6, bob);
    }

    function test_BuyGem_RevertWhen_CallerLacksKusd() public {
        vm.prank(carol);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, carol, 0, 1e18));
        psm.buyGem(1e6, carol);
    }

    /// @dev After any sale and purchase, with any fees, the kUSD the module minted is the gem it holds.
    function testFuzz_Swaps_MintedEqualsGemHeld(uint256 sold, uint256 bought, uint256 feeIn, uint256 feeOut) public {
        feeIn = bound(feeIn, 0, 500);
        feeOut = bound(feeOut, 0, 500);
        psm.setFees(feeIn, feeOut);
        sold = bound(sold, 1, 900_000e6);
        usdc.mint(bob, sold);
        vm.prank(bob);
        psm.sellGem(sold, bob);
        assertEq(psm.minted(), usdc.balanceOf(address(psm)) * 1e12);
        bought = bound(bought, 1, ((kusd.balanceOf(bob) * 10_000) / (10_000 + feeOut)) / 1e12);
        buyAsBob(bought);
        assertEq(psm.minted(), usdc.balanceOf(address(psm)) * 1e12);
        assertEq(booksImbalance(), 0);
    }
}
