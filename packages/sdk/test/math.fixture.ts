import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { network } from "hardhat";
import { type Address, maxUint256, parseUnits } from "viem";
import CoreModule from "../../../contracts/ignition/modules/Core.ts";
import RateModelsModule from "../../../contracts/ignition/modules/RateModels.ts";

/** The cross pool's id: the first pool the core creates. */
export const POOL_ID = 0n;
const ZERO = "0x0000000000000000000000000000000000000000";
const WAD = 10n ** 18n;

/**
 * Reserves of the differential tests' cross pool: every decimals from 2 to 18, both rate models with
 * two parameter sets each, two e-mode categories, a supply cap, a borrow cap, reserve factors from 0
 * to 50% and a liquid staking token priced by LstAdapter.
 */
export const RESERVES = [
  {
    symbol: "WETH",
    decimals: 18,
    answer: 3000n * 10n ** 8n,
    irm: "kinked",
    eMode: 1,
    ltv: 8000,
    threshold: 8500,
    bonus: 800,
    reserveFactor: 1000,
    liquidationFee: 1000,
    supplyCap: 0n,
    borrowCap: 0n,
  },
  {
    symbol: "USDC",
    decimals: 6,
    answer: 10n ** 8n,
    irm: "adaptive",
    eMode: 2,
    ltv: 7500,
    threshold: 8000,
    bonus: 500,
    reserveFactor: 1500,
    liquidationFee: 500,
    supplyCap: 0n,
    borrowCap: 0n,
  },
  {
    symbol: "WBTC",
    decimals: 8,
    answer: 60_000n * 10n ** 8n,
    irm: "kinkedSteep",
    eMode: 0,
    ltv: 7000,
    threshold: 7500,
    bonus: 1000,
    reserveFactor: 0,
    liquidationFee: 2000,
    supplyCap: 0n,
    borrowCap: 100n,
  },
  {
    symbol: "stETH",
    decimals: 18,
    answer: 3300n * 10n ** 8n,
    irm: "adaptiveFast",
    eMode: 1,
    ltv: 7500,
    threshold: 8000,
    bonus: 700,
    reserveFactor: 2000,
    liquidationFee: 1000,
    supplyCap: 0n,
    borrowCap: 0n,
  },
  {
    symbol: "EURS",
    decimals: 2,
    answer: 108_000_000n,
    irm: "kinked",
    eMode: 0,
    ltv: 6500,
    threshold: 7500,
    bonus: 1000,
    reserveFactor: 5000,
    liquidationFee: 5000,
    supplyCap: 20_000_000n,
    borrowCap: 0n,
  },
  {
    symbol: "DAI",
    decimals: 18,
    answer: 10n ** 8n,
    irm: "adaptive",
    eMode: 2,
    ltv: 7700,
    threshold: 8000,
    bonus: 500,
    reserveFactor: 1000,
    liquidationFee: 0,
    supplyCap: 0n,
    borrowCap: 0n,
  },
] as const;

/** Operators the fixture authorizes, as [account, operator] user indexes: user 1 acts for user 0. */
export const OPERATORS: readonly (readonly [number, number])[] = [[0, 1]];

/** E-mode categories: 1 ETH-correlated (WETH, stETH), 2 USD stablecoins (USDC, DAI). */
export const E_MODES = {
  1: { ltvBps: 9300, liquidationThresholdBps: 9500, maxLiquidationBonusBps: 200 },
  2: { ltvBps: 9000, liquidationThresholdBps: 9300, maxLiquidationBonusBps: 300 },
} as const;

