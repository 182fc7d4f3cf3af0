import { createHash } from "node:crypto";
import { type Advance, type BlockHeader, ChainFollower, isNotFound, type Logger } from "@keel/keeper";
import { cdpEngineAbi, getVaults, type KeelDeployment } from "@keel/sdk";
import { type Address, type Chain, type Hash, type Log, type PublicClient, parseEventLogs, type Transport } from "viem";
import { BlockView, type PinnedBlock } from "./chain/view.ts";
import type { ConditionContext } from "./conditions/context.ts";
import { eventObservations } from "./conditions/events.ts";
import {
  depegObservations,
  priceDropObservations,
  rateSwingObservations,
  utilizationObservations,
} from "./conditions/markets.ts";
import { healthFactorObservations, vaultRatioObservations } from "./conditions/positions.ts";
import { decide } from "./engine/decide.ts";
import type { Samples } from "./engine/samples.ts";
import type { Alert, AlertText } from "./engine/types.ts";
import type { MonitorMetrics } from "./observe/metrics.ts";
import type { ResolvedRule } from "./rules/load.ts";
import { seconds } from "./rules/schema.ts";
import type { BlockChanges, KeyState, Store, StoredAlert } from "./store/store.ts";

const LEVEL = [
  healthFactorObservations,
  vaultRatioObservations,
  priceDropObservations,
  depegObservations,
  rateSwingObservations,
  utilizationObservations,
];

export type MonitorOptions = {
  client: PublicClient<Transport, Chain>;
  deployment: KeelDeployment;
  rules: ResolvedRule[];
  /** Rules that change while the monitor runs (the users', from the app's API), evaluated beside `rules` each pass. */
  userRules?: () => ResolvedRule[];
  store: Store;
  samples: Samples;
  log: Logger;
  metrics: MonitorMetrics;
  /** Deepest reorg handled (blocks of hashes kept); deeper ones restart the view from the ancestor found. */
  reorgDepth: number;
  logRange: number;
};

/** The dedup key of an observation: the rule's template with {rule} and {subject} filled in. */
export function dedupKey(rule: ResolvedRule, subject: string): string {
  return (rule.dedupKey ?? "{rule}:{subject}").replaceAll("{rule}", rule.id).replaceAll("{subject}", subject);
}

/**
 * One pass per new head: follow the chain (reorgs included), read what the rules watch at the head,
 * decide per dedup key whether to alert, and store the block's changes in one transaction. Delivery
 * is the outbox's job; this never waits on a receiver.
 */
export class Monitor {
  private follower!: ChainFollower;
  private states = new Map<string, KeyState>();
  private readonly owned = new Map<Address, Set<bigint>>();
  private chainId = 0;
  /** Where following began when the store had no cursor (the head at start). */
  private startBlock = 0n;
  /** The latest block evaluated, and when (wall clock, for /health). */
  status: { head?: BlockHeader; evaluatedAt?: number; alerts: number } = { alerts: 0 };

  private readonly o: MonitorOptions;

  constructor(options: MonitorOptions) {
    this.o = options;
  }

  /**
   * Loads the stored state and follows on from the stored cursor (its block's hash seeds the follower,
   * so a reorg of it while the monitor was down is seen and rolled back), or from the head when there
   * is none. A store whose anchor block the chain does not have (a devnet started anew, another chain)
   * starts over: its alerts belong to a chain that is gone. A node that does not answer is not taken
   * for another chain: the start fails instead, and nothing is forgotten.
   */
  async init(): Promise<void> {
    const { client, store } = this.o;
    this.chainId = await client.getChainId();
    let cursor = await store.cursor();
    if (cursor !== undefined && !(await this.sameChain(cursor))) {
      this.o.log.warn(
        { anchor: cursor.anchorBlock, hash: cursor.anchorHash },
        "the store belongs to another chain (its first block is not on this one): starting over",
      );
      await store.reset();
      cursor = undefined;
    }
    this.states = await store.states();
    this.o.samples.load(await store.samples());
    const head = await client.getBlockNumber({ cacheTime: 0 });
    const fromBlock = cursor === undefined ? head : cursor.block + 1n;
    await this.loadOwners(cursor === undefined ? head : cursor.block);
    this.startBlock = fromBlock;
    this.follower = this.newFollower(fromBlock, cursor);
    this.o.log.info(
      { fromBlock, resumed: cursor !== undefined, rules: this.o.rules.length },
      "monitor following the chain",
    );
  }

