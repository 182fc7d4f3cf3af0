// Governance in words and figures: a timelock's operations folded from its events, each queued call
// decoded with the SDK (`decodeGovernanceCall`) into a sentence, and an account's health factor now and
// once the operation executes, with the SDK's math on a copy of the pool with the change applied
// (`applyPoolChange`, the same code the monitor's governance alerts use).
import {
  type AccountSnapshot,
  accountHealth,
  accountMasks,
  applyPoolChange,
  formatBps,
  formatHealthFactor,
  type GovernanceCall,
  healthFactor,
  type PoolParameterChange,
  type PoolSnapshot,
  poolChangeTouches,
  type ReserveConfigChange,
  reserveConfigChanges,
  WAD,
} from "@keel/sdk";
import type { Address, Hex } from "viem";
import { shortAddress } from "./format.ts";

/** One call of an operation, as `CallScheduled` (or the indexer) gives it. */
export type OperationCall = { index: number; target: Address; value: bigint; data: Hex };

export type OperationStatus = "waiting" | "ready" | "executed" | "cancelled";

/** A timelock operation: its calls, when it was queued, from when it may execute, and what became of it. */
export type TimelockOperation = {
  timelock: Address;
  id: Hex;
  calls: OperationCall[];
  /** Seconds between scheduling and the earliest execution. */
  delay: bigint;
  scheduledBlock: bigint;
  /** Chain time (unix seconds) from which it may execute. */
  readyAt: bigint;
  status: OperationStatus;
  executedBlock?: bigint;
  cancelledBlock?: bigint;
};

/** The fields of the timelock's events the fold needs (viem's decoded logs have them). */
export type TimelockEvent =
  | {
      eventName: "CallScheduled";
      address: Address;
      blockNumber: bigint;
      args: { id: Hex; index: bigint; target: Address; value: bigint; data: Hex; delay: bigint };
    }
  | { eventName: "CallExecuted"; address: Address; blockNumber: bigint; args: { id: Hex } }
  | { eventName: "Cancelled"; address: Address; blockNumber: bigint; args: { id: Hex } };

/**
 * Every operation of the timelocks' events, in the order they were queued. `blockTime` gives a block's
 * timestamp (an operation is ready at its scheduling block's time plus its delay, as the timelock
 * computes it); `now` is the chain's time, which decides between waiting and ready.
 */
export function foldTimelockEvents(
  events: TimelockEvent[],
  blockTime: (block: bigint) => bigint,
  now: bigint,
): TimelockOperation[] {
  const operations = new Map<string, TimelockOperation>();
  const key = (timelock: Address, id: Hex) => `${timelock.toLowerCase()}:${id}`;
  for (const e of events) {
    const k = key(e.address, e.args.id);
    if (e.eventName === "CallScheduled") {
      const call = { index: Number(e.args.index), target: e.args.target, value: e.args.value, data: e.args.data };
      const existing = operations.get(k);
      // An operation cancelled, then scheduled again, starts afresh.
      if (existing && existing.status !== "cancelled" && existing.scheduledBlock === e.blockNumber) {
        existing.calls.push(call);
        continue;
      }
      operations.set(k, {
        timelock: e.address,
        id: e.args.id,
        calls: [call],
        delay: e.args.delay,
        scheduledBlock: e.blockNumber,
        readyAt: blockTime(e.blockNumber) + e.args.delay,
        status: "waiting",
      });
    } else {
      const op = operations.get(k);
      if (op === undefined) continue;
      if (e.eventName === "CallExecuted") {
        op.status = "executed";
        op.executedBlock = e.blockNumber;
      } else {
        op.status = "cancelled";
        op.cancelledBlock = e.blockNumber;
      }
    }
  }
  const out = [...operations.values()];
  for (const op of out) {
    op.calls.sort((a, b) => a.index - b.index);
    if (op.status === "waiting" && op.readyAt <= now) op.status = "ready";
  }
  return out.sort((a, b) => (a.scheduledBlock < b.scheduledBlock ? -1 : a.scheduledBlock > b.scheduledBlock ? 1 : 0));
}

