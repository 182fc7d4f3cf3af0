import {
  type AccountSnapshot,
  type AuctionInfo,
  type CollateralTypeInfo,
  cdpEngineAbi,
  getAccountSnapshot,
  getAuction,
  getCollateralType,
  getPoolSnapshot,
  type KeelDeployment,
  type Policy,
  type PoolSnapshot,
  WAD,
} from "@keel/sdk";
import {
  type Account,
  type Address,
  type Chain,
  isAddressEqual,
  type Log,
  type PublicClient,
  type Transport,
  type WalletClient,
} from "viem";
import { AccountBook, accruedPool, scanHealth, touchedAccount } from "./book/accounts.ts";
import { PolicyBook } from "./book/policies.ts";
import { touchedVault, VaultBook } from "./book/vaults.ts";
import { type BlockHeader, ChainFollower } from "./chain/follower.ts";
import type { KeeperConfig } from "./config.ts";
import { startAuctions, workAuctions } from "./jobs/auctions.ts";
import type { JobContext } from "./jobs/context.ts";
import { prepareInventory, runLiquidations } from "./jobs/liquidations.ts";
import { runPolicies } from "./jobs/policies.ts";
import { Routes } from "./jobs/routes.ts";
import type { Logger } from "./observe/log.ts";
import type { KeeperMetrics } from "./observe/metrics.ts";
import { type Outcome, Sender } from "./send/sender.ts";

/** What one pass did, for tests and the log. */
export type PassReport =
  | { kind: "idle" }
  | { kind: "catch-up"; through: bigint }
  | { kind: "reorg"; ancestor: bigint; dropped: number }
  | {
      kind: "head";
      block: bigint;
      checked: number;
      liquidations: number;
      auctionsStarted: number;
      auctionActions: number;
      policies: number;
      outcomes: Outcome[];
    };

/** Accounts re-read at once (each is one call per reserve). */
const READ_CHUNK = 25;

type Touched = { accounts: [bigint, Address][]; vaults: bigint[] };

/**
 * The keeper: follows the chain from the deployment's first block, keeps in memory the accounts, vaults,
 * auctions and policies the events name, and at each new head re-reads what changed, re-checks what a
 * price move or a change can affect (all of it every `fullScanEveryBlocks`), and acts: liquidations,
 * auction starts, resets and takes, policy executions, each simulated before it is sent. A reorg rolls
 * the view back to the common ancestor: what the dropped blocks touched is re-read, their policies
 * forgotten, and transactions mined there put back in flight.
 */
export class Keeper {
  readonly sender: Sender;
  private readonly follower: ChainFollower;
  private readonly accounts: AccountBook;
  private readonly vaults: VaultBook | undefined;
  private readonly policies: PolicyBook | undefined;
  private readonly routes: Routes;
  private readonly prices = new Map<string, bigint | undefined>();
  private readonly journal = new Map<bigint, Touched>();
  /** Accounts found below health 1 and not yet back above: re-checked at every head until they are. */
  private readonly unhealthy = new Map<bigint, Set<Address>>();
  private lastFullScan: bigint | undefined;
  private lastHeadAt = 0;
  private lastPassAt = 0;
  /** A head's processing began and did not finish (an RPC failure): it is done again, with a full scan. */
  private unfinished = false;
  /** Whether the pool's allowances of the keeper's own tokens were checked. */
  private prepared = false;
  /** The latest head processed and when, for /health. */
  status: {
    head?: BlockHeader;
    processedAt?: number;
    tracked: Record<string, number>;
    /** What the pass that processed `head` did. */
    report?: Extract<PassReport, { kind: "head" }>;
  } = { tracked: {} };

  private readonly deployment: KeelDeployment;
  private readonly clients: {
    publicClient: PublicClient<Transport, Chain>;
    walletClient: WalletClient<Transport, Chain, Account>;
  };
  private readonly config: KeeperConfig;
  private readonly log: Logger;
  private readonly metrics: KeeperMetrics;

