// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {IOracleErrors} from "../../src/interfaces/IOracleErrors.sol";
import {CrossPoolTest} from "../utils/CrossPoolTest.sol";

/// @notice O4 (outside review MM-02): a failing price borrowed as a shield. Health read the price of
/// every collateral in the account, so a borrower at health 0.85 who added 1 satoshi of a reserve whose
/// feed had failed could no longer be liquidated, and a griefer could do the same to a victim to block
/// its withdrawals. Now a collateral whose price fails is valued at its last reported price, or at zero
/// when there is none, for liquidation; it never gives borrowing power; and nobody can add a reserve to
/// someone else's account.
contract O4FailedPriceShieldAttack is CrossPoolTest {
    address internal griefer = makeAddr("griefer");

    function setUp() public override {
        super.setUp();
        crossSupply(lender, C_USDC, 100_000e6);
        usdc.mint(liquidator, 100_000e6);
    }

    /// @dev 8,000 of WETH collateral against 20,000 of debt after a fall; 1 satoshi of WBTC whose feed died.
    function shieldedBorrower() internal {
        crossCollateral(borrower, C_WETH, 10e18);
        crossBorrow(borrower, C_USDC, 20_000e6);
        crossCollateral(borrower, C_WBTC, 1);
        ethFeed.setAnswer(2400e8); // health 24,000 × 0.85 / 20,000 = 1.02
        ethFeed.setAnswer(2000e8); // health 0.85
    }

    function test_Attack_StaleFeedDoesNotShield() public {
        shieldedBorrower();
        uint256 btcUpdatedAt = vm.getBlockTimestamp();
        vm.warp(btcUpdatedAt + 1 days + 1); // every feed goes stale; the pair traded is republished
        ethFeed.setAnswer(2000e8);
        usdcFeed.setAnswer(1e8);
        PriceView btcOracle = btcOracleOf();
        vm.expectRevert(abi.encodeWithSelector(IOracleErrors.StalePrice.selector, btcUpdatedAt, 1 days));
        btcOracle.price();

        assertLt(pool.healthFactor(CROSS, borrower), 1e18, "the view agrees: unhealthy");
        vm.prank(liquidator);
        (uint256 repaid, ) = pool.liquidate(CROSS, borrower, C_WETH, C_USDC, type(uint256).max, liquidator);
        assertGt(repaid, 0);
    }

    function test_Attack_DeadFeedDoesNotShield() public {
        shieldedBorrower();
        btcFeed.setAnswer(0); // not a price at all: no fallback either; the satoshi counts for nothing
        vm.prank(liquidator);
        (uint256 repaid, ) = pool.liquidate(CROSS, borrower, C_WETH, C_USDC, type(uint256).max, liquidator);
        assertGt(repaid, 0);
    }

    function test_Attack_GrieferCannotAttachAFailingReserveToAVictim() public {
        crossCollateral(borrower, C_WETH, 10e18);
        crossBorrow(borrower, C_USDC, 5_000e6);
        wbtc.mint(griefer, 1);
        vm.startPrank(griefer);
        wbtc.approve(address(pool), 1);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.Unauthorized.selector, griefer, borrower));
        pool.supplyCollateral(CROSS, C_WBTC, 1, borrower);
        vm.stopPrank();
    }

    /// @dev An account that holds a reserve whose feed fails is never trapped: what its other collateral
    /// covers can still be withdrawn; only the part that needs the unpriced collateral is refused, with
    /// an error that names it.
    function test_FailedFeedNeverTrapsAHealthyAccount() public {
        crossCollateral(borrower, C_WETH, 10e18);
        crossCollateral(borrower, C_WBTC, 1e8);
        crossBorrow(borrower, C_USDC, 10_000e6);
        btcFeed.setAnswer(0);

        vm.prank(borrower);
        pool.withdrawCollateral(CROSS, C_WETH, 5e18, borrower, borrower); // 5 WETH still back 10,000
        vm.prank(borrower);
        vm.expectRevert(abi.encodeWithSelector(IKeelPoolErrors.UnpricedCollateral.selector, CROSS, C_WBTC));
        pool.withdrawCollateral(CROSS, C_WETH, 2e18, borrower, borrower);
    }

    /// @dev The other side of the rule: an outage of a healthy account's main feed does not make it
    /// liquidatable, because its collateral keeps its last reported price.
    function test_StaleMainFeedDoesNotLiquidateAHealthyAccount() public {
        crossCollateral(borrower, C_WBTC, 1e8); // 60,000
        crossCollateral(borrower, C_WETH, 1e18); // 3,000
        crossBorrow(borrower, C_USDC, 30_000e6);
        vm.warp(vm.getBlockTimestamp() + 1 days + 1);
        ethFeed.setAnswer(3000e8);
        usdcFeed.setAnswer(1e8); // BTC's feed stays stale
        assertGt(pool.healthFactor(CROSS, borrower), 1e18);
        vm.prank(liquidator);
        vm.expectPartialRevert(IKeelPoolErrors.HealthyPosition.selector);
        pool.liquidate(CROSS, borrower, C_WETH, C_USDC, type(uint256).max, liquidator);
    }

    function btcOracleOf() internal view returns (PriceView) {
        return PriceView(pool.reserveConfig(CROSS, C_WBTC).oracle);
    }
}

interface PriceView {
    function price() external view returns (uint256);
}
