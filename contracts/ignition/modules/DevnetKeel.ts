import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CoreModule from "./Core.js";
import DevnetCdpModule from "./DevnetCdp.js";
import DevnetPeripheryModule from "./DevnetPeriphery.js";
import DevnetTokensModule, { DEVNET_TOKENS, type DevnetSymbol } from "./DevnetTokens.js";
import DevnetUniswapModule from "./DevnetUniswap.js";
import RateModelsModule from "./RateModels.js";

/** The devnet's pools, created in this order (so their ids are 0, 1, 2), reserves in index order. */
const DEVNET_POOLS = [
  { name: "Core", kind: "cross", reserves: ["WETH", "WBTC", "wstETH", "USDC", "DAI"] },
  { name: "WBTC / USDC", kind: "isolated", reserves: ["WBTC", "USDC"] },
  { name: "wstETH / WETH", kind: "isolated", reserves: ["wstETH", "WETH"] },
] as const satisfies readonly { name: string; kind: "cross" | "isolated"; reserves: readonly DevnetSymbol[] }[];

/** The core pool's e-mode category for ETH and its staking token. */
const DEVNET_ETH_EMODE = {
  category: 1,
  params: { ltvBps: 9000, liquidationThresholdBps: 9300, maxLiquidationBonusBps: 100 },
} as const;

/**
 * Keel on the local network: the money-market core and both rate models, the devnet tokens with feeds
 * and adapters, Uniswap V2 with liquid pairs, the periphery (lens, capital-free liquidator, example
 * flash borrower, bundler with its registry and swap adapter), and three pools created through the configurator with the deployer as risk admin:
 * a cross-collateral core pool of all five tokens with an ETH e-mode, and two isolated markets.
 * kUSD (DevnetCdp module) is then listed in the core pool as its sixth reserve, seeded with kUSD the
 * deployer buys from the USDC peg module. Risk parameters follow those of comparable live markets
 * (docs/devnet.md lists them).
 */
