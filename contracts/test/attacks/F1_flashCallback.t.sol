// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IUniswapV2Router} from "../../src/interfaces/IUniswapV2Router.sol";
import {FlashBorrowerExample} from "../../src/periphery/FlashBorrowerExample.sol";
import {KeelLiquidator} from "../../src/periphery/KeelLiquidator.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice F1 (Prisma 2024): a flash-loan callback trusted calldata from any initiator. Keel's own
/// receivers accept a callback only from the lender and only for a loan they started themselves.
contract F1FlashCallbackAttack is BaseTest {
    KeelLiquidator internal liquidatorBot;
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        liquidatorBot = new KeelLiquidator(pool, IUniswapV2Router(address(0xdead)));
        openPosition(24_000e6);
        setEthPrice(2800e8); // the borrower is liquidatable: a juicy callback to forge
        usdc.mint(address(liquidatorBot), 1000e6); // funds the attacker would like to drain
    }

    function forgedOrder() internal view returns (bytes memory) {
        address[] memory path = new address[](2);
        (path[0], path[1]) = (address(weth), address(usdc));
        return
            abi.encode(
                KeelLiquidator.Order(
                    POOL,
                    borrower,
                    WETH_R,
                    USDC_R,
                    address(weth),
                    address(usdc),
                    path,
                    0,
                    block.timestamp
                )
            );
    }

    function test_Attack_DirectCallbackRefused() public {
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(KeelLiquidator.UntrustedLender.selector, attacker));
        liquidatorBot.onFlashLoan(address(liquidatorBot), address(usdc), 1000e6, 0, forgedOrder());
    }

    function test_Attack_LoanInitiatedByOthersRefused() public {
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(KeelLiquidator.UntrustedInitiator.selector, attacker));
        pool.flashLoan(liquidatorBot, address(usdc), 1000e6, forgedOrder());
    }

    function test_Attack_ForgedInitiatorWithoutPendingLoanRefused() public {
        // Even a callback naming the bot as initiator fails outside a loan the bot is executing.
        vm.prank(address(pool));
        vm.expectRevert(KeelLiquidator.UnexpectedCallback.selector);
        liquidatorBot.onFlashLoan(address(liquidatorBot), address(usdc), 1000e6, 0, forgedOrder());
        assertEq(usdc.balanceOf(address(liquidatorBot)), 1000e6);
    }

    function test_Attack_ExampleReceiverRefusesOthersLoans() public {
        FlashBorrowerExample example = new FlashBorrowerExample(pool);
        vm.prank(attacker);
        vm.expectRevert(
            abi.encodeWithSelector(FlashBorrowerExample.UntrustedCallback.selector, address(pool), attacker)
        );
        pool.flashLoan(example, address(usdc), 1e6, "");
    }
}
