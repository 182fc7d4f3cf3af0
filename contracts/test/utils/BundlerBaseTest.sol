// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CdpEngine} from "../../src/cdp/CdpEngine.sol";
import {Kusd} from "../../src/cdp/Kusd.sol";
import {PegStabilityModule} from "../../src/cdp/PegStabilityModule.sol";
import {DevPriceFeed} from "../../src/devnet/DevPriceFeed.sol";
import {DevToken} from "../../src/devnet/DevToken.sol";
import {CollateralParams} from "../../src/interfaces/CdpTypes.sol";
import {IBundler} from "../../src/interfaces/IBundler.sol";
import {ReserveParams} from "../../src/interfaces/IKeelConfigurator.sol";
import {IPriceOracle} from "../../src/interfaces/IPriceOracle.sol";
import {ReserveState} from "../../src/interfaces/PoolTypes.sol";
import {ISwapAdapter} from "../../src/interfaces/ISwapAdapter.sol";
import {IUniswapV2Router} from "../../src/interfaces/IUniswapV2Router.sol";
import {ChainlinkAdapter} from "../../src/oracles/ChainlinkAdapter.sol";
import {Bundler} from "../../src/periphery/Bundler.sol";
import {PeripheryRegistry} from "../../src/periphery/PeripheryRegistry.sol";
import {UniswapV2SwapAdapter} from "../../src/periphery/UniswapV2SwapAdapter.sol";
import {BaseTest} from "./BaseTest.sol";
import {ConstantProductRouter} from "./ConstantProductRouter.sol";

