import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/** Feed answers at start: USD per whole token with 8 decimals, as Chainlink's USD feeds answer. */
const FEED_ANSWERS = {
  ETH: 3_000n * 10n ** 8n,
  BTC: 60_000n * 10n ** 8n,
  USDC: 10n ** 8n,
  DAI: 10n ** 8n,
} as const;

/** wstETH's exchange rate at deployment: ETH per wstETH, WAD. */
const LST_START_RATE = 1_180_000_000_000_000_000n;

/** wstETH's market answer at start: its exchange rate times the ETH answer, so market and fundamental agree. */
const LST_START_ANSWER = (LST_START_RATE * FEED_ANSWERS.ETH) / 10n ** 18n;

/** The devnet's tokens, in the order the core pool lists them, with their feeds' answers at start. */
export const DEVNET_TOKENS = [
  { symbol: "WETH", name: "Wrapped Ether", decimals: 18, startAnswer: FEED_ANSWERS.ETH },
  { symbol: "WBTC", name: "Wrapped BTC", decimals: 8, startAnswer: FEED_ANSWERS.BTC },
  { symbol: "wstETH", name: "Wrapped liquid staked Ether", decimals: 18, startAnswer: LST_START_ANSWER },
  { symbol: "USDC", name: "USD Coin", decimals: 6, startAnswer: FEED_ANSWERS.USDC },
  { symbol: "DAI", name: "Dai Stablecoin", decimals: 18, startAnswer: FEED_ANSWERS.DAI },
] as const;

/** A devnet token's symbol. */
export type DevnetSymbol = (typeof DEVNET_TOKENS)[number]["symbol"];

/**
 * Local tokens and their prices: mintable WETH, WBTC, USDC, DAI and a liquid staking token (wstETH)
 * whose exchange rate grows with time; settable Chainlink-style USD feeds; and the Keel adapters the
 * pools read. Volatile assets go through ChainlinkAdapter, stablecoins through PeggedStableAdapter
 * (peg within ±`stableMaxDeviation`), and wstETH through LstAdapter (the lesser of rate × ETH and
 * its own market feed).
 */
export default buildModule("KeelDevnetTokens", (m) => {
  const zero = "0x0000000000000000000000000000000000000000";
  const maxAge = m.getParameter("maxAge", 86_400n);
  const stableMaxDeviation = m.getParameter("stableMaxDeviation", 20_000_000_000_000_000n);

  const [wethSpec, wbtcSpec, wstethSpec, usdcSpec, daiSpec] = DEVNET_TOKENS;
  const token = (spec: (typeof DEVNET_TOKENS)[number]) =>
    m.contract("DevToken", [spec.name, spec.symbol, spec.decimals], { id: spec.symbol });
  const feed = (id: string, description: string, answer: bigint) =>
    m.contract("DevPriceFeed", [8, description, answer], { id });
  // An answer at or beyond maxAnswer is refused as an aggregator's clamp; the bounds sit far from any price.
  const chainlink = (id: string, source: ReturnType<typeof feed>, assetDecimals: number, maxAnswer: bigint) =>
    m.contract("ChainlinkAdapter", [source, assetDecimals, maxAge, 1n, maxAnswer, zero, 0n], { id });

  const weth = token(wethSpec);
  const wbtc = token(wbtcSpec);
  const wsteth = token(wstethSpec);
  const usdc = token(usdcSpec);
  const dai = token(daiSpec);

  const ethFeed = feed("EthUsdFeed", "ETH / USD", wethSpec.startAnswer);
  const btcFeed = feed("BtcUsdFeed", "BTC / USD", wbtcSpec.startAnswer);
  const wstethFeed = feed("WstEthUsdFeed", "wstETH / USD", wstethSpec.startAnswer);
  const usdcFeed = feed("UsdcUsdFeed", "USDC / USD", usdcSpec.startAnswer);
  const daiFeed = feed("DaiUsdFeed", "DAI / USD", daiSpec.startAnswer);

  const wethOracle = chainlink("EthUsdAdapter", ethFeed, wethSpec.decimals, 10n ** 14n);
  const wbtcOracle = chainlink("BtcUsdAdapter", btcFeed, wbtcSpec.decimals, 10n ** 15n);
  const wstethMarketOracle = chainlink("WstEthUsdAdapter", wstethFeed, wstethSpec.decimals, 10n ** 14n);
  const usdcMarketOracle = chainlink("UsdcUsdAdapter", usdcFeed, usdcSpec.decimals, 10n ** 10n);
  const daiMarketOracle = chainlink("DaiUsdAdapter", daiFeed, daiSpec.decimals, 10n ** 10n);

  // Keel's price scale is USD WAD per token unit: one whole token at 1 USD is 10^(36 − decimals).
  const usdcOracle = m.contract("PeggedStableAdapter", [usdcMarketOracle, 10n ** 30n, stableMaxDeviation], {
    id: "UsdcPegAdapter",
  });
  const daiOracle = m.contract("PeggedStableAdapter", [daiMarketOracle, 10n ** 18n, stableMaxDeviation], {
    id: "DaiPegAdapter",
  });

  const wstethRateProvider = m.contract(
    "DevRateProvider",
    [LST_START_RATE, m.getParameter("lstYearlyGrowth", 30_000_000_000_000_000n)],
    { id: "WstEthRateProvider" },
  );
  const wstethOracle = m.contract(
    "LstAdapter",
    [wstethRateProvider, wethOracle, wstethMarketOracle, wethSpec.decimals, wstethSpec.decimals],
    { id: "WstEthLstAdapter" },
  );

  return {
    weth,
    wbtc,
    wsteth,
    usdc,
    dai,
    ethFeed,
    btcFeed,
    wstethFeed,
    usdcFeed,
    daiFeed,
    wethOracle,
    wbtcOracle,
    wstethOracle,
    usdcOracle,
    daiOracle,
    usdcMarketOracle,
    daiMarketOracle,
    wstethMarketOracle,
    wstethRateProvider,
  };
});