  constructor(
    deployment: KeelDeployment,
    clients: {
      publicClient: PublicClient<Transport, Chain>;
      walletClient: WalletClient<Transport, Chain, Account>;
    },
    config: KeeperConfig,
    log: Logger,
    metrics: KeeperMetrics,
    signedPolicies: readonly { hash: `0x${string}`; policy: Policy; signature: `0x${string}` }[] = [],
  ) {
    this.deployment = deployment;
    this.clients = clients;
    this.config = config;
    this.log = log;
    this.metrics = metrics;
    const { contracts, cdp, periphery } = deployment;
    const followed = [contracts.pool, cdp?.engine, periphery?.policies].filter((a): a is Address => a !== undefined);
    this.follower = new ChainFollower(clients.publicClient, {
      addresses: followed,
      fromBlock: BigInt(deployment.startBlock),
      depth: config.maxReorgDepth,
      logRange: config.logRange,
    });
    this.accounts = new AccountBook(contracts.pool);
    this.vaults = cdp === undefined ? undefined : new VaultBook(cdp.engine);
    this.policies = periphery === undefined ? undefined : new PolicyBook(periphery.policies);
    for (const signed of signedPolicies) this.policies?.add(signed);
    this.routes = new Routes(clients.publicClient, deployment);
    this.sender = new Sender(clients, {
      replaceAfterBlocks: config.replaceAfterBlocks,
      feeBumpBps: config.feeBumpBps,
      reorgDepth: config.maxReorgDepth,
      dryRun: config.dryRun,
      log,
      metrics,
    });
  }

