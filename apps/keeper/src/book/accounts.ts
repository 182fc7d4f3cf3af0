import {
  type AccountSnapshot,
  expectedReserveState,
  healthFactor,
  keelPoolAbi,
  type PoolSnapshot,
  valueAccount,
} from "@keel/sdk";
import { type Address, decodeEventLog, isAddressEqual, type Log } from "viem";

/** An account of one pool, as the keeper follows it. */
export type TrackedAccount = { poolId: bigint; account: Address };

const key = (poolId: bigint, account: Address) => `${poolId}:${account.toLowerCase()}`;

/**
 * The money-market accounts the keeper follows, without an indexer. The pool's events name every account
 * whose collateral or debt moved; each such account is marked stale, re-read at the next head, and kept
 * with its positions in memory. An index from each (pool, reserve) to the accounts holding collateral or
 * debt in it tells which accounts a price change can touch, so only those are re-checked; a full scan on
 * a schedule catches interest creeping up on everyone.
 */
export class AccountBook {
  private readonly accounts = new Map<string, { tracked: TrackedAccount; snapshot?: AccountSnapshot }>();
  /** `poolId:reserve` → keys of the accounts with collateral or debt in that reserve. */
  private readonly holders = new Map<string, Set<string>>();
  private readonly stale = new Set<string>();

  private readonly pool: Address;

  constructor(pool: Address) {
    this.pool = pool;
  }

  get size(): number {
    return this.accounts.size;
  }

  /** Marks the accounts whose positions these logs changed; returns how many. */
  applyLogs(logs: readonly Log[]): number {
    let touched = 0;
    for (const log of logs) {
      const account = touchedAccount(log, this.pool);
      if (account === undefined) continue;
      this.markStale(account.poolId, account.account);
      touched++;
    }
    return touched;
  }

  markStale(poolId: bigint, account: Address): void {
    const k = key(poolId, account);
    if (!this.accounts.has(k)) this.accounts.set(k, { tracked: { poolId, account } });
    this.stale.add(k);
  }

  /** Every account is re-read at the next head (after a restart or a reorg deeper than the journal). */
  markAllStale(): void {
    for (const k of this.accounts.keys()) this.stale.add(k);
  }

  /** The accounts to re-read, and forgets that they were stale. */
  takeStale(): TrackedAccount[] {
    const out = [...this.stale].map((k) => this.accounts.get(k)?.tracked).filter((t) => t !== undefined);
    this.stale.clear();
    return out;
  }

  /** Stores a fresh read; an account left with neither collateral nor debt is forgotten. */
  store(snapshot: AccountSnapshot, poolId: bigint): void {
    const k = key(poolId, snapshot.account);
    for (const holders of this.holders.values()) holders.delete(k);
    const held = snapshot.positions
      .map((position, reserve) => ({ reserve, held: position.collateral > 0n || position.debtShares > 0n }))
      .filter((entry) => entry.held);
    if (held.length === 0) {
      this.accounts.delete(k);
      return;
    }
    this.accounts.set(k, { tracked: { poolId, account: snapshot.account }, snapshot });
    for (const { reserve } of held) {
      const reserveKey = `${poolId}:${reserve}`;
      if (!this.holders.has(reserveKey)) this.holders.set(reserveKey, new Set());
      this.holders.get(reserveKey)?.add(k);
    }
  }

  /** The accounts holding collateral or debt in any of these reserves of a pool. */
  holding(poolId: bigint, reserves: Iterable<number>): TrackedAccount[] {
    const keys = new Set<string>();
    for (const reserve of reserves) for (const k of this.holders.get(`${poolId}:${reserve}`) ?? []) keys.add(k);
    return [...keys].map((k) => this.accounts.get(k)?.tracked).filter((t) => t !== undefined);
  }

  all(poolId?: bigint): TrackedAccount[] {
    return [...this.accounts.values()]
      .map((entry) => entry.tracked)
      .filter((tracked) => poolId === undefined || tracked.poolId === poolId);
  }

  snapshotOf(poolId: bigint, account: Address): AccountSnapshot | undefined {
    return this.accounts.get(key(poolId, account))?.snapshot;
  }
}

/** The account whose collateral or debt a log of `pool` says has changed, if it says so. */
export function touchedAccount(log: Log, pool: Address): TrackedAccount | undefined {
  if (!isAddressEqual(log.address, pool)) return undefined;
  let decoded: ReturnType<typeof decodeEventLog<typeof keelPoolAbi>>;
  try {
    decoded = decodeEventLog({ abi: keelPoolAbi, data: log.data, topics: log.topics });
  } catch {
    return undefined;
  }
  switch (decoded.eventName) {
    case "SupplyCollateral":
    case "WithdrawCollateral":
    case "Borrow":
    case "Repay":
      return { poolId: decoded.args.poolId, account: decoded.args.onBehalf };
    case "Liquidate":
    case "RealizeBadDebt":
      return { poolId: decoded.args.poolId, account: decoded.args.borrower };
    default:
      return undefined;
  }
}

/**
 * The pool with every reserve's interest accrued to the snapshot's timestamp, computed once, so that each
 * account's health is a handful of multiplications (what `accountHealthFactor` computes, without redoing
 * the accrual per account).
 */
export function accruedPool(pool: PoolSnapshot): PoolSnapshot {
  return {
    ...pool,
    reserves: pool.reserves.map((reserve) => ({ ...reserve, state: expectedReserveState(reserve, pool.timestamp) })),
  };
}

/**
 * The health factor of each account, as the pool's `healthFactor` view computes it at `accrued`'s
 * timestamp (collateral at its live price, else its last; debt at its last reported price when the live
 * one fails). An account whose debt has no price at all is reported with `undefined`.
 */
export function scanHealth(
  accrued: PoolSnapshot,
  accounts: readonly AccountSnapshot[],
): { account: AccountSnapshot; health: bigint | undefined }[] {
  return accounts.map((account) => {
    try {
      const { health } = valueAccount(accrued, account, { accrue: false, strictDebt: false });
      return { account, health: healthFactor(health) };
    } catch {
      return { account, health: undefined };
    }
  });
}
