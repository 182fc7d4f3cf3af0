// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice H1 (Euler 2023): a path lowered a balance without a health check, so the attacker made
/// itself insolvent and liquidated itself at a profit. In Keel every path that lowers collateral or
/// raises debt ends with a health check, and self-liquidation pays nothing extra.
contract H1SelfLiquidationAttack is BaseTest {
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        supply(lender, USDC_R, 1_000_000e6);
        vm.startPrank(attacker);
        weth.approve(address(pool), type(uint256).max);
        usdc.approve(address(pool), type(uint256).max);
        vm.stopPrank();
        supplyCollateral(attacker, WETH_R, 10e18);
        vm.prank(attacker);
        pool.borrow(POOL, USDC_R, 24_000e6, 0, attacker, attacker);
    }

    function test_Attack_CannotMakeItselfUnhealthy() public {
        vm.startPrank(attacker);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.withdrawCollateral(POOL, WETH_R, 1, attacker, attacker);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(POOL, USDC_R, 1e6, 0, attacker, attacker);
        // Through an operator (a second contract of the attacker) the checks are the same.
        address accomplice = makeAddr("accomplice");
        pool.setAuthorization(accomplice, true);
        vm.stopPrank();
        vm.prank(accomplice);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.withdrawCollateral(POOL, WETH_R, 1, attacker, accomplice);
        // A credit delegate of the attacker's is checked against the attacker's collateral.
        vm.prank(attacker);
        pool.approveDelegation(POOL, USDC_R, accomplice, type(uint256).max);
        vm.prank(accomplice);
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(POOL, USDC_R, 1e6, 0, attacker, accomplice);
    }

    /// @dev Once a price move makes it liquidatable (while still solvent), liquidating itself leaves
    /// the attacker with no more value than it had: the incentive it earns is what it pays, minus the
    /// protocol's fee. (An insolvent position's incentive goes to whoever liquidates it; the borrower
    /// gains nothing a third party would not, and no unchecked path lets it cause the insolvency.)
    function testFuzz_Attack_SelfLiquidationIsNotProfitable(uint256 price) public {
        price = bound(price, 2600e8, 2820e8); // collateral ≥ debt × (1 + 8%)
        setEthPrice(int256(price));
        uint256 valueBefore = netValue(price);
        usdc.mint(attacker, 30_000e6);
        uint256 mintedValue = 30_000e18;
        vm.prank(attacker);
        try pool.liquidate(POOL, attacker, WETH_R, USDC_R, type(uint256).max, attacker) {} catch {}
        assertLe(netValue(price), valueBefore + mintedValue, "self-liquidation created value");
    }

    /// @dev Attacker's tokens and collateral minus its debt, in WAD USD at `price` (8 decimals).
    function netValue(uint256 price) internal view returns (uint256) {
        uint256 assets =
            (weth.balanceOf(attacker) * price) / 1e8 +
                usdc.balanceOf(attacker) * 1e12 +
                (uint256(pos(attacker, WETH_R).collateral) * price) / 1e8;
        uint256 debt = debtOf(attacker, USDC_R) * 1e12;
        return assets > debt ? assets - debt : 0;
    }
}
