import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  accountCategory,
  collateralParams,
  devPriceFeedAbi,
  devRateProviderAbi,
  devTokenAbi,
  getAccountSnapshot,
  getPoolSnapshot,
  healthFactor,
  iPriceOracleAbi,
  keelPoolAbi,
  MAX_UINT256,
  MathLib,
  type Position,
  PRICE_SCALE,
  pegStabilityModuleAbi,
} from "@keel/sdk";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { network } from "hardhat";
import {
  type Address,
  createWalletClient,
  custom,
  encodeFunctionData,
  erc20Abi,
  type Hex,
  isAddressEqual,
  maxUint256,
  numberToHex,
  parseAbi,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import DevnetKeelModule from "../../../contracts/ignition/modules/DevnetKeel.ts";
import DevnetTokensModule from "../../../contracts/ignition/modules/DevnetTokens.ts";
import DevnetUniswapModule, { DEVNET_PAIRS } from "../../../contracts/ignition/modules/DevnetUniswap.ts";
import { arbitrage } from "../../../contracts/test/fixtures/crash.ts";
import {
  type KeeperStep,
  type LiquidationRecord,
  type ReplayContext,
  type ReplayDeployment,
  simpleKeeperStep,
} from "./marketCrash/liquidations.ts";
import {
  ARCHETYPES,
  borrowerPopulation,
  type ContractCall,
  replayAddress,
  replayKey,
  seedPopulation,
} from "./marketCrash/population.ts";
import { type MarketPoint, marketCrashScenarios, type Scenario, STEP_SECONDS } from "./marketCrash/scenarios.ts";
import { serviceKeeperStep } from "./marketCrash/serviceKeeper.ts";

/**
 * The money-market crash replay: the devnet's three pools (Ignition's DevnetKeel module and
 * parameters) with a seeded population of borrowers, through three historical shocks in 10-minute
 * steps (scenarios.ts). At each step the feeds move, an arbitrageur with outside liquidity brings
 * every Uniswap pair back to the feeds' prices, and a keeper wakes 100 s later and every 200 s after
 * that, selling what it seizes on the same pairs (so its own sales move them until the next step).
 * The books of every reserve are asserted to the wei after each of these, every liquidation the
 * keeper reports is checked against the pool's events and its balances, and the figures are written
 * as markdown to KEEL_MARKET_CRASH_REPORT when that is set (docs/market-crash-replay.md).
 *
 * The keeper is `simpleKeeperStep` unless KEEL_MARKET_CRASH_KEEPER names another (`path#export`, a
 * module exporting a KeeperStep). KEEL_MARKET_CRASH_DEEP=1 doubles the population, wakes the keeper
 * at every one of its times even when no account is liquidatable, and adds a stress path beyond
 * history (ETH −80%) to find where bad debt begins.
 */

const DEEP = process.env.KEEL_MARKET_CRASH_DEEP === "1";
const BORROWERS = DEEP ? 160 : 80;
const POPULATION_SEED = 31_032_023;
/** When the keeper wakes within a step: a reaction delay of 100 s after the update, then every 200 s. */
const KEEPER_OFFSETS = [100n, 300n, 500n];
/** After a path ends, its last prices hold until no account is liquidatable, for at most 2 hours. */
const WIND_DOWN_STEPS = 12;
const WAD = 10n ** 18n;
const BPS = 10_000n;
/** The arbitrageur's outside liquidity: whole tokens of each mintable token, and kUSD bought from the peg module. */
const ARBITRAGE_TOKENS = 1_000_000_000n;
const ARBITRAGE_KUSD = 3_000_000n * WAD;
/** The pairs the arbitrageur keeps at the feeds' prices (every Uniswap pair the devnet seeds). */
const PAIRS = [
  ["WETH", "USDC"],
  ["WBTC", "USDC"],
  ["wstETH", "WETH"],
  ["DAI", "USDC"],
  ["WETH", "kUSD"],
] as const;

const ReplayModule = buildModule("KeelMarketCrashReplay", (m) => {
  const keel = m.useModule(DevnetKeelModule);
  const { btcFeed, wstethFeed, usdcFeed, daiFeed, wstethRateProvider } = m.useModule(DevnetTokensModule);
  const { factory } = m.useModule(DevnetUniswapModule);
  const { pool, liquidator, router, psm, weth, wbtc, wsteth, usdc, dai, kusd, ethFeed, kusdFeed } = keel;
  return {
    pool,
    liquidator,
    router,
    factory,
    psm,
    weth,
    wbtc,
    wsteth,
    usdc,
    dai,
    kusd,
    ethFeed,
    btcFeed,
    wstethFeed,
    usdcFeed,
    daiFeed,
    kusdFeed,
    wstethRateProvider,
  };
});

const uniswapAbi = parseAbi([
  "function getPair(address, address) view returns (address)",
  "function getReserves() view returns (uint112, uint112, uint32)",
  "function token0() view returns (address)",
  "function swapExactTokensForTokens(uint256, uint256, address[], address, uint256) returns (uint256[])",
]);

/** Dollars (WAD) as text. */
const usd = (value: bigint) => `$${Number(value / WAD).toLocaleString("en-US")}`;
const healthText = (health: bigint) => (health === MAX_UINT256 ? "∞" : (Number(health / 10n ** 12n) / 1e6).toFixed(3));
const answerText = (answer: bigint, digits = 2) => (Number(answer) / 1e8).toFixed(digits);
const bpsText = (bps: bigint) => `${(Number(bps) / 100).toFixed(2)}%`;

/**
 * The keeper under test: the keeper service (serviceKeeperStep); with KEEL_MARKET_CRASH_KEEPER=reference the
 * plain reference keeper (simpleKeeperStep); or the module KEEL_MARKET_CRASH_KEEPER names (`path#export`).
 */
async function keeperUnderTest(): Promise<{ name: string; step: KeeperStep }> {
  const spec = process.env.KEEL_MARKET_CRASH_KEEPER;
  if (spec === undefined || spec === "") return { name: "serviceKeeperStep", step: serviceKeeperStep };
  if (spec === "reference") return { name: "simpleKeeperStep", step: simpleKeeperStep };
  const [file, exported = "default"] = spec.split("#");
  const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  const step = module[exported];
  if (typeof step !== "function") throw new Error(`${spec} exports no KeeperStep named ${exported}`);
  return { name: spec, step: step as KeeperStep };
}

/** What one scenario's replay measured, for the report. */
type PoolStats = {
  liquidations: number;
  accounts: Set<Address>;
  repaid: bigint;
  seized: bigint;
  protocolFees: bigint;
  profit: bigint;
  badDebt: bigint;
  badDebtCovered: bigint;
  badDebtAccounts: Set<Address>;
  lowestHealth: bigint;
  /** Collateral seized per token symbol, in token units. */
  seizedUnits: Map<string, bigint>;
  /** Keeper wakes that left an account below 1 unliquidated, and how far its collateral's pair then traded below the feeds. */
  idleWakes: number;
  idleDiscountBps: bigint[];
  /** Accounts left at the end with debt and no collateral (the pool writes such debt off, so none should be). */
  owingWithoutCollateral: number;
};
type HourRow = Record<string, string | number>;
/** Per account: what the replay saw, to say why an account ended in bad debt. */
type Track = {
  firstUnhealthy?: { step: number; health: bigint; coverBps: bigint };
  firstInsolventStep?: number;
  lowestHealth: bigint;
  liquidations: number;
  /** Dollars of its debt repaid by liquidations. */
  repaid: bigint;
  /** Keeper wakes it spent liquidatable without being liquidated. */
  idleWakes: number;
  /** Since when it has been below 1 at the replay's looks, and its longest such spell, in seconds. */
  belowSince?: bigint;
  longestBelow: bigint;
  /**
   * The first look at which a liquidation had to close (repay the whole debt at once): health at or
   * below (1 + bonus) × threshold, or a collateral margin within the bonus (LiquidationLib.maxRepay
   * and incentive, for its first collateral).
   */
  mustClose?: { step: number; health: bigint };
};
type ScenarioReport = {
  scenario: Scenario;
  steps: number;
  pools: PoolStats[];
  hours: HourRow[];
  explanations: string[];
  leftUnhealthy: number;
  leftInsolvent: number;
  /** Dollars of debt beyond the collateral of the accounts left under water. */
  leftShortfall: bigint;
  seconds: number;
  keeper: string;
  /** Per borrower (in the setup's order): what the replay saw of it. */
  tracks: Track[];
};

describe("market crash replay: the devnet's pools through three historical shocks", {
  timeout: DEEP ? 3_600_000 : 900_000,
}, () => {
  const reports: ScenarioReport[] = [];
  let setup: Awaited<ReturnType<typeof deployAndSeed>>;

  before(async () => {
    setup = await deployAndSeed();
  });

  for (const scenario of marketCrashScenarios(DEEP)) {
    it(`${scenario.title}: liquidations through the real pairs, books exact at every step`, async () => {
      reports.push(await replay(setup, scenario));
    });
  }

  after(async () => {
    const reportPath = process.env.KEEL_MARKET_CRASH_REPORT;
    if (reportPath !== undefined && reports.length === marketCrashScenarios(DEEP).length && setup !== undefined) {
      await writeFile(reportPath, renderReport(setup, reports));
    }
  });
});

/** Deploys the devnet, opens the population and funds the arbitrageur; everything after restores to here. */
async function deployAndSeed() {
  const started = performance.now();
  const connection = await network.create({ override: { allowBlocksWithSameTimestamp: true } });
  const { viem, networkHelpers, ignition, provider } = connection;
  // Every transaction lands at the replay's clock (`clock.now`), never the wall clock's: Ignition's
  // deployment all at one second, then each of the replay's at its chosen time. The time between
  // listings, the staking token's rate and every interest accrual are then the same to the wei on every
  // machine, and a keeper's eth_call sees the block its transaction will meet. Gas estimates and
  // simulations of the pending block are pinned too: a wall-clock second passing between Ignition's
  // estimate and its simulation would otherwise put an accrual in one and not the other, and the
  // simulation would run out of the gas estimated. Transactions go one at a time, each right after its
  // timestamp is set (Ignition sends a batch at once); estimates are not queued, since the node
  // estimates a transaction's gas, through this same function, while sending it.
  const request = provider.request.bind(provider);
  const genesis = (await request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { timestamp: Hex };
  const clock = { now: BigInt(genesis.timestamp) };
  const pin = () => request({ method: "evm_setNextBlockTimestamp", params: [numberToHex(clock.now)] });
  let sending: Promise<unknown> = Promise.resolve();
  provider.request = async (args) => {
    if (args.method === "eth_sendTransaction" || args.method === "eth_sendRawTransaction") {
      const sent = sending.then(async () => {
        await pin();
        return request(args);
      });
      sending = sent.catch(() => undefined);
      return sent;
    }
    const pending = args.method === "eth_call" && Array.isArray(args.params) && args.params[1] === "pending";
    if (args.method === "eth_estimateGas" || pending) await pin();
    return request(args);
  };
  // Created after the patch: a client binds the provider's request when it is made.
  const publicClient = await viem.getPublicClient();
  const parameters = fileURLToPath(new URL("../../../contracts/ignition/parameters/devnet.json", import.meta.url));
  const c = await ignition.deploy(ReplayModule, { parameters });
  const walletFor = (address: Address) =>
    createWalletClient({ account: address, chain: publicClient.chain, transport: custom(provider) });
  const send = async (from: Address, call: ContractCall): Promise<TransactionReceipt> => {
    const hash = await walletFor(from).sendTransaction({ to: call.address, data: encodeFunctionData(call) });
    const receipt = await publicClient.getTransactionReceipt({ hash });
    assert.equal(receipt.status, "success", `${call.functionName} from ${from}`);
    return receipt;
  };
  const prepare = async (account: Address) => {
    await networkHelpers.impersonateAccount(account);
    await networkHelpers.setBalance(account, 10n ** 24n);
  };

  const tokens = {
    WETH: c.weth.address,
    WBTC: c.wbtc.address,
    wstETH: c.wsteth.address,
    USDC: c.usdc.address,
    DAI: c.dai.address,
    kUSD: c.kusd.address,
  } as const satisfies Record<string, Address>;
  type TokenSymbol = keyof typeof tokens;
  const symbolOf = (address: Address) => {
    const entry = Object.entries(tokens).find(([, a]) => isAddressEqual(a, address));
    if (entry === undefined) throw new Error(`unknown token ${address}`);
    return entry[0] as TokenSymbol;
  };
  const decimals: Record<TokenSymbol, number> = { WETH: 18, WBTC: 8, wstETH: 18, USDC: 6, DAI: 18, kUSD: 18 };
  const poolCount = await publicClient.readContract({
    address: c.pool.address,
    abi: keelPoolAbi,
    functionName: "poolCount",
  });
  const poolNames = ["Core", "WBTC / USDC", "wstETH / WETH"];
  const pools = await Promise.all(
    Array.from({ length: Number(poolCount) }, async (_, i) => {
      const id = BigInt(i);
      const count = await publicClient.readContract({
        address: c.pool.address,
        abi: keelPoolAbi,
        functionName: "reserveCount",
        args: [id],
      });
      const configs = await Promise.all(
        Array.from({ length: Number(count) }, (_, r) =>
          publicClient.readContract({
            address: c.pool.address,
            abi: keelPoolAbi,
            functionName: "reserveConfig",
            args: [id, BigInt(r)],
          }),
        ),
      );
      return {
        id,
        name: poolNames[i] ?? `pool ${i}`,
        reserves: configs.map((config) => symbolOf(config.asset)),
        oracles: configs.map((config) => config.oracle),
      };
    }),
  );
  const deployment: ReplayDeployment = {
    pool: c.pool.address,
    liquidator: c.liquidator.address,
    router: c.router.address,
    factory: c.factory.address,
    tokens: Object.fromEntries(
      Object.entries(tokens).map(([symbol, address]) => [
        symbol,
        { address, decimals: decimals[symbol as TokenSymbol] },
      ]),
    ),
    pools: pools.map(({ id, name, reserves }) => ({ id, name, reserves })),
  };

  // ----- the population, opened at the devnet's starting prices -----
  const lender = replayAddress("lender");
  const keeper = replayAddress("keeper");
  const arbitrageur = replayAddress("arbitrageur");
  const oracle = replayAddress("oracle");
  const loans = borrowerPopulation(BORROWERS, POPULATION_SEED);
  const borrowers = await seedPopulation(
    {
      publicClient,
      pool: c.pool.address,
      psm: c.psm.address,
      tokens,
      reserves: pools.map((p) => p.reserves),
      prepare,
      send: async (from, call) => {
        await send(from, call);
      },
    },
    loans,
    lender,
  );

  // Each borrower's limits as liquidations see them (its first collateral's, e-mode applied), and its opening health.
  const snapshots = await Promise.all(
    pools.map(({ id }) => getPoolSnapshot(publicClient, { pool: c.pool.address, poolId: id })),
  );
  const profiles = await Promise.all(
    borrowers.map(async (b) => {
      const pool = snapshots[Number(b.poolId)];
      const reserves = pools[Number(b.poolId)].reserves;
      const collateral = pool.reserves[reserves.indexOf(b.collateral[0].symbol as TokenSymbol)];
      const category = accountCategory(pool, 1 << reserves.indexOf(b.debt as TokenSymbol));
      const limits = collateralParams(pool, collateral.config, category);
      const openingHealth = await publicClient.readContract({
        address: c.pool.address,
        abi: keelPoolAbi,
        functionName: "healthFactor",
        args: [b.poolId, b.address],
      });
      return { ...limits, openingHealth };
    }),
  );

  // ----- the arbitrageur and the keeper -----
  await prepare(arbitrageur);
  await prepare(keeper);
  await prepare(oracle);
  for (const symbol of ["WETH", "WBTC", "wstETH", "USDC", "DAI"] as const) {
    const amount = ARBITRAGE_TOKENS * 10n ** BigInt(decimals[symbol]);
    await send(arbitrageur, {
      address: tokens[symbol],
      abi: devTokenAbi,
      functionName: "mint",
      args: [arbitrageur, amount],
    });
  }
  await send(arbitrageur, {
    address: tokens.USDC,
    abi: erc20Abi,
    functionName: "approve",
    args: [c.psm.address, maxUint256],
  });
  await send(arbitrageur, {
    address: c.psm.address,
    abi: pegStabilityModuleAbi,
    functionName: "sellGem",
    args: [ARBITRAGE_KUSD / 10n ** 12n, arbitrageur],
  });
  for (const address of Object.values(tokens)) {
    await send(arbitrageur, { address, abi: erc20Abi, functionName: "approve", args: [c.router.address, maxUint256] });
  }
  const pairs = await Promise.all(
    PAIRS.map(async ([base, quote]) => {
      const address = await publicClient.readContract({
        address: c.factory.address,
        abi: uniswapAbi,
        functionName: "getPair",
        args: [tokens[base], tokens[quote]],
      });
      const token0 = await publicClient.readContract({ address, abi: uniswapAbi, functionName: "token0" });
      return { base, quote, address, baseIsToken0: isAddressEqual(token0, tokens[base]) };
    }),
  );

  const seededAt = BigInt((await publicClient.getBlock()).timestamp);
  const snapshot = await networkHelpers.takeSnapshot();
  console.log(
    `deployed and seeded ${borrowers.length} borrowers in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    c,
    publicClient,
    provider,
    networkHelpers,
    clock,
    walletFor,
    send,
    tokens,
    decimals,
    pools,
    deployment,
    borrowers: borrowers.map((b, i) => ({ ...b, ...profiles[i] })),
    keeper,
    arbitrageur,
    oracle,
    pairs,
    seededAt,
    snapshot,
  };
}

type Setup = Awaited<ReturnType<typeof deployAndSeed>>;
type TokenSymbol = keyof Setup["tokens"];

/** Replays one scenario from the seeded state and returns its figures. */
async function replay(setup: Setup, scenario: Scenario): Promise<ScenarioReport> {
  const started = performance.now();
  const { c, publicClient, networkHelpers, clock, send, tokens, decimals, pools, deployment, borrowers, keeper } =
    setup;
  const { time } = networkHelpers;
  await setup.snapshot.restore();
  const keeperUnder = await keeperUnderTest();
  const poolAddress = c.pool.address;
  const borrowersByPool = new Map<bigint, Address[]>();
  for (const b of borrowers) borrowersByPool.set(b.poolId, [...(borrowersByPool.get(b.poolId) ?? []), b.address]);
  const borrowerAt = new Map(borrowers.map((b) => [`${b.poolId}:${b.address.toLowerCase()}`, b]));

  // ----- the books: every holder's positions, kept current from the pool's events -----
  const positions = new Map<string, Position[]>();
  const holders = pools.map(() => new Set<Address>());
  let lastBlock = 0n;
  const readPositions = async (poolId: bigint, account: Address) =>
    (await getAccountSnapshot(publicClient, { pool: poolAddress, poolId, account })).positions;
  /** Reads the pool's events since the last call, and refreshes the positions of every account they name. */
  const readNewLogs = async () => {
    const latest = await publicClient.getBlockNumber();
    const logs = parseEventLogs({
      abi: keelPoolAbi,
      logs: await publicClient.getLogs({ address: poolAddress, fromBlock: lastBlock + 1n, toBlock: latest }),
    });
    lastBlock = latest;
    const touched = new Map<string, { poolId: bigint; account: Address }>();
    for (const log of logs) {
      const args = log.args as Record<string, unknown>;
      if (typeof args.poolId !== "bigint") continue;
      for (const field of ["onBehalf", "borrower", "treasury"]) {
        const account = args[field];
        if (typeof account !== "string") continue;
        touched.set(`${args.poolId}:${account.toLowerCase()}`, { poolId: args.poolId, account: account as Address });
      }
    }
    await Promise.all(
      [...touched].map(async ([key, { poolId, account }]) => {
        holders[Number(poolId)].add(account);
        positions.set(key, await readPositions(poolId, account));
      }),
    );
    return logs;
  };
  /** Every holder's positions read again, to prove the event-driven copy exact, with the accounts' masks. */
  const verifyPositions = async (when: string) => {
    for (const [poolId, set] of holders.entries()) {
      await Promise.all(
        [...set].map(async (account) => {
          const fresh = await readPositions(BigInt(poolId), account);
          assert.deepEqual(fresh, positions.get(`${poolId}:${account.toLowerCase()}`), `${account} positions, ${when}`);
          const [collateralMask, debtMask] = await publicClient.readContract({
            address: poolAddress,
            abi: keelPoolAbi,
            functionName: "accountMasks",
            args: [BigInt(poolId), account],
          });
          for (const [r, p] of fresh.entries()) {
            assert.equal((collateralMask & (1 << r)) !== 0, p.collateral !== 0n, `collateral flag, ${when}`);
            assert.equal((debtMask & (1 << r)) !== 0, p.debtShares !== 0n, `debt flag, ${when}`);
          }
        }),
      );
    }
  };
  /**
   * The pool's accounting, as PoolInvariants.t.sol states it, to the wei: per reserve, the holders'
   * supply shares and the treasury's make the total (INV-SHARES-1), the holders' debt shares make the
   * total (INV-SHARES-2), their collateral and the treasury's make the total (INV-SHARES-3), borrowed
   * ≤ supplied (INV-SOLV-1), no debt shares ⇔ no debt (INV-H2-2); per token, the pool's balance covers
   * Σ (supplied − borrowed + collateral) + flash fees (INV-BOOKS-1). Here it covers it exactly: in the
   * replay no token reaches the pool outside its own operations.
   */
  const reserveList = pools.flatMap(({ id, reserves }) => reserves.map((symbol, r) => ({ id, r, symbol })));
  const checkBooks = async (when: string) => {
    const logs = await readNewLogs();
    const states = await Promise.all(
      reserveList.map(({ id, r }) =>
        publicClient.readContract({
          address: poolAddress,
          abi: keelPoolAbi,
          functionName: "reserveState",
          args: [id, BigInt(r)],
        }),
      ),
    );
    const owed = new Map<TokenSymbol, bigint>();
    for (const [i, { id, r, symbol }] of reserveList.entries()) {
      const s = states[i];
      let supplyShares = s.treasuryShares;
      let debtShares = 0n;
      let collateral = s.treasuryCollateral;
      for (const account of holders[Number(id)]) {
        const p = positions.get(`${id}:${account.toLowerCase()}`)?.[r];
        if (p === undefined) continue;
        supplyShares += p.supplyShares;
        debtShares += p.debtShares;
        collateral += p.collateral;
      }
      const where = `pool ${id} ${symbol}, ${when}`;
      assert.equal(supplyShares, s.totalSupplyShares, `INV-SHARES-1 ${where}`);
      assert.equal(debtShares, s.totalBorrowShares, `INV-SHARES-2 ${where}`);
      assert.equal(collateral, s.totalCollateral, `INV-SHARES-3 ${where}`);
      assert.ok(s.totalBorrowAssets <= s.totalSupplyAssets, `INV-SOLV-1 ${where}`);
      assert.equal(s.totalBorrowShares === 0n, s.totalBorrowAssets === 0n, `INV-H2-2 ${where}`);
      const net = s.totalSupplyAssets - s.totalBorrowAssets + s.totalCollateral;
      owed.set(symbol, (owed.get(symbol) ?? 0n) + net);
    }
    await Promise.all(
      [...owed].map(async ([symbol, total]) => {
        const [fees, balance] = await Promise.all([
          publicClient.readContract({
            address: poolAddress,
            abi: keelPoolAbi,
            functionName: "flashFeesAccrued",
            args: [tokens[symbol]],
          }),
          publicClient.readContract({
            address: tokens[symbol],
            abi: erc20Abi,
            functionName: "balanceOf",
            args: [poolAddress],
          }),
        ]);
        assert.equal(balance, total + fees, `INV-BOOKS-1 ${symbol}, ${when}`);
      }),
    );
    return logs;
  };
  // Every holder since the deployment: the listing seeds' holder, the lender, the borrowers.
  await checkBooks("the start");

  // ----- prices, pairs and health -----
  const t0 = setup.seededAt + 3_600n;
  let prices = new Map<TokenSymbol, bigint>();
  const usdValue = (symbol: TokenSymbol, units: bigint) => (units * (prices.get(symbol) ?? 0n)) / PRICE_SCALE;
  /** Posts the point's answers at `clock.now` and returns them by token; wstETH's is rate × ETH × peg. */
  const postFeeds = async (point: MarketPoint) => {
    const rate = await publicClient.readContract({
      address: c.wstethRateProvider.address,
      abi: devRateProviderAbi,
      functionName: "getRate",
    });
    const answers: Record<TokenSymbol, bigint> = {
      WETH: point.eth,
      WBTC: point.btc,
      wstETH: (rate * point.eth * point.lstPeg) / (WAD * WAD),
      USDC: point.usdc,
      DAI: point.dai,
      kUSD: 10n ** 8n,
    };
    const feeds: [Address, bigint][] = [
      [c.ethFeed.address, answers.WETH],
      [c.btcFeed.address, answers.WBTC],
      [c.wstethFeed.address, answers.wstETH],
      [c.usdcFeed.address, answers.USDC],
      [c.daiFeed.address, answers.DAI],
      [c.kusdFeed.address, answers.kUSD],
    ];
    // Every feed is posted every step: the adapters refuse an answer older than a day.
    for (const [feed, answer] of feeds) {
      await send(setup.oracle, {
        address: feed,
        abi: devPriceFeedAbi,
        functionName: "setAnswer",
        args: [answer],
      });
    }
    const next = new Map<TokenSymbol, bigint>();
    for (const { reserves, oracles } of pools) {
      for (const [r, symbol] of reserves.entries()) {
        if (next.has(symbol)) continue;
        next.set(
          symbol,
          await publicClient.readContract({ address: oracles[r], abi: iPriceOracleAbi, functionName: "price" }),
        );
      }
    }
    prices = next;
    return answers;
  };
  /** Trades each pair to the feeds' prices, as an arbitrageur with outside liquidity would. */
  const arbitragePairs = async (answers: Record<TokenSymbol, bigint>) => {
    for (const { base, quote, address, baseIsToken0 } of setup.pairs) {
      const [r0, r1] = await publicClient.readContract({ address, abi: uniswapAbi, functionName: "getReserves" });
      const [reserveBase, reserveQuote] = baseIsToken0 ? [r0, r1] : [r1, r0];
      // Quote units per base unit: the feeds' ratio across the two tokens' decimals.
      const num = answers[base] * 10n ** BigInt(decimals[quote]);
      const den = answers[quote] * 10n ** BigInt(decimals[base]);
      const move = arbitrage(reserveBase, reserveQuote, num, den);
      // Uniswap V2's output for that input: a move too small to buy a single unit is not worth making.
      const [reserveIn, reserveOut] = move.sellBase ? [reserveBase, reserveQuote] : [reserveQuote, reserveBase];
      const out = (move.amountIn * 997n * reserveOut) / (reserveIn * 1000n + move.amountIn * 997n);
      if (out === 0n) continue;
      const path = move.sellBase ? [tokens[base], tokens[quote]] : [tokens[quote], tokens[base]];
      await send(setup.arbitrageur, {
        address: c.router.address,
        abi: uniswapAbi,
        functionName: "swapExactTokensForTokens",
        args: [move.amountIn, 0n, path, setup.arbitrageur, clock.now + STEP_SECONDS],
      });
    }
  };
  /**
   * How far below the feeds a sale of `collateral` for `debt` on their pair would go now, BPS (the
   * pair's marginal price, before its fee); undefined without a direct pair.
   */
  const saleDiscountBps = async (collateral: TokenSymbol, debt: TokenSymbol, answers: Record<TokenSymbol, bigint>) => {
    const pair = setup.pairs.find(
      (p) => (p.base === collateral && p.quote === debt) || (p.base === debt && p.quote === collateral),
    );
    if (pair === undefined) return undefined;
    const [r0, r1] = await publicClient.readContract({
      address: pair.address,
      abi: uniswapAbi,
      functionName: "getReserves",
    });
    const [reserveBase, reserveQuote] = pair.baseIsToken0 ? [r0, r1] : [r1, r0];
    // The pair's price of the base over the feeds' price of it, WAD.
    const ratio =
      (reserveQuote * answers[pair.quote] * 10n ** BigInt(decimals[pair.base]) * WAD) /
      (reserveBase * answers[pair.base] * 10n ** BigInt(decimals[pair.quote]));
    const collateralRatio = pair.base === collateral ? ratio : (WAD * WAD) / ratio;
    return collateralRatio >= WAD ? 0n : ((WAD - collateralRatio) * BPS) / WAD;
  };
  /** Every borrower's health and solvency now (the `accountHealth` view, interest accrued to this block). */
  const scanHealth = async () =>
    Promise.all(
      borrowers.map(async (b) => {
        const h = await publicClient.readContract({
          address: poolAddress,
          abi: keelPoolAbi,
          functionName: "accountHealth",
          args: [b.poolId, b.address],
        });
        return {
          borrower: b,
          health: healthFactor(h),
          insolvent: h.debtValue > h.collateralValue,
          /** Dollars (WAD) of debt. */
          debtValue: h.debtValue,
          /** Debt beyond the collateral's value, dollars (WAD): bad debt not yet written off. */
          shortfall: MathLib.zeroFloorSub(h.debtValue, h.collateralValue),
          coverBps: h.debtValue === 0n ? MAX_UINT256 : (h.collateralValue * BPS) / h.debtValue,
        };
      }),
    );
  type Scan = Awaited<ReturnType<typeof scanHealth>>;

  // ----- what the replay counts -----
  const stats: PoolStats[] = pools.map(() => ({
    liquidations: 0,
    accounts: new Set<Address>(),
    repaid: 0n,
    seized: 0n,
    protocolFees: 0n,
    profit: 0n,
    badDebt: 0n,
    badDebtCovered: 0n,
    badDebtAccounts: new Set<Address>(),
    lowestHealth: MAX_UINT256,
    seizedUnits: new Map<string, bigint>(),
    idleWakes: 0,
    idleDiscountBps: [],
    owingWithoutCollateral: 0,
  }));
  const tracks = new Map(
    borrowers.map((b) => [
      b,
      { lowestHealth: MAX_UINT256, liquidations: 0, repaid: 0n, idleWakes: 0, longestBelow: 0n } as Track,
    ]),
  );
  let hour = { liquidations: 0, repaid: 0n, profit: 0n, lowestHealth: MAX_UINT256 };
  const hours: HourRow[] = [];
  const observe = (scan: Scan, step: number, now: bigint) => {
    for (const { borrower, health, insolvent, coverBps } of scan) {
      const track = tracks.get(borrower) as Track;
      if (health < WAD && track.belowSince === undefined) track.belowSince = now;
      if (health >= WAD && track.belowSince !== undefined) {
        if (now - track.belowSince > track.longestBelow) track.longestBelow = now - track.belowSince;
        track.belowSince = undefined;
      }
      const stat = stats[Number(borrower.poolId)];
      if (health < track.lowestHealth) track.lowestHealth = health;
      if (health < stat.lowestHealth) stat.lowestHealth = health;
      if (health < hour.lowestHealth) hour.lowestHealth = health;
      if (health < WAD && track.firstUnhealthy === undefined) track.firstUnhealthy = { step, health, coverBps };
      if (health < WAD && track.mustClose === undefined) {
        const bonusBps = MathLib.min(borrower.maxBonusBps, 100n + ((WAD - health) * BPS) / WAD);
        const closes =
          health * BPS * BPS <= (BPS + bonusBps) * borrower.thresholdBps * WAD || coverBps - BPS < bonusBps;
        if (closes) track.mustClose = { step, health };
      }
      if (insolvent && track.firstInsolventStep === undefined) track.firstInsolventStep = step;
    }
  };
  const symbolAt = (poolId: bigint, reserve: bigint | number) => pools[Number(poolId)].reserves[Number(reserve)];
  /** Checks the keeper's records against the pool's events of its wake, and counts both. */
  const tally = (records: LiquidationRecord[], logs: Awaited<ReturnType<typeof readNewLogs>>, when: string) => {
    const events = logs.filter((log) => log.eventName === "Liquidate");
    assert.equal(records.length, events.length, `the keeper reports every liquidation and no other, ${when}`);
    for (const [i, record] of records.entries()) {
      const event = events[i];
      if (event.eventName !== "Liquidate") continue;
      const { args } = event;
      assert.deepEqual(
        [record.poolId, record.borrower.toLowerCase(), BigInt(record.collateralReserve), BigInt(record.debtReserve)],
        [args.poolId, args.borrower.toLowerCase(), args.collateralReserve, args.debtReserve],
        `liquidation ${i} at ${when}`,
      );
      assert.deepEqual(
        [record.repaidAssets, record.seizedAssets, record.protocolFee, record.blockNumber],
        [args.repaidAssets, args.seizedAssets, args.protocolFee, event.blockNumber],
        `liquidation ${i} amounts at ${when}`,
      );
      if (record.expected !== undefined) {
        assert.deepEqual(
          record.expected,
          { repaidAssets: args.repaidAssets, seizedAssets: args.seizedAssets, protocolFee: args.protocolFee },
          `the SDK sized liquidation ${i} as the pool did, ${when}`,
        );
      }
      const collateral = symbolAt(args.poolId, args.collateralReserve);
      const debt = symbolAt(args.poolId, args.debtReserve);
      const stat = stats[Number(args.poolId)];
      stat.liquidations++;
      stat.accounts.add(args.borrower);
      stat.repaid += usdValue(debt, args.repaidAssets);
      stat.seized += usdValue(collateral, args.seizedAssets);
      stat.protocolFees += usdValue(collateral, args.protocolFee);
      const profitUsd = usdValue(debt, record.profit) + usdValue(collateral, record.collateralKept ?? 0n);
      stat.profit += profitUsd;
      stat.seizedUnits.set(collateral, (stat.seizedUnits.get(collateral) ?? 0n) + args.seizedAssets);
      const borrower = borrowerAt.get(`${args.poolId}:${args.borrower.toLowerCase()}`);
      if (borrower !== undefined) {
        const track = tracks.get(borrower) as Track;
        track.liquidations++;
        track.repaid += usdValue(debt, args.repaidAssets);
      }
      hour.liquidations++;
      hour.repaid += usdValue(debt, args.repaidAssets);
      hour.profit += profitUsd;
    }
    for (const log of logs) {
      if (log.eventName !== "RealizeBadDebt") continue;
      const { poolId, reserve, borrower, coveredAssets, socializedAssets } = log.args;
      const symbol = symbolAt(poolId, reserve);
      const stat = stats[Number(poolId)];
      stat.badDebt += usdValue(symbol, coveredAssets + socializedAssets);
      stat.badDebtCovered += usdValue(symbol, coveredAssets);
      stat.badDebtAccounts.add(borrower);
    }
  };
  const balancesOf = (owner: Address) =>
    Promise.all(
      Object.values(tokens).map((address) =>
        publicClient.readContract({ address, abi: erc20Abi, functionName: "balanceOf", args: [owner] }),
      ),
    );

  // ----- the replay -----
  const last = scenario.points.length - 1;
  let step = 0;
  let scan: Scan = [];
  let answers: Record<TokenSymbol, bigint> = { WETH: 0n, WBTC: 0n, wstETH: 0n, USDC: 0n, DAI: 0n, kUSD: 0n };
  for (; step <= last + WIND_DOWN_STEPS; step++) {
    const stepStart = t0 + BigInt(step) * STEP_SECONDS;
    clock.now = stepStart;
    await time.increaseTo(stepStart);
    answers = await postFeeds(scenario.points[Math.min(step, last)]);
    await arbitragePairs(answers);
    await checkBooks(`${scenario.key} step ${step}`);
    scan = await scanHealth();
    observe(scan, step, stepStart);
    for (const offset of KEEPER_OFFSETS) {
      const unhealthy = scan.filter(({ health }) => health < WAD);
      // A wake with no account below 1 finds nothing to do; the deep profile wakes the keeper anyway.
      if (unhealthy.length === 0 && !DEEP) continue;
      const now = stepStart + offset;
      const when = `${scenario.key} step ${step} + ${offset} s`;
      clock.now = now;
      await time.increaseTo(now);
      const keeperBefore = await balancesOf(keeper);
      const ctx: ReplayContext = {
        publicClient,
        provider: setup.provider,
        walletClient: setup.walletFor(keeper),
        privateKey: replayKey("keeper"),
        deployment,
        borrowers: borrowersByPool,
        scenario: scenario.key,
        step,
        now,
      };
      const records = await keeperUnder.step(ctx);
      const logs = await checkBooks(when);
      tally(records, logs, when);
      // The keeper kept exactly the profits it reports, and the liquidator keeps nothing.
      const keeperAfter = await balancesOf(keeper);
      for (const [i, address] of Object.values(tokens).entries()) {
        const reported = records.reduce(
          (sum, r) =>
            sum +
            (isAddressEqual(tokens[symbolAt(r.poolId, r.debtReserve)], address) ? r.profit : 0n) +
            (isAddressEqual(tokens[symbolAt(r.poolId, r.collateralReserve)], address) ? (r.collateralKept ?? 0n) : 0n),
          0n,
        );
        assert.equal(keeperAfter[i] - keeperBefore[i], reported, `keeper's ${address} profit, ${when}`);
      }
      for (const balance of await balancesOf(c.liquidator.address))
        assert.equal(balance, 0n, `liquidator keeps nothing, ${when}`);
      const liquidated = new Set(records.map((r) => `${r.poolId}:${r.borrower.toLowerCase()}`));
      for (const { borrower } of unhealthy) {
        if (liquidated.has(`${borrower.poolId}:${borrower.address.toLowerCase()}`)) continue;
        (tracks.get(borrower) as Track).idleWakes++;
        const stat = stats[Number(borrower.poolId)];
        stat.idleWakes++;
        const discount = await saleDiscountBps(
          borrower.collateral[0].symbol as TokenSymbol,
          borrower.debt as TokenSymbol,
          answers,
        );
        if (discount !== undefined) stat.idleDiscountBps.push(discount);
      }
      // Without a pool event the wake changed nothing but the clock: the last look still stands.
      if (logs.length > 0) {
        scan = await scanHealth();
        observe(scan, step, now);
      }
    }
    const unhealthyNow = scan.filter(({ health }) => health < WAD).length;
    if (step % 6 === 5 || step === last || (step > last && unhealthyNow === 0)) {
      await verifyPositions(`${scenario.key} step ${step}`);
      const point = scenario.points[Math.min(step, last)];
      hours.push({
        hour: step === last ? "end" : step > last ? `+${step - last}` : (step + 1) / 6,
        "ETH $": answerText(point.eth),
        "BTC $": answerText(point.btc, 0),
        "wstETH/ETH peg": (Number(point.lstPeg / 10n ** 12n) / 1e6).toFixed(4),
        "USDC $": answerText(point.usdc, 4),
        liquidations: hour.liquidations,
        "repaid $": usd(hour.repaid).slice(1),
        "keeper profit $": usd(hour.profit).slice(1),
        "bad debt $": usd(stats.reduce((sum, s) => sum + s.badDebt, 0n)).slice(1),
        "lowest health": healthText(hour.lowestHealth),
        "below 1": unhealthyNow,
      });
      hour = { liquidations: 0, repaid: 0n, profit: 0n, lowestHealth: MAX_UINT256 };
    }
    if (step >= last && unhealthyNow === 0) break;
  }

  // ----- the outcome -----
  await verifyPositions(`${scenario.key} end`);
  for (const track of tracks.values()) {
    if (track.belowSince === undefined) continue;
    const end = t0 + BigInt(step + 1) * STEP_SECONDS;
    if (end - track.belowSince > track.longestBelow) track.longestBelow = end - track.belowSince;
  }
  const explanations: string[] = [];
  for (const b of borrowers) {
    const [collateralMask, debtMask] = await publicClient.readContract({
      address: poolAddress,
      abi: keelPoolAbi,
      functionName: "accountMasks",
      args: [b.poolId, b.address],
    });
    const stat = stats[Number(b.poolId)];
    if (collateralMask === 0 && debtMask !== 0) stat.owingWithoutCollateral++;
    // INV-BAD-1: debt is written off only with the last collateral, and then all of it.
    if (stat.badDebtAccounts.has(b.address)) assert.equal(debtMask, 0, `${b.label}: written off in full`);
  }
  for (const [poolId, stat] of stats.entries()) {
    assert.equal(stat.owingWithoutCollateral, 0, `pool ${poolId}: no account is left owing without collateral`);
  }
  const end = scan.filter(({ health }) => health < WAD);
  for (const b of borrowers) {
    const stat = stats[Number(b.poolId)];
    const left = end.find((entry) => entry.borrower === b);
    if (!stat.badDebtAccounts.has(b.address) && left === undefined) continue;
    explanations.push(explain(b, tracks.get(b) as Track, left, stat.badDebtAccounts.has(b.address)));
  }

  const report: ScenarioReport = {
    scenario,
    // Steps played, the first (the opening prices) included: the loop ends past its last when the wind-down runs out.
    steps: Math.min(step, last + WIND_DOWN_STEPS) + 1,
    pools: stats,
    hours,
    explanations,
    leftUnhealthy: end.length,
    leftInsolvent: end.filter(({ insolvent }) => insolvent).length,
    leftShortfall: end.reduce((sum, { shortfall }) => sum + shortfall, 0n),
    seconds: (performance.now() - started) / 1000,
    keeper: keeperUnder.name,
    tracks: borrowers.map((b) => tracks.get(b) as Track),
  };
  console.log(`${scenario.title}: ${report.seconds.toFixed(1)} s, ${report.steps} steps`);
  console.table(hours);
  for (const [poolId, s] of stats.entries()) {
    console.log(
      `pool ${poolId}: ${s.liquidations} liquidations of ${s.accounts.size} accounts, repaid ${usd(s.repaid)}, bad debt ${usd(s.badDebt)}, lowest health ${healthText(s.lowestHealth)}`,
    );
  }
  for (const line of explanations) console.log(line);

  // The shock reaches the pools it should: the replay would be hollow if nothing were liquidated.
  const liquidationsIn = (poolId: number) => stats[poolId].liquidations;
  if (scenario.key === "eth-crash" || scenario.key === "eth-stress")
    assert.ok(liquidationsIn(0) > 0 && liquidationsIn(1) > 0, "ETH and BTC loans liquidated");
  if (scenario.key === "steth-depeg") assert.ok(liquidationsIn(0) > 0 && liquidationsIn(2) > 0, "loopers liquidated");
  if (scenario.key === "usdc-depeg") assert.ok(liquidationsIn(0) > 0, "USDC-backed loans liquidated");
  return report;
}

