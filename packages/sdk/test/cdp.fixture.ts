import { network } from "hardhat";
import { type Address, maxUint256, parseUnits } from "viem";
import { MAX_STABILITY_FEE } from "../src/index.ts";

const ZERO = "0x0000000000000000000000000000000000000000";
const TEN_YEARS = 10n * 365n * 86_400n;

/** RAY × 1.05^(1/31,536,000): 5% a year, per second (the contracts' test suite uses the same constant). */
export const FEE_5_PERCENT = 1_000_000_001_547_125_957_863_212_449n;

/**
 * The kUSD engine's collateral types in these tests. ETH is a gentle type; BTC (8 decimals) has the
 * highest fee the engine allows, a short half-life, a high floor (auctions go stale quickly) and a small
 * auction limit, so that partial auctions, limits, resets and dust trims all happen.
 */
export const CDP_TYPES = [
  {
    symbol: "WETH",
    decimals: 18,
    answer: 3000n * 10n ** 8n,
    params: {
      stabilityFee: FEE_5_PERCENT,
      minRatioBps: 15_000,
      liquidationPenaltyBps: 1_300,
      auctionStartBufferBps: 12_000,
      auctionFloorBps: 4_000,
      keeperFeeBps: 10,
      auctionHalfLife: 600,
      auctionMaxDuration: 6 * 3600,
      debtCeiling: parseUnits("100000000", 18),
      debtFloor: parseUnits("100", 18),
      keeperTip: parseUnits("10", 18),
      auctionLimit: parseUnits("5000000", 18),
    },
  },
  {
    symbol: "WBTC",
    decimals: 8,
    answer: 60_000n * 10n ** 8n,
    params: {
      stabilityFee: MAX_STABILITY_FEE,
      minRatioBps: 12_500,
      liquidationPenaltyBps: 800,
      auctionStartBufferBps: 11_000,
      auctionFloorBps: 5_000,
      keeperFeeBps: 100,
      auctionHalfLife: 120,
      auctionMaxDuration: 600,
      debtCeiling: parseUnits("3000000", 18),
      debtFloor: parseUnits("500", 18),
      keeperTip: parseUnits("5", 18),
      auctionLimit: parseUnits("40000", 18),
    },
  },
] as const;

/**
 * Deploys the real kUSD, CdpEngine and a USDC peg module over dev tokens and settable Chainlink-style
 * feeds behind real ChainlinkAdapters (ten-year maximum age, so moving time never stales a price), on a
 * fresh in-process chain. Wallet 0 is governance, 1 the guardian, 2 a keeper; users (3–6) and the keeper
 * hold a billion whole tokens of each collateral and USDC, approved to the engine and the peg module.
 */
export async function deployCdp() {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const [governance, guardian, keeper, ...others] = await viem.getWalletClients();
  const users = others.slice(0, 4);

  const kusd = await viem.deployContract("Kusd", [governance.account.address, parseUnits("10000000", 18)]);
  const engine = await viem.deployContract("CdpEngine", [
    kusd.address,
    governance.account.address,
    guardian.account.address,
  ]);
  const adapterFor = async (feed: Address, decimals: number) =>
    viem.deployContract("ChainlinkAdapter", [feed, decimals, TEN_YEARS, 1n, 10n ** 20n, ZERO, 0n]);

  const collateral = [];
  for (const type of CDP_TYPES) {
    const token = await viem.deployContract("DevToken", [type.symbol, type.symbol, type.decimals]);
    const feed = await viem.deployContract("DevPriceFeed", [8, `${type.symbol} / USD`, type.answer]);
    const oracle = await adapterFor(feed.address, type.decimals);
    collateral.push({ ...type, token, feed, oracle });
  }
  const usdc = await viem.deployContract("DevToken", ["USD Coin", "USDC", 6]);
  const usdcFeed = await viem.deployContract("DevPriceFeed", [8, "USDC / USD", 10n ** 8n]);
  const usdcOracle = await adapterFor(usdcFeed.address, 6);
  const psm = await viem.deployContract("PegStabilityModule", [
    usdc.address,
    kusd.address,
    engine.address,
    usdcOracle.address,
    governance.account.address,
    guardian.account.address,
    parseUnits("1000000", 18),
    100n,
  ]);

  await kusd.write.setMinter([engine.address, true]);
  await kusd.write.setMinter([psm.address, true]);
  await engine.write.setGlobalDebtCeiling([parseUnits("1000000000", 18)]);
  for (const type of collateral) {
    await engine.write.addCollateralType([type.token.address, { oracle: type.oracle.address, ...type.params }]);
  }
  for (const wallet of [keeper, ...users]) {
    for (const { token, decimals } of collateral) {
      await token.write.mint([wallet.account.address, parseUnits("1000000000", decimals)]);
      await token.write.approve([engine.address, maxUint256], { account: wallet.account });
    }
    await usdc.write.mint([wallet.account.address, parseUnits("1000000000", 6)]);
    await usdc.write.approve([psm.address, maxUint256], { account: wallet.account });
  }
  return {
    connection,
    viem,
    networkHelpers,
    publicClient,
    governance,
    guardian,
    keeper,
    users,
    kusd,
    engine,
    psm,
    collateral,
    usdc,
    usdcFeed,
  };
}

/** What `deployCdp` returns. */
export type CdpChain = Awaited<ReturnType<typeof deployCdp>>;
