// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ReserveParams} from "../../src/interfaces/IKeelConfigurator.sol";
import {IKeelPoolErrors} from "../../src/interfaces/IKeelPoolErrors.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {Erc4626Adapter} from "../../src/oracles/Erc4626Adapter.sol";
import {BaseTest} from "../utils/BaseTest.sol";

contract SavingsVault is ERC4626 {
    constructor(IERC20 asset_) ERC4626(asset_) ERC20("Savings USDC", "sUSDC") {}
}

/// @notice O2 (Cream 2021, Lodestar 2022): vault-share collateral priced as assets/supply, which a
/// donation inflates. Keel's ERC-4626 adapter caps the exchange rate's growth.
contract O2VaultShareDonationAttack is BaseTest {
    uint256 internal vaultPool;
    SavingsVault internal vault;
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        vault = new SavingsVault(IERC20(address(usdc)));
        usdc.mint(address(this), 1_000_000e6);
        usdc.approve(address(vault), type(uint256).max);
        vault.deposit(1_000_000e6, address(this));
        Erc4626Adapter shareOracle = new Erc4626Adapter(vault, IPriceOracle(address(usdcOracle)), 0.2e18);
        ReserveParams[] memory reserves = new ReserveParams[](2);
        reserves[0] = collateralParams(address(vault), address(shareOracle));
        reserves[1] = loanParams(address(usdc), address(usdcOracle));
        vault.approve(address(configurator), type(uint256).max);
        usdc.mint(address(this), 1000);
        usdc.approve(address(configurator), 1000);
        uint256[] memory seeds = new uint256[](2);
        seeds[0] = seeds[1] = 1000;
        vaultPool = configurator.createPool(riskAdmin, reserves, seeds);
        usdc.mint(lender, 10_000_000e6);
        vm.prank(lender);
        pool.supply(vaultPool, 1, 10_000_000e6, 0, lender);
    }

    function test_Attack_DonationDoublingSharePriceAddsNoBorrowingPower() public {
        // The attacker holds 100,000 USDC worth of shares as collateral.
        usdc.mint(attacker, 1_100_000e6);
        vm.startPrank(attacker);
        usdc.approve(address(vault), type(uint256).max);
        vault.deposit(100_000e6, attacker);
        vault.approve(address(pool), type(uint256).max);
        pool.supplyCollateral(vaultPool, 0, vault.balanceOf(attacker), attacker);
        uint256 powerBefore = pool.accountHealth(vaultPool, attacker).borrowPower;
        // Donating 1M USDC to the vault (1.1M of assets) nearly doubles its share price.
        usdc.transfer(address(vault), 1_000_000e6);
        assertGt(vault.convertToAssets(1e6), 1.9e6);
        assertEq(pool.accountHealth(vaultPool, attacker).borrowPower, powerBefore, "power capped at the snapshot rate");
        // Borrowing against the doubled price fails.
        vm.expectPartialRevert(IKeelPoolErrors.InsufficientCollateral.selector);
        pool.borrow(vaultPool, 1, powerBefore / 1e12 + 1000e6, 0, attacker, attacker);
        vm.stopPrank();
    }
}
