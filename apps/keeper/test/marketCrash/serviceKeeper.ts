/**
 * The keeper service in the market crash replay: `serviceKeeperStep` wakes a real `Keeper` (the class
 * `keel keeper` runs) and lets it pass block by block until it has nothing left to do at that moment.
 * The keeper finds the borrowers itself, from the pool's events since the deployment's first block, and
 * decides, sizes, simulates and signs everything itself; this adapter only reads back, from the receipts
 * of the transactions it sent, the liquidations they made, for the replay to check against the chain.
 *
 * One keeper lives through a scenario: it keeps its books and its nonce from one wake to the next, as a
 * running service would. The replay rewinds the chain between scenarios (a reorg deeper than any keeper
 * follows), so each scenario starts a fresh one, which reads the history again as a restarted keeper does.
 */
import { type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import {
  type Address,
  type Chain,
  createPublicClient,
  createWalletClient,
  custom,
  erc20Abi,
  getAddress,
  type Hash,
  isAddressEqual,
  type PublicClient,
  parseAbi,
  parseEventLogs,
  type Transport,
  zeroAddress,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { loadConfig } from "../../src/config.ts";
import { Keeper } from "../../src/keeper.ts";
import { createLogger } from "../../src/observe/log.ts";
import { createMetrics } from "../../src/observe/metrics.ts";
import type { KeeperStep, LiquidationRecord, ReplayContext } from "./liquidations.ts";

const factoryAbi = parseAbi(["function getPair(address, address) view returns (address)"]);

/** Passes one wake may take: each of the keeper's transactions is mined at once, and read back at the next pass. */
const PASS_LIMIT = 400;

type Awake = {
  scenario: string;
  keeper: Keeper;
  publicClient: PublicClient<Transport, Chain>;
  tokens: ReadonlySet<string>;
};
let current: Awake | undefined;

/** The real keeper, woken by the replay. */
export const serviceKeeperStep: KeeperStep = async (ctx) => {
  if (current?.scenario !== ctx.scenario) current = await startKeeper(ctx);
  const { keeper, publicClient } = current;
  const latest = await publicClient.getBlockNumber({ cacheTime: 0 });
  const sent: Hash[] = [];
  for (let i = 0; i < PASS_LIMIT; i++) {
    const report = await keeper.pass();
    if (report.kind === "head") {
      for (const outcome of report.outcomes) if (outcome.job === "liquidation") sent.push(outcome.hash);
    }
    const processed = keeper.status.report;
    const caughtUp = processed !== undefined && processed.block >= latest;
    // Done when the newest head is processed, it sent nothing, and nothing it sent before is unsettled.
    const quiet = report.kind === "idle" || (report.kind === "head" && sentAt(report) === 0);
    if (caughtUp && quiet && keeper.sender.pendingCount === 0) return recordsOf(ctx, current, sent);
  }
  throw new Error(`the keeper was still busy after ${PASS_LIMIT} passes at ${ctx.scenario} step ${ctx.step}`);
};

const sentAt = (report: { liquidations: number; auctionsStarted: number; auctionActions: number; policies: number }) =>
  report.liquidations + report.auctionsStarted + report.auctionActions + report.policies;

/** A keeper on the replay's chain, with the service's defaults, its logs silent unless KEEL_TEST_KEEPER_LOG is set. */
async function startKeeper(ctx: ReplayContext): Promise<Awake> {
  // Every request goes through the replay's provider, which pins each transaction to the replay's clock.
  const transport = custom(ctx.provider, { retryCount: 0 });
  const chain = ctx.publicClient.chain;
  const publicClient = createPublicClient({ chain, transport, cacheTime: 0 }) as PublicClient<Transport, Chain>;
  const walletClient = createWalletClient({ chain, transport, account: privateKeyToAccount(ctx.privateKey) });
  const deployment = await describeReplay(ctx);
  const loaded = loadConfig({
    // The clients are handed over below; the URL and manifest only satisfy the configuration's shape.
    flags: { rpc: ["http://127.0.0.1:8545"], manifest: "replay.json", port: 0, privateKey: ctx.privateKey },
    env: {},
    defaultManifest: "replay.json",
  });
  const level = (process.env.KEEL_TEST_KEEPER_LOG ?? "silent") as typeof loaded.log.level;
  const config = { ...loaded, log: { level, format: "json" as const } };
  const keeper = new Keeper(deployment, { publicClient, walletClient }, config, createLogger(config), createMetrics());
  const tokens = new Set(Object.values(deployment.tokens).map((token) => token.address.toLowerCase()));
  return { scenario: ctx.scenario, keeper, publicClient, tokens };
}

/**
 * The replay's deployment as the keeper's manifest describes one: the pool, the liquidator, the tokens
 * and every Uniswap pair among them, read from the factory. The keeper reads nothing else of it.
 */
async function describeReplay(ctx: ReplayContext): Promise<KeelDeployment> {
  const { deployment } = ctx;
  const symbols = Object.keys(deployment.tokens);
  const pairs: Record<string, Address> = {};
  for (const [i, a] of symbols.entries()) {
    for (const b of symbols.slice(i + 1)) {
      const pair = await ctx.publicClient.readContract({
        address: deployment.factory,
        abi: factoryAbi,
        functionName: "getPair",
        args: [deployment.tokens[a].address, deployment.tokens[b].address],
      });
      if (!isAddressEqual(pair, zeroAddress)) pairs[`${a}/${b}`] = pair;
    }
  }
  const unused = zeroAddress;
  return {
    version: 1,
    chainId: ctx.publicClient.chain.id,
    rpcUrl: "",
    startBlock: 0,
    contracts: {
      pool: deployment.pool,
      liquidator: deployment.liquidator,
      configurator: unused,
      lens: unused,
      flashBorrower: unused,
      kinkedRateModel: unused,
      adaptiveRateModel: unused,
    },
    tokens: Object.fromEntries(
      Object.entries(deployment.tokens).map(([symbol, token]) => [
        symbol,
        { address: token.address, symbol, decimals: token.decimals, feed: unused, oracle: unused },
      ]),
    ),
    pools: deployment.pools.map((pool) => ({
      id: String(pool.id),
      name: pool.name,
      kind: "isolated" as const,
      reserves: pool.reserves.map((symbol, index) => ({ index, symbol })),
    })),
    uniswap: { factory: deployment.factory, router: deployment.router, pairs },
    accounts: [],
  };
}

/**
 * The liquidations the keeper's transactions made, in the order the chain holds them, each with what the
 * keeper gained: the net transfers of the debt asset to it in that transaction (the flash path's profit),
 * and of the collateral (kept when it repaid from its own balance).
 */
async function recordsOf(ctx: ReplayContext, awake: Awake, hashes: readonly Hash[]): Promise<LiquidationRecord[]> {
  const keeper = getAddress(privateKeyToAccount(ctx.privateKey).address);
  const records: (LiquidationRecord & { logIndex: number })[] = [];
  for (const hash of hashes) {
    const receipt = await ctx.publicClient.getTransactionReceipt({ hash });
    if (receipt.status !== "success") continue;
    const netTo = (token: Address) =>
      parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipt.logs })
        .filter((log) => isAddressEqual(log.address, token) && awake.tokens.has(log.address.toLowerCase()))
        .reduce(
          (sum, { args }) =>
            sum +
            (isAddressEqual(args.to, keeper) ? args.value : 0n) -
            (isAddressEqual(args.from, keeper) ? args.value : 0n),
          0n,
        );
    const events = parseEventLogs({ abi: keelPoolAbi, eventName: "Liquidate", logs: receipt.logs }).filter((log) =>
      isAddressEqual(log.address, ctx.deployment.pool),
    );
    for (const event of events) {
      const { poolId, borrower, collateralReserve, debtReserve, repaidAssets, seizedAssets, protocolFee } = event.args;
      const reserves = ctx.deployment.pools.find((pool) => pool.id === poolId)?.reserves ?? [];
      const tokenOf = (reserve: bigint) => ctx.deployment.tokens[reserves[Number(reserve)]].address;
      records.push({
        poolId,
        borrower,
        collateralReserve: Number(collateralReserve),
        debtReserve: Number(debtReserve),
        repaidAssets,
        seizedAssets,
        protocolFee,
        profit: netTo(tokenOf(debtReserve)),
        collateralKept: netTo(tokenOf(collateralReserve)),
        blockNumber: receipt.blockNumber,
        transactionHash: hash,
        gasUsed: receipt.gasUsed,
        logIndex: event.logIndex,
      });
    }
  }
  records.sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  return records.map(({ logIndex: _, ...record }) => record);
}