const CrossPoolModule = buildModule("SdkCrossPool", (m) => {
  const { configurator, pool } = m.useModule(CoreModule);
  const { kinked, adaptive } = m.useModule(RateModelsModule);
  const deployer = m.getAccount(0);
  const kinkedSteep = m.contract("KinkedRateModel", [WAD / 50n, WAD / 10n, (WAD * 3n) / 2n, (WAD * 8n) / 10n], {
    id: "KinkedSteep",
  });
  const adaptiveFast = m.contract(
    "AdaptiveRateModel",
    [WAD / 2n, 8n * WAD, 500n * WAD, [WAD / 20n, WAD / 1000n, 3n * WAD]],
    { id: "AdaptiveFast" },
  );
  const enabled = [
    m.call(configurator, "setRateModelEnabled", [kinkedSteep, true], { id: "enableKinkedSteep" }),
    m.call(configurator, "setRateModelEnabled", [adaptiveFast, true], { id: "enableAdaptiveFast" }),
  ];
  const irms = { kinked, adaptive, kinkedSteep, adaptiveFast };

  const tokens = RESERVES.map((r) => m.contract("DevToken", [r.symbol, r.symbol, r.decimals], { id: r.symbol }));
  const feeds = RESERVES.map((r) =>
    m.contract("DevPriceFeed", [8, `${r.symbol} / USD`, r.answer], { id: `${r.symbol}Feed` }),
  );
  const adapter = (i: number, id: string) =>
    m.contract("ChainlinkAdapter", [feeds[i], RESERVES[i].decimals, 10n * 365n * 86_400n, 1n, 10n ** 20n, ZERO, 0n], {
      id,
    });
  // stETH: the lesser of exchange rate × ETH price and its own market feed (a constant rate, so that
  // prices move only when a test moves a feed).
  const rateProvider = m.contract("DevRateProvider", [(WAD * 11n) / 10n, 0n]);
  const oracles = RESERVES.map((r, i) => adapter(i, `${r.symbol}Adapter`));
  const stethOracle = m.contract("LstAdapter", [rateProvider, oracles[0], oracles[3], 18, 18]);

  const seeds = RESERVES.map((r) => 10n ** BigInt(Math.max(r.decimals, 3)));
  const approvals = tokens.map((token, i) => {
    const minted = m.call(token, "mint", [deployer, seeds[i]], { id: `mintSeed${RESERVES[i].symbol}` });
    return m.call(token, "approve", [configurator, seeds[i]], {
      id: `approveSeed${RESERVES[i].symbol}`,
      after: [minted],
    });
  });
  const params = RESERVES.map((r, i) => ({
    asset: tokens[i],
    oracle: r.symbol === "stETH" ? stethOracle : oracles[i],
    irm: irms[r.irm],
    ltvBps: r.ltv,
    liquidationThresholdBps: r.threshold,
    maxLiquidationBonusBps: r.bonus,
    reserveFactorBps: r.reserveFactor,
    liquidationFeeBps: r.liquidationFee,
    supplyCap: r.supplyCap,
    borrowCap: r.borrowCap,
    collateralEnabled: true,
    borrowEnabled: true,
    eModeCategory: 0,
  }));
  // Members join their category once it exists: a category may never be weaker than a member.
  const created = m.call(configurator, "createPool", [deployer, params, seeds], { after: [...approvals, ...enabled] });
  const categoriesSet = Object.entries(E_MODES).map(([category, limits]) =>
    m.call(configurator, "setEMode", [POOL_ID, Number(category), limits], { id: `eMode${category}`, after: [created] }),
  );
  RESERVES.forEach((r, i) => {
    if (r.eMode === 0) return;
    m.call(configurator, "updateReserve", [POOL_ID, BigInt(i), { ...params[i], eModeCategory: r.eMode }], {
      id: `joinEMode${r.symbol}`,
      after: categoriesSet,
    });
  });
  const lens = m.contract("KeelLens", [pool]);

  const [weth, usdc, wbtc, steth, eurs, dai] = tokens;
  const [wethFeed, usdcFeed, wbtcFeed, stethMarketFeed, eursFeed, daiFeed] = feeds;
  return {
    configurator,
    pool,
    lens,
    kinked,
    adaptive,
    kinkedSteep,
    adaptiveFast,
    weth,
    usdc,
    wbtc,
    steth,
    eurs,
    dai,
    wethFeed,
    usdcFeed,
    wbtcFeed,
    stethMarketFeed,
    eursFeed,
    daiFeed,
  };
});

/**
 * Deploys the real core, both rate models, dev tokens with settable Chainlink-style feeds behind real
 * adapters, the cross pool and KeelLens on a fresh in-process chain, through Ignition. Users 1–4 and
 * the liquidator (wallet 5) each hold a trillion whole tokens of every asset and have approved the
 * pool; the first user has made the second its operator (OPERATORS).
 */
export async function deployCrossPool() {
  const connection = await network.create();
  const { viem, networkHelpers, ignition } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const deployed = await ignition.deploy(CrossPoolModule);
  const tokens = [deployed.weth, deployed.usdc, deployed.wbtc, deployed.steth, deployed.eurs, deployed.dai];
  const feeds = [
    deployed.wethFeed,
    deployed.usdcFeed,
    deployed.wbtcFeed,
    deployed.stethMarketFeed,
    deployed.eursFeed,
    deployed.daiFeed,
  ];
  const [deployer, ...others] = wallets;
  const users = others.slice(0, 4);
  const liquidator = others[4];
  for (const wallet of [...users, liquidator]) {
    for (const [i, token] of tokens.entries()) {
      await token.write.mint([wallet.account.address, parseUnits("1000000000000", RESERVES[i].decimals)]);
      await token.write.approve([deployed.pool.address, maxUint256], { account: wallet.account });
    }
  }
  for (const [owner, operator] of OPERATORS) {
    await deployed.pool.write.setAuthorization([users[operator].account.address, true], {
      account: users[owner].account,
    });
  }
  return { connection, viem, networkHelpers, publicClient, deployer, users, liquidator, tokens, feeds, ...deployed };
}

/** What `deployCrossPool` returns. */
export type CrossPool = Awaited<ReturnType<typeof deployCrossPool>>;

/** Addresses of the accounts a test drives. */
export function addressesOf(wallets: readonly { account: { address: Address } }[]): Address[] {
  return wallets.map((w) => w.account.address);
}