/**
 * A bonus below this (dollars, WAD) does not pay for a liquidation: about 330,000 gas plus the keeper's
 * $0.50 safety buffer and $1 minimum profit, with room for the sale's price impact and Uniswap's fee.
 */
const DUST_BONUS = 10n * WAD;

/** Why an account ended in bad debt or still below 1, from what the replay saw of it, and what would have helped. */
function explain(
  b: Setup["borrowers"][number],
  track: Track,
  left: { health: bigint; insolvent: boolean; debtValue: bigint } | undefined,
  writtenOff: boolean,
): string {
  const spec = ARCHETYPES[b.archetype];
  const first = track.firstUnhealthy;
  const at = (step: number) => `step ${step} (hour ${(step / 6).toFixed(1)})`;
  const facts = [
    first === undefined
      ? "never seen below 1 at a look"
      : `first seen below 1 at ${at(first.step)} at health ${healthText(first.health)}, its collateral then worth ${bpsText(first.coverBps)} of its debt`,
    track.liquidations === 0
      ? "never liquidated"
      : `liquidated ${track.liquidations === 1 ? "once" : `${track.liquidations} times`} for ${usd(track.repaid)} of its debt`,
    `${track.idleWakes} keeper wakes left it below 1 untouched`,
    track.mustClose === undefined
      ? ""
      : `from ${at(track.mustClose.step)}, at health ${healthText(track.mustClose.health)}, a liquidation had to repay its whole debt at once`,
    writtenOff
      ? "its last collateral was seized and the rest of its debt written off (RealizeBadDebt)"
      : `it ends at health ${healthText(left?.health ?? MAX_UINT256)}${left?.insolvent ? ", its collateral worth less than its debt" : ""}`,
  ].filter((fact) => fact !== "");
  const bonus = b.maxBonusBps;
  const pair = DEVNET_PAIRS.find(
    (p) => [p.base, p.quote].includes(b.collateral[0].symbol as never) && [p.base, p.quote].includes(b.debt as never),
  );
  const depth =
    pair === undefined
      ? "its pair"
      : `the ${pair.base}/${pair.quote} pair ($${Number(pair.usdPerSide) / 1e6} M a side)`;
  let cause: string;
  // The most a liquidation of what is left could earn: its whole debt repaid at the maximum bonus.
  const leftBonus = left === undefined || left.insolvent ? undefined : (left.debtValue * bonus) / BPS;
  if (leftBonus !== undefined && leftBonus < DUST_BONUS) {
    cause =
      `what is left (${usd(left?.debtValue ?? 0n)} of debt) would pay a liquidator at most ${usd(leftBonus)} of bonus, ` +
      `less than a liquidation's gas with the keeper's safety buffer and minimum profit, so no keeper that counts its costs ` +
      "takes it; its collateral still covers it. A minimum debt per position (or a fixed liquidation reward) keeps such " +
      "remainders from being left";
  } else if (first !== undefined && first.coverBps - BPS <= bonus) {
    cause =
      `one 10-minute move took it from health ≥ 1 to a collateral margin (${bpsText(first.coverBps - BPS)}) within its ${bpsText(bonus)} bonus, ` +
      `where a liquidation must take everything at once. A lower liquidation threshold (now ${bpsText(b.thresholdBps)}) ` +
      "keeps more margin between the threshold and insolvency than one step's move";
  } else if (track.mustClose !== undefined) {
    cause =
      "once its health was at or below (1 + bonus) × threshold the pool refused partial liquidations (at that bonus one " +
      `could not raise its health), and a capital-free sale of its whole collateral on ${depth} cost more in price impact ` +
      `than the ${bpsText(bonus)} bonus. A deeper pair (or a keeper with capital, selling the lot over several steps) makes ` +
      "the whole liquidation pay; a larger maximum bonus pays for more impact but brings the closing point nearer to 1";
  } else if (track.liquidations === 0) {
    cause =
      `no size of liquidation paid: selling its ${b.collateral[0].symbol} on ${depth}, already pushed below the feeds by the keeper's ` +
      `other sales, cost more than the ${bpsText(bonus)} bonus. A deeper pair, or a larger maximum bonus, makes it pay`;
  } else {
    cause =
      `the pieces ${depth} could absorb at the ${bpsText(bonus)} bonus restored its health more slowly than the price fell. ` +
      "A deeper pair or a larger bonus lets each piece be larger";
  }
  return `- **${b.label}** (${spec.description}; opened at health ${healthText(b.openingHealth)} with $${b.debtUsd.toLocaleString("en-US")} of debt): ${facts.join("; ")}. Why: ${cause}.`;
}

