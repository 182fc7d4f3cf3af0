// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {CdpEngine} from "../../src/cdp/CdpEngine.sol";
import {Kusd} from "../../src/cdp/Kusd.sol";
import {PegStabilityModule} from "../../src/cdp/PegStabilityModule.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {CollateralParams, Vault} from "../../src/interfaces/CdpTypes.sol";
import {IAggregatorV3} from "../../src/interfaces/IAggregatorV3.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {ChainlinkAdapter} from "../../src/oracles/ChainlinkAdapter.sol";
import {RAY} from "../../src/libraries/Constants.sol";

/// @dev Deploys the real kUSD, engine and USDC peg module over dev feeds, with one collateral type:
/// WETH at 3000 USD, minimum ratio 150%, 5% a year stability fee, 13% penalty, auctions starting at
/// 120% of the oracle and halving every 10 minutes down to a 40% floor, with a 6-hour time limit.
/// The test contract is governance; `guardian` is the guardian.
abstract contract CdpBaseTest is Test {
    /// @dev RAY × 1.05^(1/31_536_000): 5% a year, per second.
    uint256 internal constant FEE_5_PERCENT = 1_000_000_001_547_125_957_863_212_449;
    uint256 internal constant ETH = 0;

    Kusd internal kusd;
    CdpEngine internal engine;
    PegStabilityModule internal psm;
    DevToken internal weth;
    DevToken internal usdc;
    DevPriceFeed internal ethFeed;
    DevPriceFeed internal usdcFeed;
    ChainlinkAdapter internal ethOracle;
    ChainlinkAdapter internal usdcOracle;
    CollateralParams internal ethParams;

    address internal guardian = makeAddr("guardian");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal keeper = makeAddr("keeper");

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        weth = new DevToken("Wrapped Ether", "WETH", 18);
        usdc = new DevToken("USD Coin", "USDC", 6);
        ethFeed = new DevPriceFeed(8, "ETH / USD", 3000e8);
        usdcFeed = new DevPriceFeed(8, "USDC / USD", 1e8);
        ethOracle = adapter(ethFeed, 18);
        usdcOracle = adapter(usdcFeed, 6);

        kusd = new Kusd(address(this), 10_000_000e18);
        engine = new CdpEngine(address(kusd), address(this), guardian);
        psm = new PegStabilityModule(
            address(usdc),
            address(kusd),
            address(engine),
            address(usdcOracle),
            address(this),
            guardian,
            1_000_000e18,
            100
        );
        kusd.setMinter(address(engine), true);
        kusd.setMinter(address(psm), true);
        engine.setGlobalDebtCeiling(100_000_000e18);
        ethParams = defaultParams(ethOracle);
        engine.addCollateralType(address(weth), ethParams);

        address[4] memory users = [alice, bob, keeper, address(this)];
        for (uint256 i; i < users.length; ++i) {
            vm.startPrank(users[i]);
            weth.approve(address(engine), type(uint256).max);
            usdc.approve(address(psm), type(uint256).max);
            vm.stopPrank();
        }
    }

    // ----- builders -----

    function adapter(DevPriceFeed feed, uint8 decimals) internal returns (ChainlinkAdapter) {
        return
            new ChainlinkAdapter(IAggregatorV3(address(feed)), decimals, 1 days, 1, 1e20, IAggregatorV3(address(0)), 0);
    }

    function defaultParams(IPriceOracle oracle) internal pure returns (CollateralParams memory p) {
        p.oracle = oracle;
        p.stabilityFee = FEE_5_PERCENT;
        p.minRatioBps = 15_000;
        p.liquidationPenaltyBps = 1_300;
        p.auctionStartBufferBps = 12_000;
        p.auctionFloorBps = 4_000;
        p.keeperFeeBps = 10;
        p.auctionHalfLife = 10 minutes;
        p.auctionMaxDuration = 6 hours;
        p.debtCeiling = 50_000_000e18;
        p.debtFloor = 100e18;
        p.keeperTip = 10e18;
        p.auctionLimit = 5_000_000e18;
    }

    // ----- actions -----

    /// @dev Funds `who` with `collateral` WETH and opens a vault minting `debt` kUSD to `who`.
    function openVault(address who, uint256 collateral, uint256 debt) internal returns (uint256 vaultId) {
        weth.mint(who, collateral);
        vm.prank(who);
        vaultId = engine.open(ETH, who, collateral, debt, who);
    }

    /// @dev Sets ETH to `usd` dollars (8-decimal feed).
    function setEthPrice(uint256 usd) internal {
        ethFeed.setAnswer(int256(usd * 1e8));
    }

    /// @dev Moves time and re-posts both feeds, which the adapters would otherwise call stale.
    function skipAndRefresh(uint256 seconds_) internal {
        skip(seconds_);
        (, int256 eth, , , ) = ethFeed.latestRoundData();
        (, int256 usd, , , ) = usdcFeed.latestRoundData();
        ethFeed.setAnswer(eth);
        usdcFeed.setAnswer(usd);
    }

    function debtOf(uint256 vaultId) internal view returns (uint256) {
        return engine.debtOf(vaultId);
    }

    function vaultOf(uint256 vaultId) internal view returns (Vault memory) {
        return engine.vault(vaultId);
    }

    /// @dev The engine's books in RAD: kUSD supply × RAY + surplus − (vault debt + auction debt + peg-module mints) × RAY.
    /// Zero when the books balance.
    function booksImbalance() internal view returns (int256) {
        int256 assets = int256(kusd.totalSupply() * RAY) + engine.surplusRad();
        int256 liabilities = int256(engine.totalDebtRad() + (engine.auctionDebt() + psm.minted()) * RAY);
        return assets - liabilities;
    }
}