/** "1 h 20 min", "3 d 2 h", "45 s": a duration of chain time, to the minute beyond a minute. */
export function duration(seconds: bigint): string {
  const s = Number(seconds < 0n ? -seconds : seconds);
  if (s < 60) return `${s} s`;
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const parts = [days && `${days} d`, hours && `${hours} h`, !days && minutes && `${minutes} min`].filter(Boolean);
  return parts.join(" ");
}

/** Chain time in UTC, to the minute. */
export const utcMinute = (seconds: bigint) =>
  `${new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** When the operation may execute, in words: from a time, and how far that is in chain time. */
export function whenExecutable(readyAt: bigint, now: bigint): string {
  if (readyAt <= now)
    return `executable now (since ${utcMinute(readyAt)}, ${duration(now - readyAt)} ago in chain time)`;
  return `executable from ${utcMinute(readyAt)}, i.e. in ${duration(readyAt - now)} of chain time`;
}

/** "Core pool", "WBTC / USDC pool". */
export const poolTitle = (name: string) => (/pool$/i.test(name) ? name : `${name} pool`);

const yesNo = (on: boolean) => (on ? "yes" : "no");

const FIELD_WORDS: Record<ReserveConfigChange["field"], string> = {
  liquidationThresholdBps: "liquidation threshold",
  ltvBps: "LTV",
  eModeCategory: "e-mode category",
  maxLiquidationBonusBps: "maximum liquidation bonus",
  reserveFactorBps: "reserve factor",
  liquidationFeeBps: "liquidation fee",
  supplyCap: "supply cap",
  borrowCap: "borrow cap",
  collateral: "new collateral allowed",
  borrowable: "borrowing allowed",
  frozen: "frozen",
  paused: "paused",
  oracle: "price oracle",
  irm: "rate model",
  asset: "token",
};

function changeWords(c: ReserveConfigChange): string {
  const what = FIELD_WORDS[c.field];
  switch (c.field) {
    case "liquidationThresholdBps":
    case "ltvBps":
    case "maxLiquidationBonusBps":
    case "reserveFactorBps":
    case "liquidationFeeBps":
      return `${what} ${bps(c.before)} → ${bps(c.after)}`;
    case "eModeCategory":
    case "supplyCap":
    case "borrowCap":
      return `${what} ${c.before.toLocaleString("en-US")} → ${c.after.toLocaleString("en-US")}`;
    case "collateral":
    case "borrowable":
    case "frozen":
    case "paused":
      return `${what}: ${yesNo(c.before)} → ${yesNo(c.after)}`;
    default:
      return `${what} ${shortAddress(c.before)} → ${shortAddress(c.after)}`;
  }
}

/** 8250 → "82.5%", 7838 → "78.38%", 7500 → "75%": basis points as the monitor's alerts write them. */
export const bps = (value: number | bigint) => formatBps(value).replace(/\.?0+%$/, "%");

const symbolOf = (pool: PoolSnapshot, index: number) => pool.reserves[index]?.symbol ?? `reserve ${index}`;

/**
 * A pool change in plain words against the pool as it is: "Core pool: WETH liquidation threshold
 * 82.5% → 78.38%, WETH LTV 80% → 75.38%". Undefined when the pool has no such reserve (the contract
 * would refuse the call).
 */
export function describePoolChange(
  pool: PoolSnapshot,
  poolName: string,
  change: PoolParameterChange,
): string | undefined {
  const after = applyPoolChange(pool, change);
  if (after === undefined) return undefined;
  const title = poolTitle(poolName);
  if (change.kind === "setEMode") {
    const before = pool.eModes[change.category];
    const p = change.params;
    const from = (x: number | undefined) => (x === undefined ? "unset" : bps(x));
    const parts = [
      `LTV ${from(before?.ltvBps)} → ${bps(p.ltvBps)}`,
      `liquidation threshold ${from(before?.liquidationThresholdBps)} → ${bps(p.liquidationThresholdBps)}`,
      `maximum liquidation bonus ${from(before?.maxLiquidationBonusBps)} → ${bps(p.maxLiquidationBonusBps)}`,
    ].filter((_, i) => {
      const keys = ["ltvBps", "liquidationThresholdBps", "maxLiquidationBonusBps"] as const;
      return before === undefined || before[keys[i]] !== p[keys[i]];
    });
    return `${title}: e-mode category ${change.category} ${parts.length ? parts.join(", ") : "set to what it already is"}`;
  }
  const symbol = symbolOf(pool, change.reserve);
  const diffs = reserveConfigChanges(pool.reserves[change.reserve].config, after.reserves[change.reserve].config);
  if (diffs.length === 0) return `${title}: ${symbol} set to the configuration it already has (no change)`;
  return `${title}: ${diffs.map((d) => `${symbol} ${changeWords(d)}`).join(", ")}`;
}

/** A pool the page knows: its name from the manifest and its snapshot at the page's block. */
export type KnownPool = { name: string; snapshot: PoolSnapshot | undefined };

/** A decoded call in words; `pools` are the manifest's pools by id, with snapshots where read. */
export function describeCall(
  call: GovernanceCall | undefined,
  raw: OperationCall,
  pools: Map<string, KnownPool>,
  collateralTypeName: (typeId: bigint) => string,
): string {
  if (call === undefined)
    return `A call to ${raw.target}, which is not one of this deployment's contracts (data ${raw.data.slice(0, 10)}…)`;
  if (call.kind === "pool") {
    const known = pools.get(String(call.change.poolId));
    if (known === undefined)
      return `Pool ${call.change.poolId}, which this deployment does not list: ${call.functionName}`;
    if (known.snapshot === undefined) return `${poolTitle(known.name)}: ${call.functionName} (reading the pool…)`;
    return (
      describePoolChange(known.snapshot, known.name, call.change) ??
      `${poolTitle(known.name)}: ${call.functionName} of a reserve the pool does not have (it would be refused)`
    );
  }
  if (call.kind === "collateralType") {
    const p = call.params;
    return `kUSD collateral type ${collateralTypeName(call.typeId)}: minimum ratio ${bps(p.minRatioBps)}, liquidation penalty ${bps(p.liquidationPenaltyBps)}, keeper fee ${bps(p.keeperFeeBps)} (new parameters)`;
  }
  const contract = { configurator: "Configurator", pool: "Pool", engine: "kUSD engine" }[call.contract];
  const args = call.args.map((a) => (typeof a === "string" && a.startsWith("0x") ? shortAddress(a) : String(a)));
  return `${contract}: ${call.functionName}(${args.join(", ")})`;
}