/** The replay's figures as docs/market-crash-replay.md. */
function renderReport(setup: Setup, reports: ScenarioReport[]): string {
  /**
   * A markdown table: the first column (names) left-aligned, the figures right-aligned, each column padded to its
   * widest cell so the file is already in the formatter's shape and a regenerated report passes lint.
   */
  const table = (rows: Record<string, string | number>[]) => {
    const columns = Object.keys(rows[0]);
    const cells = [columns, ...rows.map((row) => columns.map((column) => String(row[column])))];
    const widths = columns.map((_, i) => Math.max(3, ...cells.map((line) => line[i].length)));
    const pad = (text: string, i: number) => (i === 0 ? text.padEnd(widths[i]) : text.padStart(widths[i]));
    const line = (texts: string[]) => `| ${texts.map(pad).join(" | ")} |`;
    const rule = widths.map((width, i) => (i === 0 ? `:${"-".repeat(width - 1)}` : `${"-".repeat(width - 1)}:`));
    return [line(cells[0]), `| ${rule.join(" | ")} |`, ...cells.slice(1).map(line)].join("\n");
  };
  const minutes = (seconds: bigint) => (seconds === 0n ? "–" : `${(seconds + 30n) / 60n} min`);
  const kinds = Object.entries(ARCHETYPES) as [keyof typeof ARCHETYPES, (typeof ARCHETYPES)[keyof typeof ARCHETYPES]][];
  const population = kinds.map(([key, spec]) => {
    const members = setup.borrowers.filter((b) => b.archetype === key);
    const debt = members.reduce((sum, b) => sum + b.debtUsd, 0n);
    const healths = members.map((b) => b.openingHealth).sort((a, b) => (a < b ? -1 : 1));
    return {
      kind: spec.description,
      accounts: members.length,
      "debt $": debt.toLocaleString("en-US"),
      "largest $": (members.map((b) => b.debtUsd).sort((a, b) => (a < b ? 1 : -1))[0] ?? 0n).toLocaleString("en-US"),
      "health min–median–max": `${healthText(healths[0])}–${healthText(healths[healths.length >> 1])}–${healthText(healths[healths.length - 1])}`,
    };
  });
  const sections = reports.map((r) => {
    const perPool = r.pools.map((s, poolId) => {
      const members = setup.borrowers.flatMap((b, i) => (b.poolId === BigInt(poolId) ? [r.tracks[i]] : []));
      return {
        pool: `${poolId} ${setup.pools[poolId].name}`,
        liquidations: s.liquidations,
        accounts: s.accounts.size,
        "repaid $": usd(s.repaid).slice(1),
        "seized $": usd(s.seized).slice(1),
        "collateral seized":
          [...s.seizedUnits]
            .map(
              ([symbol, units]) =>
                `${(Number(units) / 10 ** setup.decimals[symbol as TokenSymbol]).toFixed(2)} ${symbol}`,
            )
            .join(", ") || "–",
        "average bonus": s.repaid === 0n ? "–" : bpsText(((s.seized - s.repaid) * BPS) / s.repaid),
        "protocol fees $": usd(s.protocolFees).slice(1),
        "keeper profit $": usd(s.profit).slice(1),
        "bad debt $": usd(s.badDebt).slice(1),
        "owing without collateral": s.owingWithoutCollateral,
        "lowest health": healthText(s.lowestHealth),
        "longest below 1": minutes(members.reduce((max, t) => MathLib.max(max, t.longestBelow), 0n)),
      };
    });
    const perKind = kinds.map(([key, spec]) => {
      const members = setup.borrowers.flatMap((b, i) => (b.archetype === key ? [r.tracks[i]] : []));
      return {
        kind: spec.description,
        "went below 1": members.filter((t) => t.firstUnhealthy !== undefined).length,
        liquidated: members.filter((t) => t.liquidations > 0).length,
        liquidations: members.reduce((sum, t) => sum + t.liquidations, 0),
        "repaid $": usd(members.reduce((sum, t) => sum + t.repaid, 0n)).slice(1),
        "lowest health": healthText(members.reduce((min, t) => MathLib.min(min, t.lowestHealth), MAX_UINT256)),
        "longest below 1": minutes(members.reduce((max, t) => MathLib.max(max, t.longestBelow), 0n)),
      };
    });
    const idle = r.pools.reduce((sum, s) => sum + s.idleWakes, 0);
    const discounts = r.pools.flatMap((s) => s.idleDiscountBps);
    const idleText =
      idle === 0
        ? "Every account the keeper found below 1 it liquidated at that wake."
        : `At ${idle} account-wakes the keeper left an account below 1 without liquidating it` +
          (discounts.length === 0
            ? "."
            : `; the pair its collateral sells on then traded on average ${bpsText(discounts.reduce((a, b) => a + b, 0n) / BigInt(discounts.length))} ` +
              `(at most ${bpsText(discounts.reduce((a, b) => MathLib.max(a, b), 0n))}) below the feeds, after the keeper's own sales earlier in the step.`);
    const badDebt = r.pools.reduce((sum, s) => sum + s.badDebt, 0n);
    const verdict =
      badDebt === 0n && r.leftUnhealthy === 0
        ? "**No bad debt**: no RealizeBadDebt event, no account left owing without collateral, and every account that fell below 1 was liquidated back above it."
        : `**Bad debt ${usd(badDebt)}** written off, and ${r.leftUnhealthy} account(s) left below 1 (${r.leftInsolvent} of them under water, ${usd(r.leftShortfall)} of debt beyond their collateral). ${idleText}\n\nAccount by account:\n\n${r.explanations.join("\n")}`;
    const windDown = r.steps - r.scenario.points.length;
    return `## ${r.scenario.title}

${r.scenario.summary}${windDown > 0 ? ` The closing prices then held for ${windDown} more steps, while some account was still below 1 (two hours at most).` : ""}

${table(perPool)}

${badDebt === 0n && r.leftUnhealthy === 0 ? `${verdict} ${idleText}` : verdict}

${table(perKind)}

${table(r.hours)}
`;
  });
  return `# Money-market crash replay

Generated by \`apps/keeper/test/marketCrash.test.ts\`. Regenerate this file from \`apps/keeper/\` with
\`KEEL_MARKET_CRASH_REPORT=../../docs/market-crash-replay.md npx hardhat --config ../../contracts/hardhat.config.ts test nodejs test/marketCrash.test.ts\`.

The devnet's pools (Ignition's \`DevnetKeel\` module with \`contracts/ignition/parameters/devnet.json\`:
pool 0 "Core", cross-collateral WETH, WBTC, wstETH, USDC, DAI and kUSD with the ETH e-mode at 93%;
pool 1 WBTC / USDC; pool 2 wstETH / WETH; Uniswap V2 pairs of $2–3.5 M a side) go through three
historical shocks${DEEP ? " and a stress beyond them" : ""} in 10-minute steps. ${setup.borrowers.length} seeded borrowers open at the starting prices
(debts log-uniform, health factors skewed toward the low end of each kind's range); one lender supplies
each borrowed reserve for 70% utilization:

${table(population)}

At each step the feeds move (every feed is posted, since the adapters refuse answers older than a day), and
an arbitrageur with outside liquidity trades every pair back to the feeds' prices. ${keeperText(reports[0].keeper)}
Its sales move the pairs until the next step's arbitrage. After every
step and every wake the books of every reserve are asserted to the wei (shares, debt shares and
collateral of every holder against the reserve's totals; each token's balance in the pool against what
the pool owes), and every liquidation the keeper reports is checked against the pool's events.
Dollar figures are at the pools' oracle prices of the step. A heavier profile,
\`KEEL_MARKET_CRASH_DEEP=1\`, doubles the population, wakes the keeper at all of its times and adds a
stress path beyond history (its findings close this page).

${sections.join("\n")}${DEEP ? "" : `\n${READING}`}`;
}