export default buildModule("KeelDevnet", (m) => {
  const { configurator, pool } = m.useModule(CoreModule);
  const { kinked, adaptive } = m.useModule(RateModelsModule);
  const tokens = m.useModule(DevnetTokensModule);
  const { router } = m.useModule(DevnetUniswapModule);
  const cdp = m.useModule(DevnetCdpModule);
  const periphery = m.useModule(DevnetPeripheryModule);
  const deployer = m.getAccount(0);

  const lens = m.contract("KeelLens", [pool]);
  const liquidator = m.contract("KeelLiquidator", [pool, router]);
  const flashBorrower = m.contract("FlashBorrowerExample", [pool]);

  const assets = {
    WETH: { token: tokens.weth, oracle: tokens.wethOracle },
    WBTC: { token: tokens.wbtc, oracle: tokens.wbtcOracle },
    wstETH: { token: tokens.wsteth, oracle: tokens.wstethOracle },
    USDC: { token: tokens.usdc, oracle: tokens.usdcOracle },
    DAI: { token: tokens.dai, oracle: tokens.daiOracle },
  };

  // Each listing is seeded with a thousandth of a token, credited to a dead address (see KeelConfigurator).
  const seedOf = (symbol: DevnetSymbol) => {
    const spec = DEVNET_TOKENS.find((token) => token.symbol === symbol);
    if (spec === undefined) throw new Error(`unknown devnet token ${symbol}`);
    return 10n ** BigInt(spec.decimals - 3);
  };
  const approvals = DEVNET_TOKENS.map(({ symbol }) => {
    const listings = BigInt(DEVNET_POOLS.filter((p) => (p.reserves as readonly string[]).includes(symbol)).length);
    const total = seedOf(symbol) * listings;
    const { token } = assets[symbol];
    const mint = m.call(token, "mint", [deployer, total], { id: `mint${symbol}Seeds` });
    return m.call(token, "approve", [configurator, total], { id: `approve${symbol}Seeds`, after: [mint] });
  });

  const unlisted = {
    ltvBps: 0,
    liquidationThresholdBps: 0,
    maxLiquidationBonusBps: 0,
    liquidationFeeBps: 1000,
    supplyCap: 0n,
    borrowCap: 0n,
    collateralEnabled: false,
    borrowEnabled: false,
    eModeCategory: 0,
  };
  const reserve = (
    symbol: DevnetSymbol,
    params: Partial<typeof unlisted> & { irm: typeof kinked | typeof adaptive; reserveFactorBps: number },
  ) => ({
    ...unlisted,
    ...params,
    asset: assets[symbol].token,
    oracle: assets[symbol].oracle,
  });
  const collateral = (ltvBps: number, liquidationThresholdBps: number, maxLiquidationBonusBps: number) => ({
    ltvBps,
    liquidationThresholdBps,
    maxLiquidationBonusBps,
    collateralEnabled: true,
  });
  const eth = DEVNET_ETH_EMODE.category;

  type Params = Parameters<typeof reserve>[1];
  const [corePool, wbtcPool, wstethPool] = DEVNET_POOLS;
  const createPool = (
    spec: (typeof DEVNET_POOLS)[number],
    params: Partial<Record<DevnetSymbol, Params>>,
    id: string,
    after: ReturnType<typeof m.call>[],
  ) =>
    m.call(
      configurator,
      "createPool",
      [deployer, spec.reserves.map((symbol) => reserve(symbol, params[symbol] as Params)), spec.reserves.map(seedOf)],
      { id, after },
    );

  const coreParams: Partial<Record<DevnetSymbol, Params>> = {
    WETH: {
      ...collateral(8000, 8250, 500),
      irm: kinked,
      reserveFactorBps: 1500,
      supplyCap: 100_000n,
      borrowCap: 80_000n,
      borrowEnabled: true,
    },
    WBTC: {
      ...collateral(7300, 7800, 650),
      irm: kinked,
      reserveFactorBps: 2000,
      supplyCap: 5_000n,
      borrowCap: 2_500n,
      borrowEnabled: true,
    },
    wstETH: {
      ...collateral(7500, 7900, 600),
      irm: kinked,
      reserveFactorBps: 1500,
      supplyCap: 50_000n,
      borrowCap: 5_000n,
      borrowEnabled: true,
    },
    USDC: {
      ...collateral(7700, 8000, 450),
      irm: adaptive,
      reserveFactorBps: 1000,
      supplyCap: 500_000_000n,
      borrowCap: 450_000_000n,
      borrowEnabled: true,
    },
    DAI: {
      ...collateral(7700, 8000, 500),
      irm: adaptive,
      reserveFactorBps: 1000,
      supplyCap: 300_000_000n,
      borrowCap: 250_000_000n,
      borrowEnabled: true,
    },
  };
  // ETH and wstETH join the e-mode category once it exists: a category may never be weaker than a
  // member, so the pool is created with both outside it.
  const eModeMembers: DevnetSymbol[] = ["WETH", "wstETH"];
  const createCore = createPool(corePool, coreParams, "createCorePool", approvals);
  const setCoreEMode = m.call(configurator, "setEMode", [0n, eth, DEVNET_ETH_EMODE.params], {
    id: "setCoreEthEMode",
    after: [createCore],
  });
  for (const symbol of eModeMembers) {
    const index = BigInt((corePool.reserves as readonly DevnetSymbol[]).indexOf(symbol));
    const params = { ...(coreParams[symbol] as Params), eModeCategory: eth };
    m.call(configurator, "updateReserve", [0n, index, reserve(symbol, params)], {
      id: `joinCoreEthEMode${symbol}`,
      after: [setCoreEMode],
    });
  }

  // kUSD joins the core pool as reserve 5. Its seed is bought from the peg module (1 USDC), so the
  // listing, like every other, pulls its seed in the same transaction.
  const usdcForKusd = 10n ** 6n;
  const kusdSeed = 10n ** 15n;
  const mintUsdcForKusd = m.call(tokens.usdc, "mint", [deployer, usdcForKusd], { id: "mintUsdcForKusdSeed" });
  const approveUsdcForKusd = m.call(tokens.usdc, "approve", [cdp.psm, usdcForKusd], {
    id: "approveUsdcForKusdSeed",
    after: [mintUsdcForKusd],
  });
  const buyKusdSeed = m.call(cdp.psm, "sellGem", [usdcForKusd, deployer], {
    id: "buyKusdSeed",
    after: [approveUsdcForKusd, DevnetCdpModule],
  });
  const approveKusdSeed = m.call(cdp.kusd, "approve", [configurator, kusdSeed], {
    id: "approveKusdSeed",
    after: [buyKusdSeed],
  });
  m.call(
    configurator,
    "listReserve",
    [
      0n,
      {
        ...unlisted,
        ...collateral(7700, 8000, 450),
        asset: cdp.kusd,
        oracle: cdp.kusdOracle,
        irm: adaptive,
        reserveFactorBps: 1000,
        supplyCap: 200_000_000n,
        borrowCap: 180_000_000n,
        borrowEnabled: true,
      },
      kusdSeed,
    ],
    { id: "listCoreKusd", after: [createCore, approveKusdSeed] },
  );

  const createWbtcPool = createPool(
    wbtcPool,
    {
      WBTC: { ...collateral(7500, 8000, 700), irm: kinked, reserveFactorBps: 2000, supplyCap: 2_000n },
      USDC: {
        irm: adaptive,
        reserveFactorBps: 1000,
        supplyCap: 200_000_000n,
        borrowCap: 180_000_000n,
        borrowEnabled: true,
      },
    },
    "createWbtcUsdcPool",
    [createCore],
  );
  createPool(
    wstethPool,
    {
      wstETH: { ...collateral(9000, 9300, 200), irm: kinked, reserveFactorBps: 1000, supplyCap: 30_000n },
      WETH: { irm: kinked, reserveFactorBps: 1000, supplyCap: 40_000n, borrowCap: 35_000n, borrowEnabled: true },
    },
    "createWstethWethPool",
    [createWbtcPool],
  );

  const { weth, wbtc, wsteth, usdc, dai, ethFeed } = tokens;
  return {
    configurator,
    pool,
    kinked,
    adaptive,
    lens,
    liquidator,
    flashBorrower,
    router,
    weth,
    wbtc,
    wsteth,
    usdc,
    dai,
    ethFeed,
    ...cdp,
    ...periphery,
  };
});
