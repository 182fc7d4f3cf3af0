// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {ReserveParams} from "../../src/interfaces/IKeelConfigurator.sol";
import {BaseTest} from "../utils/BaseTest.sol";

/// @notice D1 (Hundred, Sonne, Radiant, Raft…): inflate a fresh reserve's share price by a
/// donation or by rounding, then abuse it. Keel's totals are internal and shares carry a virtual offset.
contract D1DonationInflationAttack is BaseTest {
    address internal attacker = makeAddr("attacker");
    address internal victim = makeAddr("victim");
    uint256 internal freshPool;

    function setUp() public override {
        super.setUp();
        // A fresh pool whose reserves hold nothing but the minimum seed.
        DevToken cbeth = new DevToken("Fresh Collateral", "FRESH", 18);
        DevPriceFeed feed = new DevPriceFeed(8, "FRESH / USD", 3000e8);
        ReserveParams[] memory reserves = new ReserveParams[](2);
        reserves[0] = collateralParams(address(cbeth), address(adapter(feed, 18)));
        reserves[0].borrowEnabled = true;
        reserves[1] = loanParams(address(usdc), address(usdcOracle));
        freshPool = createPool(attacker, reserves);
        vm.startPrank(attacker);
        usdc.approve(address(pool), type(uint256).max);
        weth.approve(address(pool), type(uint256).max);
        vm.stopPrank();
        vm.prank(victim);
        usdc.approve(address(pool), type(uint256).max);
    }

    function test_Attack_DonationAfterDustDepositGainsNothing() public {
        // 1. The attacker supplies a little and withdraws down to a few wei of value.
        usdc.mint(attacker, 1_000_001e6);
        vm.startPrank(attacker);
        (, uint256 shares) = pool.supply(freshPool, 1, 1e6, 0, attacker);
        pool.withdraw(freshPool, 1, 0, shares - 2e6, attacker, attacker);
        // 2. It donates a large balance straight to the contract.
        usdc.transfer(address(pool), 1_000_000e6);
        vm.stopPrank();

        // Totals ignore the donation.
        assertEq(pool.reserveState(freshPool, 1).totalSupplyAssets, configurator.MIN_SEED() + 2);

        // 3. A victim deposits: it gets shares at the undistorted price and can take its money back.
        usdc.mint(victim, 10_000e6);
        vm.prank(victim);
        (, uint256 victimShares) = pool.supply(freshPool, 1, 10_000e6, 0, victim);
        assertEq(victimShares, 10_000e6 * 1e6, "share price unmoved by the donation");
        vm.prank(victim);
        (uint256 back, ) = pool.withdraw(freshPool, 1, 0, victimShares, victim, victim);
        assertEq(back, 10_000e6, "victim loses nothing");

        // 4. The attacker's remaining shares are still worth ~2 units: the donation is lost to it.
        uint256 left = pool.position(freshPool, attacker, 1).supplyShares;
        vm.prank(attacker);
        (uint256 attackerBack, ) = pool.withdraw(freshPool, 1, 0, left, attacker, attacker);
        assertLe(attackerBack, 2);
    }

    function test_Attack_DonationDoesNotRaiseBorrowingPower() public {
        supplyCollateral(attacker, WETH_R, 1e18);
        uint256 powerBefore = pool.accountHealth(POOL, attacker).borrowPower;
        weth.mint(attacker, 100e18);
        vm.prank(attacker);
        weth.transfer(address(pool), 100e18);
        assertEq(pool.accountHealth(POOL, attacker).borrowPower, powerBefore);
    }

    function test_Attack_WithdrawBurnsSharesRoundedUp() public {
        supply(lender, USDC_R, 1000e6);
        skipTime(365 days);
        openPosition(10_000e6);
        skipTime(365 days);
        pool.accrueInterest(POOL, USDC_R);
        // Withdrawing 1 unit burns at least the shares that unit is worth.
        uint256 sharesBefore = pos(lender, USDC_R).supplyShares;
        vm.prank(lender);
        (, uint256 burned) = pool.withdraw(POOL, USDC_R, 1, 0, lender, lender);
        assertEq(sharesBefore - pos(lender, USDC_R).supplyShares, burned);
        uint256 fairShares =
            (1 * (uint256(state(USDC_R).totalSupplyShares) + 1e6)) / (state(USDC_R).totalSupplyAssets + 1);
        assertGe(burned, fairShares);
    }

    /// @dev Repeated deposit/withdraw cycles with any sizes never leave the user ahead.
    function testFuzz_Attack_DepositWithdrawLoopsNeverGain(uint256[8] memory amounts, uint256 donation) public {
        donation = bound(donation, 0, 1e12);
        usdc.mint(attacker, 1e13);
        uint256 start = usdc.balanceOf(attacker);
        vm.startPrank(attacker);
        usdc.transfer(address(pool), donation);
        for (uint256 i; i < amounts.length; ++i) {
            uint256 amount = bound(amounts[i], 1, 1e12);
            (, uint256 shares) = pool.supply(freshPool, 1, amount, 0, attacker);
            uint256 part = bound(amounts[i] >> 128, 1, shares);
            try pool.withdraw(freshPool, 1, 0, part, attacker, attacker) {} catch {}
        }
        uint256 rest = pool.position(freshPool, attacker, 1).supplyShares;
        if (rest != 0) try pool.withdraw(freshPool, 1, 0, rest, attacker, attacker) {} catch {}
        vm.stopPrank();
        assertLe(usdc.balanceOf(attacker), start - donation);
    }
}