/** How the report describes the keeper it ran. */
function keeperText(name: string): string {
  if (name === "serviceKeeperStep") {
    return `The keeper is the keeper service itself (the \`Keeper\` that \`keel keeper\` runs, with its default
configuration), woken 100 s after the update and every 200 s after that while some account is below 1; at
each wake it follows the chain block by block until it has nothing left to send (each of its transactions
is mined at once, at the wake's time). It finds the borrowers from the pool's events, re-checks with the
SDK's math the accounts a price move or an event can affect, and liquidates each one below 1 through the
capital-free KeelLiquidator (a flash loan of the debt asset, the liquidation at the most the pool allows or
the pool contract can lend, the sale of the seized collateral along the best Uniswap path of up to three
hops, the repayment), its largest debt against its largest collateral, each simulated first and sent only
if it earns at least $1 after gas and a $0.50 buffer. Where the pool cannot lend the whole repayment it
repays from its own balance and keeps the collateral.`;
  }
  const where = name === "simpleKeeperStep" ? " in `apps/keeper/test/marketCrash/liquidations.ts`" : "";
  return `The keeper (\`${name}\`${where}) wakes 100 s after the update and every 200 s after that while some
account is below 1: it reads every borrower with the SDK, and liquidates each one below 1 through the
capital-free KeelLiquidator (a flash loan of the debt asset, the liquidation, the sale of the seized
collateral on the Uniswap pair, the repayment), its largest debt against its largest collateral, at the
most the pool allows or the largest half, quarter, … of it that still pays at least $1.`;
}