  /** Runs passes until `signal` aborts: at once while behind, else every `pollIntervalMs`; errors are logged and retried. */
  async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      let report: PassReport | undefined;
      try {
        report = await this.pass();
        failures = 0;
        this.lastPassAt = Date.now();
      } catch (error) {
        failures++;
        this.metrics.pollErrors.inc();
        this.log.warn({ err: error, failures }, "pass failed; retrying");
      }
      const behind = report?.kind === "catch-up" || report?.kind === "reorg";
      const backoff =
        failures === 0 ? this.config.pollIntervalMs : Math.min(30_000, this.config.pollIntervalMs * 2 ** failures);
      if (!behind) await sleep(backoff, signal);
    }
  }

  /** One step: follow the chain by one batch of blocks, and act at the new head. */
  async pass(): Promise<PassReport> {
    const advance = await this.follower.advance();
    if (advance.kind === "idle") {
      // A head whose processing failed is processed again, even if no block follows it.
      const head = this.follower.head;
      return this.unfinished && head !== undefined ? this.atHead(head) : { kind: "idle" };
    }
    if (advance.kind === "reorg") return this.rollBack(advance.ancestor, advance.dropped.length);
    this.applyLogs(advance.logs);
    if (advance.blocks.length === 0) return { kind: "catch-up", through: advance.through };
    const head = advance.blocks[advance.blocks.length - 1];
    return this.atHead(head);
  }

  /**
   * Whether the keeper can be trusted: it has processed a head, and its last pass (a new head or an idle
   * look at the chain) succeeded recently. A chain that mines no block (an idle devnet) is not a fault.
   */
  isHealthy(now = Date.now()): boolean {
    const limit = Math.max(30_000, this.config.pollIntervalMs * 10);
    return this.lastHeadAt !== 0 && now - this.lastPassAt < limit;
  }

  private applyLogs(logs: readonly Log[]): void {
    this.accounts.applyLogs(logs);
    this.vaults?.applyLogs(logs);
    this.policies?.applyLogs(logs);
    // The journal: which positions each recent block touched, so a reorg re-reads just those.
    for (const log of logs) {
      if (log.blockNumber === null) continue;
      const entry = this.journal.get(log.blockNumber) ?? { accounts: [], vaults: [] };
      this.journal.set(log.blockNumber, entry);
      const account = touchedAccount(log, this.deployment.contracts.pool);
      if (account !== undefined) entry.accounts.push([account.poolId, account.account]);
      const engine = this.deployment.cdp?.engine;
      const vault = engine === undefined ? undefined : touchedVault(log, engine);
      if (vault !== undefined) entry.vaults.push(vault.vaultId);
    }
  }

  private async rollBack(ancestor: bigint, dropped: number): Promise<PassReport> {
    this.metrics.reorgs.inc();
    this.log.warn({ ancestor, dropped }, "reorg: rolling back to the common ancestor");
    let oldestJournaled: bigint | undefined;
    for (const block of this.journal.keys())
      if (oldestJournaled === undefined || block < oldestJournaled) oldestJournaled = block;
    if (oldestJournaled === undefined || ancestor < oldestJournaled - 1n) {
      // Deeper than the journal: re-read everything.
      this.accounts.markAllStale();
      this.vaults?.markAllStale();
    }
    for (const [block, touched] of this.journal) {
      if (block <= ancestor) continue;
      for (const [poolId, account] of touched.accounts) this.accounts.markStale(poolId, account);
      for (const vaultId of touched.vaults) this.vaults?.markStale(vaultId);
      this.journal.delete(block);
    }
    this.policies?.rollBack(ancestor);
    this.lastFullScan = undefined; // re-check everyone at the next head
    await this.sender.onReorg(ancestor);
    return { kind: "reorg", ancestor, dropped };
  }

  private async atHead(head: BlockHeader): Promise<PassReport> {
    this.unfinished = true;
    try {
      const report = await this.processHead(head);
      this.unfinished = false;
      return report;
    } catch (error) {
      // What this head was to re-read is read again, and every account re-checked, on the next pass.
      this.lastFullScan = undefined;
      throw error;
    }
  }

  private async processHead(head: BlockHeader): Promise<PassReport> {
    const { publicClient } = this.clients;
    for (const block of this.journal.keys()) {
      if (head.number - block > BigInt(this.config.maxReorgDepth)) this.journal.delete(block);
    }
    const outcomes = await this.sender.onBlock(head.number);
    const pools = await Promise.all(
      this.deployment.pools.map((pool) =>
        getPoolSnapshot(publicClient, {
          pool: this.deployment.contracts.pool,
          poolId: BigInt(pool.id),
          blockNumber: head.number,
        }),
      ),
    );
    const stale = this.accounts.takeStale();
    try {
      await this.readAccounts(stale, head);
    } catch (error) {
      for (const { poolId, account } of stale) this.accounts.markStale(poolId, account);
      throw error;
    }
    const fullScan =
      this.lastFullScan === undefined || head.number - this.lastFullScan >= BigInt(this.config.fullScanEveryBlocks);
    if (fullScan) this.lastFullScan = head.number;
    const ctx = await this.jobContext(head, pools);
    if (!this.prepared && this.config.jobs.liquidations) {
      await prepareInventory(ctx, pools);
      this.prepared = true;
    }

    let checked = 0;
    let liquidations = 0;
    for (const pool of pools) {
      const candidates = fullScan ? this.accounts.all(pool.poolId) : this.candidates(pool, stale);
      const snapshots = candidates
        .map(({ account }) => this.accounts.snapshotOf(pool.poolId, account))
        .filter((snapshot): snapshot is AccountSnapshot => snapshot !== undefined);
      const started = performance.now();
      const healths = scanHealth(accruedPool(pool), snapshots);
      this.metrics.scanSeconds.observe((performance.now() - started) / 1000);
      checked += healths.length;
      const unhealthy = healths
        .filter(({ health }) => health !== undefined && health < WAD)
        .map(({ account }) => account);
      this.rememberPrices(pool);
      // Watched until back above 1: a failed or partial liquidation is tried again at the next head.
      this.unhealthy.set(pool.poolId, new Set(unhealthy.map(({ account }) => account)));
      if (this.config.jobs.liquidations && unhealthy.length > 0)
        liquidations += await runLiquidations(ctx, pool, unhealthy);
    }

    let auctionsStarted = 0;
    let auctionActions = 0;
    if (this.vaults !== undefined && this.config.jobs.auctions) {
      const { types, auctions } = await this.readVaults(head);
      auctionsStarted = await startAuctions(ctx, this.vaults.withDebt(), types);
      const gem = this.deployment.cdp?.pegModules[0]?.gem;
      auctionActions = await workAuctions(
        ctx,
        auctions,
        gem === undefined ? undefined : this.deployment.tokens[gem]?.address,
      );
    }
    let policies = 0;
    if (this.policies !== undefined && this.config.jobs.policies) {
      policies = await runPolicies(ctx, this.policies, (policy) => this.debtPrice(pools, policy));
    }

    this.lastHeadAt = Date.now();
    this.status = {
      head,
      processedAt: this.lastHeadAt,
      tracked: { accounts: this.accounts.size, vaults: this.vaults?.size ?? 0, policies: this.policies?.size ?? 0 },
    };
    this.metrics.headBlock.set(Number(head.number));
    this.metrics.lastBlockSeconds.set(Number(head.timestamp));
    this.metrics.blocks.inc();
    for (const [kind, count] of Object.entries(this.status.tracked)) this.metrics.tracked.set({ kind }, count);
    const balance = await publicClient.getBalance({ address: this.sender.address, blockNumber: head.number });
    this.metrics.balanceEth.set(Number(balance) / 1e18);
    const report = {
      kind: "head",
      block: head.number,
      checked,
      liquidations,
      auctionsStarted,
      auctionActions,
      policies,
      outcomes,
    } as const;
    this.status.report = report;
    this.log.debug({ ...report, outcomes: outcomes.length, fullScan }, "head processed");
    return report;
  }

  /** Re-reads these accounts at the head, a chunk at a time. */
  private async readAccounts(stale: readonly { poolId: bigint; account: Address }[], head: BlockHeader): Promise<void> {
    for (let i = 0; i < stale.length; i += READ_CHUNK) {
      const chunk = stale.slice(i, i + READ_CHUNK);
      const snapshots = await Promise.all(
        chunk.map(({ poolId, account }) =>
          getAccountSnapshot(this.clients.publicClient, {
            pool: this.deployment.contracts.pool,
            poolId,
            account,
            blockNumber: head.number,
          }),
        ),
      );
      for (const [j, snapshot] of snapshots.entries()) this.accounts.store(snapshot, chunk[j].poolId);
    }
  }

  /**
   * The accounts a head can have changed the health of: those re-read now, those holding a reserve whose
   * price moved, and those still unhealthy from before (a liquidation that failed or was partial).
   */
  private candidates(pool: PoolSnapshot, reread: readonly { poolId: bigint; account: Address }[]) {
    const moved = pool.reserves
      .filter((reserve) => this.prices.get(`${pool.poolId}:${reserve.index}`) !== (reserve.price ?? reserve.lastPrice))
      .map((reserve) => reserve.index);
    const affected = this.accounts.holding(pool.poolId, moved);
    const seen = new Set(affected.map(({ account }) => account.toLowerCase()));
    const watched = [...(this.unhealthy.get(pool.poolId) ?? [])].map((account) => ({ poolId: pool.poolId, account }));
    for (const entry of [...reread, ...watched]) {
      if (entry.poolId === pool.poolId && !seen.has(entry.account.toLowerCase())) {
        seen.add(entry.account.toLowerCase());
        affected.push(entry);
      }
    }
    return affected;
  }

  private rememberPrices(pool: PoolSnapshot): void {
    for (const reserve of pool.reserves)
      this.prices.set(`${pool.poolId}:${reserve.index}`, reserve.price ?? reserve.lastPrice);
  }

  /** Re-reads stale vaults, every collateral type, and every running auction, at the head. */
  private async readVaults(
    head: BlockHeader,
  ): Promise<{ types: Map<number, CollateralTypeInfo>; auctions: AuctionInfo[] }> {
    const { publicClient } = this.clients;
    const engine = this.deployment.cdp?.engine as Address;
    const vaults = this.vaults as VaultBook;
    const typeList = await Promise.all(
      (this.deployment.cdp?.collateralTypes ?? []).map((type) =>
        getCollateralType(publicClient, { engine, typeId: BigInt(type.id), blockNumber: head.number }),
      ),
    );
    const types = new Map(typeList.map((type) => [Number(type.id), type]));
    const stale = vaults.takeStale();
    try {
      await this.readStaleVaults(stale, head);
    } catch (error) {
      for (const vaultId of stale) vaults.markStale(vaultId);
      throw error;
    }
    const running = await Promise.all(
      vaults.auctionIds().map((vaultId) => getAuction(publicClient, { engine, vaultId, blockNumber: head.number })),
    );
    const auctions: AuctionInfo[] = [];
    vaults.auctionIds().forEach((vaultId, i) => {
      const auction = running[i];
      if (auction === undefined) vaults.forgetAuction(vaultId);
      else auctions.push(auction);
    });
    return { types, auctions };
  }

  /** Re-reads these vaults, and whether each is in auction, at the head. */
  private async readStaleVaults(stale: readonly bigint[], head: BlockHeader): Promise<void> {
    const { publicClient } = this.clients;
    const engine = this.deployment.cdp?.engine as Address;
    const vaults = this.vaults as VaultBook;
    for (let i = 0; i < stale.length; i += READ_CHUNK) {
      const chunk = stale.slice(i, i + READ_CHUNK);
      const read = await Promise.all(
        chunk.map((vaultId) =>
          publicClient.readContract({
            address: engine,
            abi: cdpEngineAbi,
            functionName: "vault",
            args: [vaultId],
            blockNumber: head.number,
          }),
        ),
      );
      for (const [j, vault] of read.entries()) vaults.store(chunk[j], vault);
      // An auction may have begun or ended in blocks a reorg replaced: the engine's word is final.
      const auctions = await Promise.all(
        chunk.map((vaultId) =>
          publicClient.readContract({
            address: engine,
            abi: cdpEngineAbi,
            functionName: "auction",
            args: [vaultId],
            blockNumber: head.number,
          }),
        ),
      );
      for (const [j, auction] of auctions.entries()) {
        if (auction.tab > 0n) vaults.rememberAuction(chunk[j]);
        else vaults.forgetAuction(chunk[j]);
      }
    }
  }

  private async jobContext(head: BlockHeader, pools: readonly PoolSnapshot[]): Promise<JobContext> {
    const weth = this.deployment.tokens.WETH?.address;
    let ethUsd = 0n;
    for (const pool of pools) {
      const reserve = pool.reserves.find((r) => weth !== undefined && isAddressEqual(r.config.asset, weth));
      const price = reserve?.price ?? reserve?.lastPrice;
      if (price !== undefined) {
        ethUsd = (WAD * price) / WAD;
        break;
      }
    }
    if (ethUsd === 0n) this.log.warn("no WETH price in any pool: gas cannot be priced, nothing will be sent");
    const fees = await this.clients.publicClient.estimateFeesPerGas();
    return {
      publicClient: this.clients.publicClient,
      deployment: this.deployment,
      routes: this.routes,
      sender: this.sender,
      config: this.config,
      log: this.log,
      metrics: this.metrics,
      head: { number: head.number, timestamp: head.timestamp },
      ethUsd,
      maxFeePerGas: fees.maxFeePerGas,
    };
  }

  /** The debt asset's price for a pool policy (USD WAD per unit × 1e18); undefined for a vault policy (kUSD). */
  private debtPrice(pools: readonly PoolSnapshot[], policy: Policy): bigint | undefined {
    if (policy.action === 4) return undefined;
    const pool = pools.find((p) => p.poolId === policy.poolId);
    const reserve = pool?.reserves[Number(policy.debtReserve)];
    return reserve?.price ?? reserve?.lastPrice;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