/// @dev The real pool, kUSD engine, peg module, periphery registry, Uniswap V2 adapter and bundler, with a
/// constant-product market behind the adapter. Pool 1 lists WETH (collateral, 3000 USD), USDC
/// (borrowable), WBTC (collateral, 60,000 USD) and DAI (borrowable); the engine has one WETH type (150%).
/// Markets are deep (about 30M USD a side) and at the oracles' prices. `alice` has authorized the bundler
/// on the pool and the engine and approved it for every token.
abstract contract BundlerBaseTest is BaseTest {
    uint256 internal constant P = 1;
    uint256 internal constant R_WETH = 0;
    uint256 internal constant R_USDC = 1;
    uint256 internal constant R_WBTC = 2;
    uint256 internal constant R_DAI = 3;
    uint256 internal constant ETH_TYPE = 0;
    /// @dev RAY × 1.05^(1/31_536_000): 5% a year, per second.
    uint256 internal constant FEE_5_PERCENT = 1_000_000_001_547_125_957_863_212_449;

    DevToken internal wbtc;
    DevToken internal dai;
    Kusd internal kusd;
    CdpEngine internal engine;
    PegStabilityModule internal psm;
    PeripheryRegistry internal registry;
    ConstantProductRouter internal router;
    UniswapV2SwapAdapter internal swapAdapter;
    Bundler internal bundler;

    address internal alice = makeAddr("alice");

    function setUp() public virtual override {
        super.setUp();
        wbtc = new DevToken("Wrapped Bitcoin", "WBTC", 8);
        dai = new DevToken("Dai", "DAI", 18);
        IPriceOracle btcOracle = adapter(new DevPriceFeed(8, "BTC / USD", 60_000e8), 8);
        IPriceOracle daiOracle = adapter(new DevPriceFeed(8, "DAI / USD", 1e8), 18);
        IPriceOracle kusdOracle = adapter(new DevPriceFeed(8, "kUSD / USD", 1e8), 18);

        ReserveParams[] memory reserves = new ReserveParams[](4);
        reserves[R_WETH] = collateralParams(address(weth), address(ethOracle));
        reserves[R_USDC] = loanParams(address(usdc), address(usdcOracle));
        reserves[R_WBTC] = collateralParams(address(wbtc), address(btcOracle));
        reserves[R_DAI] = loanParams(address(dai), address(daiOracle));
        createPool(riskAdmin, reserves);
        _deployCdp();

        registry = new PeripheryRegistry(address(this));
        router = new ConstantProductRouter();
        swapAdapter = new UniswapV2SwapAdapter(IUniswapV2Router(address(router)));
        registry.setSwapAdapter(ISwapAdapter(address(swapAdapter)), true);
        registry.setPriceOracle(address(weth), ethOracle);
        registry.setPriceOracle(address(usdc), usdcOracle);
        registry.setPriceOracle(address(wbtc), btcOracle);
        registry.setPriceOracle(address(dai), daiOracle);
        registry.setPriceOracle(address(kusd), kusdOracle);
        bundler = new Bundler(pool, engine, psm, registry);
        // Fees a user meets in production: flash loans and flash mints 5 BPS, the peg module 10 BPS each way.
        configurator.setFlashFee(5);
        kusd.setFlashParams(5, 10_000_000e18, treasury);
        psm.setFees(10, 10);

        _seedMarkets();
        _seedLiquidity();
        authorizeBundler(alice);
    }

    // ----- set-up -----

    function _deployCdp() internal {
        kusd = new Kusd(address(this), 10_000_000e18);
        engine = new CdpEngine(address(kusd), address(this), guardian);
        psm = new PegStabilityModule(
            address(usdc),
            address(kusd),
            address(engine),
            address(usdcOracle),
            address(this),
            guardian,
            10_000_000e18,
            100
        );
        kusd.setMinter(address(engine), true);
        kusd.setMinter(address(psm), true);
        kusd.setMinter(address(this), true);
        engine.setGlobalDebtCeiling(100_000_000e18);
        CollateralParams memory p;
        p.oracle = ethOracle;
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
        engine.addCollateralType(address(weth), p);
    }

    /// @dev Deep markets at the oracles' prices: 10,000 ETH, 500 BTC, 30M of each dollar.
    function _seedMarkets() internal {
        addMarket(address(weth), 10_000e18, address(usdc), 30_000_000e6);
        addMarket(address(weth), 10_000e18, address(dai), 30_000_000e18);
        addMarket(address(wbtc), 500e8, address(usdc), 30_000_000e6);
        addMarket(address(weth), 10_000e18, address(wbtc), 500e8);
        addMarket(address(weth), 10_000e18, address(kusd), 30_000_000e18);
        addMarket(address(usdc), 30_000_000e6, address(kusd), 30_000_000e18);
        addMarket(address(usdc), 30_000_000e6, address(dai), 30_000_000e18);
    }

    /// @dev Lenders fill pool 1's USDC and DAI reserves.
    function _seedLiquidity() internal {
        supplyTo(lender, R_USDC, 5_000_000e6);
        supplyTo(lender, R_DAI, 5_000_000e18);
    }

    // ----- builders -----

    function addMarket(address tokenA, uint256 amountA, address tokenB, uint256 amountB) internal {
        (IERC20Mintable a, IERC20Mintable b) = (IERC20Mintable(tokenA), IERC20Mintable(tokenB));
        a.mint(address(this), amountA);
        b.mint(address(this), amountB);
        a.approve(address(router), amountA);
        b.approve(address(router), amountB);
        router.addLiquidity(address(a), address(b), amountA, amountB);
    }

    /// @dev `who` lets the bundler act for it on the pool and the engine, and approves it for every token.
    function authorizeBundler(address who) internal {
        vm.startPrank(who);
        pool.setAuthorization(address(bundler), true);
        engine.setOperator(address(bundler), true);
        address[5] memory tokens = [address(weth), address(usdc), address(wbtc), address(dai), address(kusd)];
        for (uint256 i; i < tokens.length; ++i) IERC20Mintable(tokens[i]).approve(address(bundler), type(uint256).max);
        vm.stopPrank();
    }

    function supplyTo(address who, uint256 reserve, uint256 assets) internal {
        IERC20Mintable token = IERC20Mintable(pool.reserveConfig(P, reserve).asset);
        token.mint(who, assets);
        vm.startPrank(who);
        token.approve(address(pool), assets);
        pool.supply(P, reserve, assets, 0, who);
        vm.stopPrank();
    }

    /// @dev `who` posts `collateral` WETH in pool 1 and borrows `debt` USDC, directly.
    function openLoan(address who, uint256 collateral, uint256 debt) internal {
        weth.mint(who, collateral);
        vm.startPrank(who);
        weth.approve(address(pool), collateral);
        pool.supplyCollateral(P, R_WETH, collateral, who);
        if (debt != 0) pool.borrow(P, R_USDC, debt, 0, who, who);
        vm.stopPrank();
    }

    function steps1(bytes memory a) internal pure returns (bytes[] memory s) {
        s = new bytes[](1);
        s[0] = a;
    }

    function steps2(bytes memory a, bytes memory b) internal pure returns (bytes[] memory s) {
        s = new bytes[](2);
        (s[0], s[1]) = (a, b);
    }

    function steps3(bytes memory a, bytes memory b, bytes memory c) internal pure returns (bytes[] memory s) {
        s = new bytes[](3);
        (s[0], s[1], s[2]) = (a, b, c);
    }

    function steps4(
        bytes memory a,
        bytes memory b,
        bytes memory c,
        bytes memory d
    ) internal pure returns (bytes[] memory s) {
        s = new bytes[](4);
        (s[0], s[1], s[2], s[3]) = (a, b, c, d);
    }

    /// @dev A swap step through the Uniswap V2 adapter, bounded at 1% from the oracles.
    function swapStep(
        address tokenIn,
        address tokenOut,
        uint256 amountIn,
        uint256 minOut
    ) internal view returns (bytes memory) {
        return abi.encodeCall(IBundler.swap, (address(swapAdapter), tokenIn, tokenOut, amountIn, minOut, 100, ""));
    }

    /// @dev What the market asks for `amountOut` of `tokenOut` (Uniswap V2's getAmountIn, rounded up).
    function quoteIn(uint256 amountOut, address tokenIn, address tokenOut) internal view returns (uint256) {
        uint256 reserveIn = router.reserveOf(tokenIn, tokenOut);
        uint256 reserveOut = router.reserveOf(tokenOut, tokenIn);
        return (reserveIn * amountOut * 1000) / ((reserveOut - amountOut) * 997) + 1;
    }

    function run(address who, bytes[] memory steps) internal {
        vm.prank(who);
        bundler.multicall(steps);
    }

    // ----- reads -----

    function debtIn(address who, uint256 reserve) internal view returns (uint256) {
        ReserveState memory s = pool.expectedReserveState(P, reserve);
        uint256 shares = pool.position(P, who, reserve).debtShares;
        return
            (shares * (uint256(s.totalBorrowAssets) + 1) + uint256(s.totalBorrowShares) + 1e6 - 1) /
            (uint256(s.totalBorrowShares) + 1e6);
    }

    function collateralIn(address who, uint256 reserve) internal view returns (uint256) {
        return pool.position(P, who, reserve).collateral;
    }

    /// @dev Every token the bundler could hold, and every spender it could have approved: all zero.
    function assertBundlerEmpty() internal view {
        address[5] memory tokens = [address(weth), address(usdc), address(wbtc), address(dai), address(kusd)];
        address[6] memory spenders = [
            address(pool),
            address(engine),
            address(psm),
            address(swapAdapter),
            address(router),
            address(kusd)
        ];
        for (uint256 i; i < tokens.length; ++i) {
            assertEq(IERC20Mintable(tokens[i]).balanceOf(address(bundler)), 0, "bundler balance");
            assertEq(IERC20Mintable(tokens[i]).balanceOf(address(swapAdapter)), 0, "adapter balance");
            for (uint256 j; j < spenders.length; ++j) {
                assertEq(IERC20Mintable(tokens[i]).allowance(address(bundler), spenders[j]), 0, "bundler allowance");
                assertEq(
                    IERC20Mintable(tokens[i]).allowance(address(swapAdapter), spenders[j]),
                    0,
                    "adapter allowance"
                );
            }
        }
    }
}

/// @dev The token calls the tests make: DevToken and kUSD (the test contract is a kUSD minter) both mint.
interface IERC20Mintable {
    function mint(address to, uint256 amount) external;
    function approve(address spender, uint256 amount) external returns (bool);
    function balanceOf(address account) external view returns (uint256);
    function allowance(address owner, address spender) external view returns (uint256);
}