/** What the deep profile's stress path showed (a run of KEEL_MARKET_CRASH_DEEP=1: 160 borrowers, every wake). */
const DEEP_STRESS_READING = `The deep profile (\`KEEL_MARKET_CRASH_DEEP=1\`: 160 borrowers, the keeper
woken at each of its times, and a fourth path beyond history, the same day deepened to ETH −80%) finds
it. Its three historical shocks again leave no bad debt (lowest health 0.877), but the stress writes off
$196,239 (RealizeBadDebt: $178,391 in the core pool, $17,848 in pool 1) and leaves six loans under water,
$576,470 of debt beyond their collateral at the closing prices.
All twelve of these loans (opened with $47,000 to $339,000 of debt, 1.6–11% of their pair's side) took
the same course. Each fell below 1 in the steep hours, while the keeper's own sales kept its pair below
the feeds, and was liquidated in at most four pieces (several not at all) before, three to eight steps
later, the price took its health to (1 + bonus) × threshold (0.866 for WETH in the core pool, 0.856 for WBTC in pool 1),
where the pool refuses partial liquidations, since at that bonus a partial one would lower the
account's health. From there only a liquidation of the whole loan is allowed, and a capital-free
keeper must sell the whole lot on the $3 M pair at once, at a price impact beyond the 5–7% bonus: the
loan is never liquidated, or its last piece only once it is under water. What decides it is the depth
of the market the keeper sells on against the largest loans, not the thresholds: a keeper with capital,
selling a closed lot over several steps, or a deeper venue would have closed them, while a larger
maximum bonus pays for more impact but brings the closing point nearer to 1. The refusal of partial
liquidations past the closing point (which keeps each piece from paying a bonus the account cannot
afford) is what turns shallow liquidity into bad debt here.`;

