// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevToken} from "../../src/devnet/DevToken.sol";
import {IBundler} from "../../src/interfaces/IBundler.sol";
import {IKeelErrors} from "../../src/interfaces/IKeelErrors.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {IPeripheryErrors} from "../../src/interfaces/IPeripheryErrors.sol";
import {ISwapAdapter} from "../../src/interfaces/ISwapAdapter.sol";
import {BundlerBaseTest} from "../utils/BundlerBaseTest.sol";

/// @notice P3 (≈50M USDT sold for ≈36k of AAVE, March 2026): a swap leg executed far from fair value. Every
/// bundler swap is checked against the registry's oracles, whatever minimum the caller (or a careless
/// front end) passed, and only an explicit 100% bound accepts any price.
contract P3SwapPriceImpactAttack is BundlerBaseTest {
    address internal mallory = makeAddr("mallory");

    function setUp() public override {
        super.setUp();
        openLoan(alice, 10e18, 0);
    }

    function borrowAndSwap(uint256 amount, uint256 maxDeviationBps) internal view returns (bytes[] memory) {
        return
            steps2(
                abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, amount, 0, alice, address(bundler))),
                abi.encodeCall(
                    IBundler.swap,
                    (address(swapAdapter), address(usdc), address(weth), amount, 0, maxDeviationBps, "")
                )
            );
    }

    /// @dev Mallory dumps 3,000 WETH into the WETH/USDC market (its price falls by about half), hoping a
    /// user's WETH sale with no minimum lands in it.
    function test_Attack_SwapIntoMovedMarketRefused() public {
        weth.mint(mallory, 10_000e18);
        vm.startPrank(mallory);
        weth.approve(address(router), 10_000e18);
        address[] memory path = new address[](2);
        (path[0], path[1]) = (address(weth), address(usdc));
        router.swapExactTokensForTokens(10_000e18, 0, path, mallory, block.timestamp);
        vm.stopPrank();

        bytes[] memory steps = steps2(
            abi.encodeCall(IBundler.poolWithdrawCollateral, (P, R_WETH, 1e18, alice, address(bundler))),
            abi.encodeCall(IBundler.swap, (address(swapAdapter), address(weth), address(usdc), 1e18, 0, 100, ""))
        );
        vm.expectPartialRevert(IPeripheryErrors.PriceDeviationTooHigh.selector);
        run(alice, steps);
        assertEq(collateralIn(alice, R_WETH), 10e18, "nothing was sold");
    }

    /// @dev A sale far larger than a thin market can absorb (3 WETH into a 1 WETH market) is refused.
    function test_Attack_HugeSwapInThinMarketRefused() public {
        DevToken thin = new DevToken("Thin", "THN", 18);
        registry.setPriceOracle(address(thin), registry.priceOracle(address(dai))); // one dollar a token
        addMarket(address(thin), 3_000e18, address(weth), 1e18);
        thin.mint(alice, 9_000e18);
        vm.prank(alice);
        thin.approve(address(bundler), 9_000e18);

        vm.expectPartialRevert(IPeripheryErrors.PriceDeviationTooHigh.selector);
        run(
            alice,
            steps2(
                abi.encodeCall(IBundler.pull, (address(thin), 9_000e18)),
                abi.encodeCall(
                    IBundler.swap,
                    (address(swapAdapter), address(thin), address(weth), 9_000e18, 0, 2_500, "")
                )
            )
        );
        assertEq(thin.balanceOf(alice), 9_000e18, "nothing was sold");
    }

    function test_ExplicitAnyPriceIsAccepted() public {
        addMarket(address(usdc), 10_000e6, address(weth), 1e18); // thin: 10,000 USD an ETH, the oracle says 3000
        run(alice, borrowAndSwap(3_000e6, 10_000));
        assertGt(weth.balanceOf(alice), 0, "the user accepted the price");
    }

    function test_DeviationBoundAboveFullRefused() public {
        vm.expectRevert(abi.encodeWithSelector(IKeelErrors.OutOfBounds.selector, "maxDeviation"));
        run(alice, borrowAndSwap(1_000e6, 10_001));
    }

    function test_TokenWithoutOracleRefused() public {
        registry.setPriceOracle(address(weth), IPriceOracle(address(0)));
        vm.expectRevert(abi.encodeWithSelector(IPeripheryErrors.NoPriceOracle.selector, address(weth)));
        run(alice, borrowAndSwap(1_000e6, 100));
    }

    /// @dev An adapter governance never allowed (one that would keep what it is sent) is refused.
    function test_Attack_UnlistedAdapterRefused() public {
        KeepingAdapter thief = new KeepingAdapter();
        vm.expectRevert(abi.encodeWithSelector(IPeripheryErrors.AdapterNotAllowed.selector, address(thief)));
        run(
            alice,
            steps2(
                abi.encodeCall(IBundler.poolBorrow, (P, R_USDC, 1_000e6, 0, alice, address(bundler))),
                abi.encodeCall(IBundler.swap, (address(thief), address(usdc), address(weth), 1_000e6, 0, 10_000, ""))
            )
        );
    }
}

/// @dev An adapter that keeps what it is sent and delivers nothing.
contract KeepingAdapter is ISwapAdapter {
    function swap(address, address, uint256, address, bytes calldata) external pure returns (uint256) {
        return 0;
    }
}
