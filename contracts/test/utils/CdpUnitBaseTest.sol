// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {PegStabilityModule} from "../../src/cdp/PegStabilityModule.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {CollateralParams} from "../../src/interfaces/CdpTypes.sol";
import {CdpBaseTest} from "./CdpBaseTest.sol";

/// @dev Helpers shared by the engine's and the peg module's unit tests: an unsafe vault, a keeper
/// starting its auction, kUSD for a payer that does not disturb the ETH books, parameter edits, and a
/// second peg module over a stablecoin of other decimals.
abstract contract CdpUnitBaseTest is CdpBaseTest {
    /// @dev The default minimum ratio (150%) in WAD, as the engine reports it in errors.
    uint256 internal constant MIN_RATIO = 1.5e18;
    /// @dev The tab of the vault `openUnsafeVault` opens: 15_000 kUSD of debt plus the 13% penalty.
    uint256 internal constant UNSAFE_TAB = 16_950e18;

    /// @dev An account that approved nothing.
    address internal carol = makeAddr("carol");

    /// @dev Alice's vault of 10 WETH owing 15_000 kUSD, with ETH dropped from 3000 to 2000 USD: ratio 133% < 150%.
    function openUnsafeVault() internal returns (uint256 vaultId) {
        vaultId = openVault(alice, 10e18, 15_000e18);
        setEthPrice(2000);
    }

    function startAuctionAsKeeper(uint256 vaultId) internal returns (uint256 tab) {
        vm.prank(keeper);
        tab = engine.startAuction(vaultId, keeper);
    }

    /// @dev Gives `who` kUSD by selling USDC to the peg module (no fee by default): the books stay balanced
    /// and no ETH debt is created. `amount` must be a whole number of USDC units (a multiple of 1e12).
    function fundKusd(address who, uint256 amount) internal {
        uint256 gemAmount = amount / 1e12;
        usdc.mint(who, gemAmount);
        vm.prank(who);
        psm.sellGem(gemAmount, who);
    }

    /// @dev The WAD ratio the engine reports for `collateral` WETH at `priceUsd` against `debt`.
    function ratioOf(uint256 collateral, uint256 priceUsd, uint256 debt) internal pure returns (uint256) {
        return (collateral * priceUsd * 1e18) / debt;
    }

    function setEthParams(CollateralParams memory params) internal {
        engine.setCollateralParams(ETH, params);
    }

    /// @dev A peg module (cap 1M kUSD, 1% tolerance, no fees) for a new stablecoin of `decimals`,
    /// priced by the USDC feed, with minting rights and `bob`'s approval.
    function newPegModule(uint8 decimals) internal returns (DevToken gem, PegStabilityModule module) {
        gem = new DevToken("Dai-like", "DAI", decimals);
        module = new PegStabilityModule(
            address(gem),
            address(kusd),
            address(engine),
            address(adapter(usdcFeed, decimals)),
            address(this),
            guardian,
            1_000_000e18,
            100
        );
        kusd.setMinter(address(module), true);
        vm.prank(bob);
        gem.approve(address(module), type(uint256).max);
    }

    /// @dev A copy of the default parameters, to edit and pass to `setEthParams`.
    function ethParamsCopy() internal view returns (CollateralParams memory) {
        return ethParams;
    }
}