/**
 * What the default profile's figures say, and what the deep profile's stress path adds (from a run of
 * KEEL_MARKET_CRASH_DEEP=1). Written from the figures above: regenerating after a change to the
 * contracts, the devnet or the keeper calls for reading them again.
 */
const READING = `## Reading it

**No bad debt in the three historical shocks.** The lowest health any account reached was 0.947 (a
WBTC loan in pool 1 during the ETH crash). Insolvency lies far below: an account's collateral stops
covering its debt at a health equal to its collateral's threshold (0.80 for WBTC in pool 1, 0.825 for
WETH in the core pool, 0.93 for the loopers), and the pool refuses a partial liquidation only at or
below (1 + bonus) × threshold (0.83–0.87 outside e-mode, 0.94–0.95 for the loopers), so the keeper
could always liquidate in pieces.

**The pairs, not the pools, set the pace.** The keeper sells everything it seizes on the devnet's
Uniswap pairs, which refill only at the next step's arbitrage. Worst account first, its own sales push
a pair below the feeds within the step (in the ETH crash by 2.1% on average, and up to 6.4%, at the
wakes where it left an account untouched) until further liquidations no longer pay for their gas and
the keeper's minimum. Accounts then stay below 1 for a step or more: up to 132 minutes in pool 1, whose
WBTC sells on the same WBTC/USDC pair as the core pool's, and in the core pool one loan for good (next
paragraph). The keeper kept 0.8% of what it repaid; of the bonus paid (2.5% on average in the core pool,
3.6% in pool 1) the rest went to price impact, Uniswap's 0.3% fee and the protocol's 10% share.

**A remainder too small to liquidate.** The keeper counts its costs: a liquidation goes out only if it
earns $1 after gas and a $0.50 buffer. One WETH loan of $4,247 was liquidated in eight pieces down to
$79 of debt, whose whole bonus ($3 at most) pays for no liquidation; it ends below 1 but covered 1.2
times by its collateral. Nothing is lost while its collateral covers it, but no keeper that counts its
costs will take it: a minimum debt per position, or a fixed reward for closing a small one, is what
removes such remainders. The reference keeper (\`KEEL_MARKET_CRASH_KEEPER=reference\`), which asks only
for $1 of profit before gas, took them and left no account below 1 (longest spell 22 minutes in the
core pool, 82 in pool 1).

**The e-mode's 1% bonus is the thinnest margin.** After the protocol's share and the swap fee, a
looper's liquidation pays only while the wstETH/WETH pair trades within about 0.6% of the feed; the
first sales of a step take it about 1% below, so during the depeg loopers waited up to 42 minutes in
the core pool and 62 minutes in pool 2, never below health 0.993. A 6.5% discount stays inside their
margin: a looper opened at health 1.04 is insolvent only at a discount of about 10.6%.

**The USDC depeg reaches only the loans backed by USDC** (the ETH shorts): three went below 1, to 0.992
at worst, and were liquidated at the keeper's next wake, while every USDC debtor gained. The pools see
the depeg only past the pegged adapter's ±2% band, and then at the market price.

**Where bad debt begins** (measured with the reference keeper). ${DEEP_STRESS_READING}
`;
