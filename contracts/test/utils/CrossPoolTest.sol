// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevRateProvider} from "../../src/devnet/DevRateProvider.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {ReserveParams} from "../../src/interfaces/IKeelConfigurator.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {EModeCategory} from "../../src/interfaces/PoolTypes.sol";
import {ChainlinkAdapter} from "../../src/oracles/ChainlinkAdapter.sol";
import {LstAdapter} from "../../src/oracles/LstAdapter.sol";
import {BaseTest} from "./BaseTest.sol";

/// @dev Adds pool 1, a cross-collateral pool of five reserves: 0 WETH, 1 USDC, 2 WBTC, 3 stETH-like
/// LST (priced by LstAdapter), 4 DAI. E-mode category 1 (ETH-correlated: WETH, LST) allows 93% / 95%.
abstract contract CrossPoolTest is BaseTest {
    uint256 internal constant CROSS = 1;
    uint256 internal constant C_WETH = 0;
    uint256 internal constant C_USDC = 1;
    uint256 internal constant C_WBTC = 2;
    uint256 internal constant C_LST = 3;
    uint256 internal constant C_DAI = 4;

    DevToken internal wbtc;
    DevToken internal lst;
    DevToken internal dai;
    DevPriceFeed internal btcFeed;
    DevPriceFeed internal lstFeed;
    DevPriceFeed internal daiFeed;
    DevRateProvider internal lstRate;
    LstAdapter internal lstOracle;

    function setUp() public virtual override {
        super.setUp();
        wbtc = new DevToken("Wrapped Bitcoin", "WBTC", 8);
        lst = new DevToken("Staked Ether", "stETH", 18);
        dai = new DevToken("Dai-like", "DAI", 18);
        btcFeed = new DevPriceFeed(8, "BTC / USD", 60_000e8);
        lstFeed = new DevPriceFeed(8, "stETH / USD", 3300e8);
        daiFeed = new DevPriceFeed(8, "DAI / USD", 1e8);
        lstRate = new DevRateProvider(1.1e18, 0.03e18);
        ChainlinkAdapter lstMarket = adapter(lstFeed, 18);
        lstOracle = new LstAdapter(lstRate, IPriceOracle(address(ethOracle)), IPriceOracle(address(lstMarket)), 18, 18);

        ReserveParams[] memory reserves = new ReserveParams[](5);
        reserves[C_WETH] = collateralParams(address(weth), address(ethOracle));
        reserves[C_WETH].borrowEnabled = true;
        reserves[C_USDC] = loanParams(address(usdc), address(usdcOracle));
        reserves[C_WBTC] = collateralParams(address(wbtc), address(adapter(btcFeed, 8)));
        reserves[C_WBTC].ltvBps = 7000;
        reserves[C_WBTC].liquidationThresholdBps = 7500;
        reserves[C_LST] = collateralParams(address(lst), address(lstOracle));
        reserves[C_DAI] = loanParams(address(dai), address(adapter(daiFeed, 18)));
        reserves[C_DAI].collateralEnabled = true;
        reserves[C_DAI].ltvBps = 7500;
        reserves[C_DAI].liquidationThresholdBps = 8000;
        reserves[C_DAI].maxLiquidationBonusBps = 500;
        uint256 id = createPool(riskAdmin, reserves);
        assertEq(id, CROSS);
        // A category exists before its members join, so it is never weaker than one of them.
        vm.startPrank(riskAdmin);
        configurator.setEMode(CROSS, 1, EModeCategory(9300, 9500, 200));
        reserves[C_WETH].eModeCategory = 1;
        reserves[C_LST].eModeCategory = 1;
        configurator.updateReserve(CROSS, C_WETH, reserves[C_WETH]);
        configurator.updateReserve(CROSS, C_LST, reserves[C_LST]);
        vm.stopPrank();

        DevToken[5] memory tokens = [weth, usdc, wbtc, lst, dai];
        for (uint256 i; i < 5; ++i) {
            for (uint256 j; j < 3; ++j) {
                vm.prank([lender, borrower, liquidator][j]);
                tokens[i].approve(address(pool), type(uint256).max);
            }
        }
    }

    function crossSupply(address who, uint256 reserve, uint256 assets) internal {
        DevToken(pool.reserveConfig(CROSS, reserve).asset).mint(who, assets);
        vm.prank(who);
        pool.supply(CROSS, reserve, assets, 0, who);
    }

    function crossCollateral(address who, uint256 reserve, uint256 assets) internal {
        DevToken(pool.reserveConfig(CROSS, reserve).asset).mint(who, assets);
        vm.prank(who);
        pool.supplyCollateral(CROSS, reserve, assets, who);
    }

    function crossBorrow(address who, uint256 reserve, uint256 assets) internal {
        vm.prank(who);
        pool.borrow(CROSS, reserve, assets, 0, who, who);
    }
}