  private async sameChain(cursor: { chainId: number; anchorBlock: bigint; anchorHash: string }): Promise<boolean> {
    if (cursor.chainId !== this.chainId) return false;
    try {
      return (await this.o.client.getBlock({ blockNumber: cursor.anchorBlock })).hash === cursor.anchorHash;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** This pass's rules: the file's, then the users'. */
  private allRules(): ResolvedRule[] {
    return this.o.userRules ? [...this.o.rules, ...this.o.userRules()] : this.o.rules;
  }

  /** The contracts whose logs the rules read. */
  private addresses(): Address[] {
    const { deployment } = this.o;
    const out: Address[] = [deployment.contracts.pool];
    if (deployment.cdp) out.push(deployment.cdp.engine);
    if (deployment.periphery) out.push(deployment.periphery.policies);
    if (deployment.contracts.timelock) out.push(deployment.contracts.timelock);
    return out;
  }

  private async loadOwners(at: bigint, only?: (owner: Address) => boolean): Promise<void> {
    const cdp = this.o.deployment.cdp;
    if (!cdp) return;
    const owners = new Set(this.allRules().flatMap((r) => r.owners));
    for (const owner of owners) {
      if (only && !only(owner)) continue;
      const vaults = await getVaults(this.o.client, {
        engine: cdp.engine,
        owner,
        fromBlock: BigInt(this.o.deployment.startBlock ?? 0),
        blockNumber: at,
      });
      this.owned.set(owner, new Set(vaults.map((v) => v.id)));
    }
  }

  /** Keeps the watched owners' vault ids current from the engine's Open and TransferVault logs. */
  private trackOwners(logs: Log[]): void {
    const engine = this.o.deployment.cdp?.engine;
    if (!engine || this.owned.size === 0) return;
    const mine = logs.filter((l) => l.address.toLowerCase() === engine.toLowerCase());
    for (const e of parseEventLogs({ abi: cdpEngineAbi, logs: mine })) {
      if (e.eventName === "Open") this.owned.get(e.args.owner)?.add(e.args.vaultId);
      if (e.eventName === "TransferVault") {
        this.owned.get(e.args.from)?.delete(e.args.vaultId);
        this.owned.get(e.args.to)?.add(e.args.vaultId);
      }
    }
  }

  /**
   * One step: whatever the follower saw, handled and stored. Returns what it was. A step that fails
   * after the follower moved on (a read failing mid-evaluation) rewinds the follower to the stored
   * cursor, so the next step sees those blocks and their logs again: an outage delays, never skips.
   */
  async pass(): Promise<Advance["kind"]> {
    const advance = await this.follower.advance();
    try {
      if (advance.kind === "reorg") await this.reorg(advance);
      if (advance.kind === "blocks") await this.blocks(advance);
    } catch (error) {
      await this.rewind();
      throw error;
    }
    const head = this.follower.head;
    if (head !== undefined) {
      const confirmed = await this.o.store.confirm(head.number);
      for (const alert of confirmed) this.o.log.info({ alert: alert.id, rule: alert.rule }, "alert confirmed");
    }
    // Only now is the head evaluated in full: its alerts stored, and those it confirms queued.
    if (advance.kind !== "idle") this.status = { ...this.status, head, evaluatedAt: Date.now() };
    return advance.kind;
  }

  private async rewind(): Promise<void> {
    const cursor = await this.o.store.cursor();
    this.follower = this.newFollower(cursor === undefined ? this.startBlock : cursor.block + 1n, cursor);
    if (cursor !== undefined) this.o.samples.dropAbove(cursor.block);
    this.states = await this.o.store.states();
    this.o.samples.takeUnsaved();
  }

  /** A follower from `fromBlock`; `cursor`, the block before it, is checked as the next block's parent. */
  private newFollower(fromBlock: bigint, cursor?: { block: bigint; hash: string; timestamp: bigint }): ChainFollower {
    const after =
      cursor === undefined
        ? undefined
        : {
            number: cursor.block,
            hash: cursor.hash as Hash,
            parentHash: cursor.hash as Hash,
            timestamp: cursor.timestamp,
          };
    return new ChainFollower(this.o.client, {
      addresses: this.addresses(),
      fromBlock,
      depth: this.o.reorgDepth,
      logRange: this.o.logRange,
      after,
    });
  }

  private async reorg(advance: Extract<Advance, { kind: "reorg" }>): Promise<void> {
    const ancestor = await this.o.client.getBlock({ blockNumber: advance.ancestor });
    const retracted = await this.o.store.rollback(
      { number: ancestor.number, hash: ancestor.hash, timestamp: ancestor.timestamp },
      this.chainId,
    );
    this.states = await this.o.store.states();
    this.o.samples.dropAbove(advance.ancestor);
    // Vaults opened or transferred in the dropped blocks may not be where the events said.
    await this.loadOwners(advance.ancestor);
    this.o.metrics.reorgs.inc();
    this.o.metrics.retracted.inc(retracted.length);
    this.o.log.warn(
      { ancestor: advance.ancestor, dropped: advance.dropped.length, retracted: retracted.length },
      "reorg: state rolled back to the common ancestor",
    );
  }

  private async blocks(advance: Extract<Advance, { kind: "blocks" }>): Promise<void> {
    const started = performance.now();
    const last = advance.blocks.at(-1) ?? (await this.o.client.getBlock({ blockNumber: advance.through }));
    const pinned: PinnedBlock = { number: last.number, hash: last.hash, timestamp: last.timestamp };
    this.trackOwners(advance.logs);
    // Owners a rule made since the last pass (a user's vault rule): their vaults as of this block.
    await this.loadOwners(pinned.number, (owner) => !this.owned.has(owner));
    const changes = await this.evaluate(pinned, advance.logs);
    const longest = Math.max(0, ...this.allRules().map(windowOf));
    await this.o.store.commit(this.chainId, changes, {
      block: pinned.number - BigInt(this.o.reorgDepth) - 1n,
      timestamp: pinned.timestamp - BigInt(longest) - 3600n,
    });
    this.o.samples.prune(pinned.timestamp - BigInt(longest) - 3600n);
    for (const [key, { next }] of changes.states) this.states.set(key, next);
    for (const { alert } of changes.alerts) {
      this.o.metrics.alerts.inc({ rule: alert.rule, kind: alert.kind });
      this.o.log.info(
        { alert: alert.id, rule: alert.rule, kind: alert.kind, block: alert.block.number, title: alert.title },
        "alert raised",
      );
    }
    this.status = { ...this.status, alerts: this.status.alerts + changes.alerts.length };
    this.o.metrics.blocks.inc(Math.max(advance.blocks.length, 1));
    this.o.metrics.headBlock.set(Number(pinned.number));
    this.o.metrics.passSeconds.observe((performance.now() - started) / 1000);
  }

  /**
   * A dry run over past blocks: every rule evaluated at each block from `from` to `to` (archive reads),
   * with the same firing rules, starting armed; nothing is stored or delivered. Returns the alerts.
   */
  async replay(from: bigint, to: bigint, onAlert: (alert: Alert) => void): Promise<number> {
    this.chainId = await this.o.client.getChainId();
    await this.loadOwners(from);
    let count = 0;
    for (let n = from; n <= to; n++) {
      const block = await this.o.client.getBlock({ blockNumber: n });
      const logs = await this.o.client.getLogs({ address: this.addresses(), blockHash: block.hash });
      this.trackOwners(logs);
      const changes = await this.evaluate({ number: block.number, hash: block.hash, timestamp: block.timestamp }, logs);
      for (const [key, { next }] of changes.states) this.states.set(key, next);
      for (const { alert } of changes.alerts) {
        onAlert(alert);
        count++;
      }
    }
    return count;
  }

  /** Every rule at `block`, and the one-off events of `logs`: the state changes and alerts they make. */
  async evaluate(block: PinnedBlock, logs: Log[]): Promise<BlockChanges> {
    const view = new BlockView(this.o.client, this.o.deployment, block);
    const ctx: ConditionContext = {
      view,
      samples: this.o.samples,
      vaultsOf: (owner) => [...(this.owned.get(owner) ?? [])],
    };
    const changes: BlockChanges = { block, states: new Map(), alerts: [], samples: [] };
    for (const rule of this.allRules()) {
      // One rule failing (a reverting oracle, a vault cleared after its auction) costs that rule this
      // block, not every rule every block: the pass goes on, and the failure is logged and counted.
      try {
        await this.evaluateRule(rule, ctx, block, logs, changes);
      } catch (error) {
        // A node that does not answer fails the pass (it is retried from the stored cursor, losing
        // nothing); a node that answers has refused this rule's reads only.
        await this.o.client.getBlockNumber({ cacheTime: 0 }).catch(() => {
          throw error;
        });
        this.o.metrics.ruleErrors.inc({ rule: rule.id });
        this.o.log.error({ rule: rule.id, block: block.number, err: errorText(error) }, "rule could not be evaluated");
      }
    }
    changes.samples = this.o.samples.takeUnsaved();
    return changes;
  }

  private async evaluateRule(
    rule: ResolvedRule,
    ctx: ConditionContext,
    block: PinnedBlock,
    logs: Log[],
    changes: BlockChanges,
  ): Promise<void> {
    for (const read of LEVEL) {
      for (const o of await read(rule, ctx)) {
        const key = dedupKey(rule, o.subject);
        const prior = changes.states.get(key)?.next ?? this.states.get(key);
        const decision = decide(o, prior, block.timestamp, rule.cooldownSeconds);
        if (decision.next)
          changes.states.set(key, {
            prior: changes.states.has(key) ? changes.states.get(key)?.prior : this.states.get(key),
            next: decision.next,
          });
        if (decision.emit) {
          const text = await rendered(() => o.render(decision.emit?.escalation ?? 0), rule, o.subject);
          changes.alerts.push(this.stored(rule, key, decision.emit.kind, decision.emit.escalation, text, block));
        }
      }
    }
    for (const o of await eventObservations(rule, logs, ctx)) {
      const key = dedupKey(rule, o.subject);
      const log = logs.find((l) => `${l.transactionHash}:${l.logIndex}` === o.subject);
      const at =
        log?.blockNumber != null && log.blockHash != null
          ? { ...block, number: log.blockNumber, hash: log.blockHash }
          : block;
      changes.alerts.push(this.stored(rule, key, "event", 0, await rendered(o.render, rule, o.subject), at));
    }
  }

  /**
   * An alert with its id: a hash of the chain, the key, the block's hash and the kind, so that replaying
   * a block after a crash gives the same id (stored once), while the block that replaces it in a reorg
   * gives a new one.
   */
  private stored(
    rule: ResolvedRule,
    key: string,
    kind: Alert["kind"],
    escalation: number,
    text: AlertText,
    block: PinnedBlock,
  ): StoredAlert {
    const id = createHash("sha256")
      .update(`${this.chainId}|${rule.id}|${key}|${block.hash}|${kind}|${escalation}`)
      .digest("hex")
      .slice(0, 32);
    const alert: Alert = {
      id,
      key,
      rule: rule.id,
      condition: rule.condition.type,
      severity: rule.severity,
      kind,
      escalation,
      chainId: this.chainId,
      block: { number: block.number.toString(), hash: block.hash, timestamp: block.timestamp.toString() },
      ...text,
    };
    return { alert, confirmations: rule.confirmations, finality: rule.finality, channels: rule.channels };
  }
}

/** The longest window a rule compares over, in seconds (0 for none). */
function windowOf(rule: ResolvedRule): number {
  const c = rule.condition;
  if (c.type === "priceDrop" || c.type === "rateSwing") return seconds(c.window);
  if (c.type === "depeg" && c.window) return seconds(c.window);
  return 0;
}

/**
 * An alert's text; when its figures cannot be read (a price or a pool failing right then), the alert
 * still goes out, saying what fired and why the rest is missing.
 */
async function rendered(render: () => Promise<AlertText>, rule: ResolvedRule, subject: string): Promise<AlertText> {
  try {
    return await render();
  } catch (error) {
    return {
      title: `${rule.condition.type} (${rule.id}) fired for ${subject}`,
      details: [`Its figures could not be read at this block: ${errorText(error)}`],
      fix: [],
      data: { subject },
    };
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split("\n")[0] : String(error);
}
