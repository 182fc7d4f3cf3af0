import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import CdpModule from "./Cdp.js";
import DevnetTokensModule from "./DevnetTokens.js";
import DevnetUniswapModule, { unitsWorth } from "./DevnetUniswap.js";

const KUSD = 10n ** 18n;

/** Each side of the WETH/kUSD Uniswap pair, in USD at the starting prices. */
export const WETH_KUSD_PAIR_USD = 2_000_000n;

/**
 * What each devnet collateral type starts with, by parameter prefix (`eth…`, `wsteth…` in the
 * parameters file). Stability fees are per-second factors in RAY: RAY × (1 + APY)^(1 / 31,536,000).
 * Auctions start at 120% of the oracle, halve every hour and go stale below 40% of their start
 * or after 6 hours. The keeper reward (5 kUSD + 0.1% of the tab) stays under the penalty of the
 * smallest auction, as the engine requires.
 */
export const DEVNET_CDP_DEFAULTS = {
  eth: {
    stabilityFee: 1_000_000_000_627_937_192_491_029_810n, // 2% a year
    minRatioBps: 15_000,
    liquidationPenaltyBps: 1_300,
    debtCeiling: 50_000_000n * KUSD,
    auctionLimit: 5_000_000n * KUSD,
  },
  wsteth: {
    stabilityFee: 1_000_000_000_472_114_805_215_157_979n, // 1.5% a year
    minRatioBps: 16_000,
    liquidationPenaltyBps: 1_000,
    debtCeiling: 20_000_000n * KUSD,
    auctionLimit: 2_000_000n * KUSD,
  },
  shared: {
    auctionStartBufferBps: 12_000,
    auctionFloorBps: 4_000,
    keeperFeeBps: 10,
    auctionHalfLife: 3600,
    auctionMaxDuration: 6 * 3600,
    debtFloor: 100n * KUSD,
    keeperTip: 5n * KUSD,
  },
} as const;

/** The devnet's collateral types in id order, and the token each locks. */
export const DEVNET_COLLATERAL_TYPES = [
  { id: 0, name: "ETH", symbol: "WETH", prefix: "eth" },
  { id: 1, name: "wstETH", symbol: "wstETH", prefix: "wsteth" },
] as const;

/**
 * kUSD on the devnet: the engine (Cdp module) with two collateral types, ETH (WETH through the ETH
 * adapter) and wstETH (through the LST adapter, so a depeg is seen); a USDC peg stability module
 * that reads USDC's raw Chainlink adapter, so it freezes beyond its depeg tolerance instead of seeing
 * the pegged $1; the AuctionTaker wired to the devnet's Uniswap router and that peg module; a
 * WETH/kUSD pair (its kUSD bought from the peg module with 1% to spare for the fee, which the deployer
 * keeps); and kUSD's own settable USD feed with a pegged adapter, which the core pool lists it with
 * (Devnet module). The deployer owns everything, as it does the pools.
 */
