// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {IAggregatorV3} from "../../src/interfaces/IAggregatorV3.sol";
import {ReserveParams, RiskBounds} from "../../src/interfaces/IKeelConfigurator.sol";
import {IKeelPool} from "../../src/interfaces/IKeelPool.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {AccountHealth, Position, ReserveState} from "../../src/interfaces/PoolTypes.sol";
import {KinkedRateModel} from "../../src/irm/KinkedRateModel.sol";
import {ChainlinkAdapter} from "../../src/oracles/ChainlinkAdapter.sol";
import {KeelConfigurator} from "../../src/pool/KeelConfigurator.sol";
import {KeelPool} from "../../src/pool/KeelPool.sol";

/// @dev Deploys the real core, configurator, rate model and Chainlink adapters over dev feeds, and an
/// isolated pool: reserve 0 = WETH (collateral), reserve 1 = USDC (borrowable). ETH is 3000 USD.
abstract contract BaseTest is Test {
    uint256 internal constant POOL = 0;
    uint256 internal constant WETH_R = 0;
    uint256 internal constant USDC_R = 1;

    KeelPool internal pool;
    KeelConfigurator internal configurator;
    KinkedRateModel internal irm;
    DevToken internal weth;
    DevToken internal usdc;
    DevPriceFeed internal ethFeed;
    DevPriceFeed internal usdcFeed;
    ChainlinkAdapter internal ethOracle;
    ChainlinkAdapter internal usdcOracle;

    ReserveParams internal wethParams;
    ReserveParams internal usdcParams;

    address internal guardian = makeAddr("guardian");
    address internal treasury = makeAddr("treasury");
    address internal riskAdmin = makeAddr("riskAdmin");
    address internal lender = makeAddr("lender");
    address internal borrower = makeAddr("borrower");
    address internal liquidator = makeAddr("liquidator");

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        configurator = new KeelConfigurator(address(this), guardian, defaultBounds());
        pool = new KeelPool(address(configurator));
        configurator.bindPool(pool);
        configurator.setTreasury(treasury);
        irm = new KinkedRateModel(0, 0.04e18, 0.75e18, 0.9e18);
        configurator.setRateModelEnabled(address(irm), true);

        weth = new DevToken("Wrapped Ether", "WETH", 18);
        usdc = new DevToken("USD Coin", "USDC", 6);
        ethFeed = new DevPriceFeed(8, "ETH / USD", 3000e8);
        usdcFeed = new DevPriceFeed(8, "USDC / USD", 1e8);
        ethOracle = adapter(ethFeed, 18);
        usdcOracle = adapter(usdcFeed, 6);

        wethParams = collateralParams(address(weth), address(ethOracle));
        usdcParams = loanParams(address(usdc), address(usdcOracle));
        ReserveParams[] memory reserves = new ReserveParams[](2);
        reserves[0] = wethParams;
        reserves[1] = usdcParams;
        createPool(riskAdmin, reserves);

        for (uint256 i; i < 4; ++i) {
            address who = [lender, borrower, liquidator, address(this)][i];
            vm.startPrank(who);
            weth.approve(address(pool), type(uint256).max);
            usdc.approve(address(pool), type(uint256).max);
            vm.stopPrank();
        }
    }

    // ----- builders -----

    function defaultBounds() internal pure returns (RiskBounds memory) {
        return
            RiskBounds({
                maxLtvBps: 9300,
                maxLiquidationThresholdBps: 9500,
                maxLiquidationBonusBps: 1500,
                maxReserveFactorBps: 5000,
                maxLiquidationFeeBps: 5000,
                maxFlashFeeBps: 100
            });
    }

    function adapter(DevPriceFeed feed, uint8 decimals) internal returns (ChainlinkAdapter) {
        return
            new ChainlinkAdapter(IAggregatorV3(address(feed)), decimals, 1 days, 1, 1e20, IAggregatorV3(address(0)), 0);
    }

    function collateralParams(address asset, address oracle) internal view returns (ReserveParams memory p) {
        p.asset = asset;
        p.oracle = oracle;
        p.irm = address(irm);
        p.ltvBps = 8000;
        p.liquidationThresholdBps = 8500;
        p.maxLiquidationBonusBps = 800;
        p.liquidationFeeBps = 1000;
        p.reserveFactorBps = 1000;
        p.collateralEnabled = true;
    }

    function loanParams(address asset, address oracle) internal view returns (ReserveParams memory p) {
        p.asset = asset;
        p.oracle = oracle;
        p.irm = address(irm);
        p.reserveFactorBps = 1000;
        p.borrowEnabled = true;
    }

    function createPool(address admin, ReserveParams[] memory reserves) internal returns (uint256 poolId) {
        uint256[] memory seeds = new uint256[](reserves.length);
        for (uint256 i; i < reserves.length; ++i) {
            seeds[i] = configurator.MIN_SEED();
            DevToken(reserves[i].asset).mint(address(this), seeds[i]);
            DevToken(reserves[i].asset).approve(address(configurator), seeds[i]);
        }
        poolId = configurator.createPool(admin, reserves, seeds);
    }

    /// @dev Applies edited params to a reserve of the isolated pool, as its risk admin.
    function updateReserve(uint256 reserve, ReserveParams memory params) internal {
        vm.prank(riskAdmin);
        configurator.updateReserve(POOL, reserve, params);
    }

    // ----- actions -----

    function supply(address who, uint256 reserve, uint256 assets) internal returns (uint256 shares) {
        DevToken token = DevToken(pool.reserveConfig(POOL, reserve).asset);
        token.mint(who, assets);
        vm.prank(who);
        (, shares) = pool.supply(POOL, reserve, assets, 0, who);
    }

    function supplyCollateral(address who, uint256 reserve, uint256 assets) internal {
        DevToken token = DevToken(pool.reserveConfig(POOL, reserve).asset);
        token.mint(who, assets);
        vm.prank(who);
        pool.supplyCollateral(POOL, reserve, assets, who);
    }

    function borrow(address who, uint256 reserve, uint256 assets) internal returns (uint256 shares) {
        vm.prank(who);
        (, shares) = pool.borrow(POOL, reserve, assets, 0, who, who);
    }

    /// @dev A lender with 1M USDC and a borrower with 10 WETH (30,000 USD) who borrows `debt` USDC.
    function openPosition(uint256 debt) internal {
        supply(lender, USDC_R, 1_000_000e6);
        supplyCollateral(borrower, WETH_R, 10e18);
        if (debt != 0) borrow(borrower, USDC_R, debt);
    }

    /// @dev Moves time forward and republishes every feed, as live feeds would keep updating.
    function skipTime(uint256 seconds_) internal {
        vm.warp(vm.getBlockTimestamp() + seconds_);
        (, int256 ethAnswer, , , ) = ethFeed.latestRoundData();
        (, int256 usdcAnswer, , , ) = usdcFeed.latestRoundData();
        ethFeed.setAnswer(ethAnswer);
        usdcFeed.setAnswer(usdcAnswer);
    }

    function setEthPrice(int256 answer) internal {
        ethFeed.setAnswer(answer);
    }

    // ----- reads -----

    function pos(address who, uint256 reserve) internal view returns (Position memory) {
        return pool.position(POOL, who, reserve);
    }

    function state(uint256 reserve) internal view returns (ReserveState memory) {
        return pool.reserveState(POOL, reserve);
    }

    function debtOf(address who, uint256 reserve) internal view returns (uint256) {
        ReserveState memory s = pool.expectedReserveState(POOL, reserve);
        uint256 shares = pos(who, reserve).debtShares;
        return
            (shares * (uint256(s.totalBorrowAssets) + 1) + uint256(s.totalBorrowShares) + 1e6 - 1) /
            (uint256(s.totalBorrowShares) + 1e6);
    }

    function health(address who) internal view returns (uint256) {
        return pool.healthFactor(POOL, who);
    }
}