/** The pool changes of an operation's calls, for one pool, in call order. */
export function poolChangesOf(calls: (GovernanceCall | undefined)[], poolId: bigint): PoolParameterChange[] {
  return calls.flatMap((c) => (c?.kind === "pool" && c.change.poolId === poolId ? [c.change] : []));
}

/** An account's health factor in one pool now and once an operation's changes to that pool execute. */
export type PositionEffect = {
  poolId: bigint;
  /** WAD; MAX_UINT256 without debt. */
  before: bigint;
  after: bigint;
  /** The account can be liquidated once the operation executes (and not before). */
  becomesLiquidatable: boolean;
  liquidatableNow: boolean;
};

/**
 * What an operation's changes to one pool do to an account there: undefined when the account has no
 * debt or none of the changes touches it (a change valid against the pool as it is, applied in order).
 */
export function positionEffect(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  changes: PoolParameterChange[],
): PositionEffect | undefined {
  if (accountMasks(account).debtMask === 0) return undefined;
  if (!changes.some((c) => poolChangeTouches(pool, c, account))) return undefined;
  let changed = pool;
  for (const c of changes) changed = applyPoolChange(changed, c) ?? changed;
  const before = healthFactor(accountHealth(pool, account));
  const after = healthFactor(accountHealth(changed, account));
  return {
    poolId: pool.poolId,
    before,
    after,
    liquidatableNow: before < WAD,
    becomesLiquidatable: before >= WAD && after < WAD,
  };
}

/** "1.05 → 0.99: can be liquidated once it executes". */
export function effectWords(effect: PositionEffect): string {
  const figures = `${formatHealthFactor(effect.before)} → ${formatHealthFactor(effect.after)}`;
  if (effect.becomesLiquidatable) return `${figures}: can be liquidated once it executes`;
  if (effect.liquidatableNow) return `${figures}: can already be liquidated`;
  if (effect.after < effect.before) return `${figures}: lower, still above 1`;
  if (effect.after > effect.before) return `${figures}: higher`;
  return `${figures}: unchanged`;
}