export default buildModule("KeelDevnetCdp", (m) => {
  const { kusd, engine } = m.useModule(CdpModule);
  const tokens = m.useModule(DevnetTokensModule);
  const { router } = m.useModule(DevnetUniswapModule);
  const deployer = m.getAccount(0);
  const zero = "0x0000000000000000000000000000000000000000";

  const oracles = { eth: tokens.wethOracle, wsteth: tokens.wstethOracle };
  const collateral = { eth: tokens.weth, wsteth: tokens.wsteth };
  let previous: ReturnType<typeof m.call> | undefined;
  for (const type of DEVNET_COLLATERAL_TYPES) {
    const defaults = { ...DEVNET_CDP_DEFAULTS.shared, ...DEVNET_CDP_DEFAULTS[type.prefix] };
    const param = <K extends keyof typeof defaults>(field: K) =>
      m.getParameter(`${type.prefix}${field[0].toUpperCase()}${field.slice(1)}`, defaults[field]);
    const params = {
      oracle: oracles[type.prefix],
      stabilityFee: param("stabilityFee"),
      minRatioBps: param("minRatioBps"),
      liquidationPenaltyBps: param("liquidationPenaltyBps"),
      auctionStartBufferBps: param("auctionStartBufferBps"),
      auctionFloorBps: param("auctionFloorBps"),
      keeperFeeBps: param("keeperFeeBps"),
      auctionHalfLife: param("auctionHalfLife"),
      auctionMaxDuration: param("auctionMaxDuration"),
      debtCeiling: param("debtCeiling"),
      debtFloor: param("debtFloor"),
      keeperTip: param("keeperTip"),
      auctionLimit: param("auctionLimit"),
    };
    // One after the other, so the type ids are those of DEVNET_COLLATERAL_TYPES.
    previous = m.call(engine, "addCollateralType", [collateral[type.prefix], params], {
      id: `add${type.name}Type`,
      after: previous === undefined ? [] : [previous],
    });
  }

  const psm = m.contract(
    "PegStabilityModule",
    [
      tokens.usdc,
      kusd,
      engine,
      tokens.usdcMarketOracle,
      deployer,
      deployer,
      m.getParameter("psmCap", 50_000_000n * KUSD),
      m.getParameter("psmDepegToleranceBps", 200n),
    ],
    { id: "UsdcPegModule" },
  );
  const psmMinter = m.call(kusd, "setMinter", [psm, true], { id: "setPegModuleMinter" });
  const psmFees = m.call(psm, "setFees", [m.getParameter("psmFeeInBps", 10n), m.getParameter("psmFeeOutBps", 10n)]);

  const auctionTaker = m.contract("AuctionTaker", [engine, router, psm]);

  const pairKusd = WETH_KUSD_PAIR_USD * KUSD;
  const pairWeth = unitsWorth(WETH_KUSD_PAIR_USD, "WETH");
  const usdcForPair = unitsWorth((WETH_KUSD_PAIR_USD * 101n) / 100n, "USDC");
  const mintUsdc = m.call(tokens.usdc, "mint", [deployer, usdcForPair], { id: "mintUsdcForKusdPair" });
  const approveUsdc = m.call(tokens.usdc, "approve", [psm, usdcForPair], {
    id: "approveUsdcForKusdPair",
    after: [mintUsdc],
  });
  const buyKusd = m.call(psm, "sellGem", [usdcForPair, deployer], {
    id: "buyKusdForPair",
    after: [approveUsdc, psmMinter, psmFees],
  });
  const mintWeth = m.call(tokens.weth, "mint", [deployer, pairWeth], { id: "mintWethForKusdPair" });
  const approveWeth = m.call(tokens.weth, "approve", [router, pairWeth], {
    id: "approveWethForKusdPair",
    after: [mintWeth],
  });
  const approveKusd = m.call(kusd, "approve", [router, pairKusd], { id: "approveKusdForPair", after: [buyKusd] });
  m.call(router, "addLiquidity", [tokens.weth, kusd, pairWeth, pairKusd, pairWeth, pairKusd, deployer, 2n ** 255n], {
    id: "addLiquidityWETHkUSD",
    after: [approveWeth, approveKusd],
  });

  const maxAge = m.getParameter("maxAge", 86_400n);
  const kusdFeed = m.contract("DevPriceFeed", [8, "kUSD / USD", 10n ** 8n], { id: "KusdUsdFeed" });
  const kusdMarketOracle = m.contract("ChainlinkAdapter", [kusdFeed, 18, maxAge, 1n, 10n ** 10n, zero, 0n], {
    id: "KusdUsdAdapter",
  });
  const kusdOracle = m.contract(
    "PeggedStableAdapter",
    [kusdMarketOracle, 10n ** 18n, m.getParameter("stableMaxDeviation", 20_000_000_000_000_000n)],
    { id: "KusdPegAdapter" },
  );

  return { kusd, engine, psm, auctionTaker, kusdFeed, kusdMarketOracle, kusdOracle };
});
