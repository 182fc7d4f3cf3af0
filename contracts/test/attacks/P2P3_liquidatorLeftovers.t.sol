// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IUniswapV2Router} from "../../src/interfaces/IUniswapV2Router.sol";
import {KeelLiquidator} from "../../src/periphery/KeelLiquidator.sol";
import {BaseTest} from "../utils/BaseTest.sol";
import {ConstantProductRouter} from "../utils/ConstantProductRouter.sol";

/// @notice P2 (Aave periphery, Aug 2024): dust and allowances left in a periphery contract, taken by
/// whoever calls next. P3 (March 2026): a swap leg executed far from fair value. The capital-free
/// liquidator pays each caller only what its own call gained, leaves no allowance behind, and sells
/// the seized collateral only at or above the output its caller set.
contract P2P3LiquidatorLeftoversAttack is BaseTest {
    KeelLiquidator internal bot;
    ConstantProductRouter internal router;
    address internal attacker = makeAddr("attacker");
    address internal careless = makeAddr("careless");

    function setUp() public override {
        super.setUp();
        router = new ConstantProductRouter();
        weth.mint(address(this), 1000e18);
        usdc.mint(address(this), 3_000_000e6);
        weth.approve(address(router), type(uint256).max);
        usdc.approve(address(router), type(uint256).max);
        router.addLiquidity(address(weth), address(usdc), 1000e18, 3_000_000e6); // 3000 USDC per WETH
        bot = new KeelLiquidator(pool, IUniswapV2Router(address(router)));
        openPosition(24_000e6);
        setEthPrice(2800e8); // health 0.99: liquidatable, and the market still pays 3000
    }

    /// @dev Someone sent the bot tokens by mistake (or an earlier integration left them there).
    function leaveDust() internal {
        weth.mint(careless, 1e18);
        usdc.mint(careless, 1000e6);
        vm.startPrank(careless);
        weth.transfer(address(bot), 1e18);
        usdc.transfer(address(bot), 1000e6);
        vm.stopPrank();
    }

    function keeperLiquidate(address keeper, uint256 minAmountOut, uint256 minProfit) internal returns (uint256) {
        vm.prank(keeper);
        return bot.liquidate(POOL, borrower, WETH_R, USDC_R, 24_000e6, wethToUsdc(), minAmountOut, minProfit);
    }

    function wethToUsdc() internal view returns (address[] memory path) {
        path = new address[](2);
        (path[0], path[1]) = (address(weth), address(usdc));
    }

    function assertNoAllowanceLeft() internal view {
        assertEq(usdc.allowance(address(bot), address(pool)), 0, "USDC allowance to the pool");
        assertEq(weth.allowance(address(bot), address(pool)), 0, "WETH allowance to the pool");
        assertEq(usdc.allowance(address(bot), address(router)), 0, "USDC allowance to the router");
        assertEq(weth.allowance(address(bot), address(router)), 0, "WETH allowance to the router");
    }

    function test_Attack_StrangersDustIsNotPaidToTheCaller() public {
        uint256 snap = vm.snapshotState();
        uint256 fairProfit = keeperLiquidate(attacker, 0, 0);
        vm.revertToState(snap);

        leaveDust();
        uint256 profit = keeperLiquidate(attacker, 0, 0);
        assertEq(profit, fairProfit, "the caller gains what its liquidation gained, nothing more");
        assertEq(usdc.balanceOf(attacker), fairProfit);
        assertEq(weth.balanceOf(attacker), 0);
        assertEq(usdc.balanceOf(address(bot)), 1000e6, "the stranger's USDC stays");
        assertEq(weth.balanceOf(address(bot)), 1e18, "the stranger's WETH is not sold");
        assertNoAllowanceLeft();
    }

    function test_Attack_DustDoesNotPayForALosingLiquidation() public {
        leaveDust();
        // The market crashed harder than the oracle: selling the seized WETH cannot repay the loan.
        weth.mint(address(this), 150e18);
        address[] memory path = new address[](2);
        (path[0], path[1]) = (address(weth), address(usdc));
        router.swapExactTokensForTokens(150e18, 0, path, address(this), block.timestamp);
        vm.expectPartialRevert(KeelLiquidator.InsufficientProfit.selector);
        keeperLiquidate(attacker, 0, 0);
        assertEq(usdc.balanceOf(address(bot)), 1000e6, "the stranger's USDC did not repay the loan");
        assertEq(weth.balanceOf(address(bot)), 1e18);
    }

    function test_Attack_NoAllowanceOrBalanceOfTheCallersLeft() public {
        uint256 profit = keeperLiquidate(liquidator, 0, 0);
        assertGt(profit, 0);
        assertEq(usdc.balanceOf(address(bot)), 0);
        assertEq(weth.balanceOf(address(bot)), 0);
        assertNoAllowanceLeft();
    }

    function test_Attack_SandwichedSwapReverts() public {
        // The keeper quotes the sale before sending, and accepts at most 1% worse.
        uint256 seizedEstimate = 2.7e18;
        uint256 minAmountOut = (router.quote(seizedEstimate, address(weth), address(usdc)) * 99) / 100;
        // The attacker front-runs: dumps WETH into the market, moving its price 10% down.
        weth.mint(attacker, 60e18);
        vm.startPrank(attacker);
        weth.approve(address(router), type(uint256).max);
        address[] memory path = new address[](2);
        (path[0], path[1]) = (address(weth), address(usdc));
        router.swapExactTokensForTokens(60e18, 0, path, attacker, block.timestamp);
        vm.stopPrank();
        vm.expectPartialRevert(ConstantProductRouter.OutputBelowMinimum.selector);
        keeperLiquidate(liquidator, minAmountOut, 0);
        assertEq(usdc.balanceOf(liquidator), 0);
    }

    function test_Attack_LyingRouterCannotUnderpay() public {
        // Even a router that ignores the minimum cannot make the bot accept less than it.
        ShortChangingRouter liar = new ShortChangingRouter();
        usdc.mint(address(liar), 100_000e6);
        KeelLiquidator lied = new KeelLiquidator(pool, IUniswapV2Router(address(liar)));
        vm.prank(liquidator);
        vm.expectPartialRevert(KeelLiquidator.InsufficientSwapOutput.selector);
        lied.liquidate(POOL, borrower, WETH_R, USDC_R, 24_000e6, wethToUsdc(), 9000e6, 0);
    }

    function test_Attack_PathMustSellTheSeizedCollateralForTheDebt() public {
        // A path from another token would sell the dust strangers left here; one ending elsewhere would
        // leave the flash loan unpaid in the debt asset. Both are refused before any loan is taken.
        address[] memory fromDebt = new address[](2);
        (fromDebt[0], fromDebt[1]) = (address(usdc), address(weth));
        address[] memory oneToken = new address[](1);
        oneToken[0] = address(weth);
        address[][2] memory paths = [fromDebt, oneToken];
        for (uint256 i; i < paths.length; i++) {
            vm.prank(liquidator);
            vm.expectRevert(KeelLiquidator.InvalidPath.selector);
            bot.liquidate(POOL, borrower, WETH_R, USDC_R, 24_000e6, paths[i], 0, 0);
        }
    }

    function test_Attack_MinProfitStillHolds() public {
        vm.expectPartialRevert(KeelLiquidator.InsufficientProfit.selector);
        keeperLiquidate(liquidator, 0, 10_000e6);
    }
}

/// @dev A router that takes the input and pays a fixed 8,000 USDC whatever the minimum.
contract ShortChangingRouter is IUniswapV2Router {
    function swapExactTokensForTokens(
        uint256 amountIn,
        uint256,
        address[] calldata path,
        address to,
        uint256
    ) external returns (uint256[] memory amounts) {
        DevTokenLike(path[0]).transferFrom(msg.sender, address(this), amountIn);
        DevTokenLike(path[1]).transfer(to, 8000e6);
        amounts = new uint256[](2);
        (amounts[0], amounts[1]) = (amountIn, 8000e6);
    }
}

interface DevTokenLike {
    function transfer(address to, uint256 amount) external returns (bool);
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
}
