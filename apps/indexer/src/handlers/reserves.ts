// One place changes a reserve: it loads the row, applies a state transition computed with the SDK's
// math (the contracts' own, to the wei), and writes the reserve, a history row with the totals after
// the event, and the hourly and daily buckets.
import type { Context } from "ponder:registry";
import { reserve, reserveDaily, reserveHourly, reserveStateHistory } from "ponder:schema";
import { bucketStart, DAY, type EventAt, HOUR, idOf, readPrice, seqOf } from "../util.ts";

/** The accounting part of a reserve row, as the pool's ReserveState (without clock and remainder). */
export type Totals = {
  totalSupplyAssets: bigint;
  totalSupplyShares: bigint;
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
  totalCollateral: bigint;
  treasuryCollateral: bigint;
  treasuryShares: bigint;
};

/** What an event adds to the bucket's volumes. */
export type Volumes = Partial<{
  supplied: bigint;
  withdrawn: bigint;
  borrowed: bigint;
  repaid: bigint;
  interest: bigint;
  feeShares: bigint;
  liquidated: bigint;
}>;

export type ReserveRow = typeof reserve.$inferSelect;

const WAD = 10n ** 18n;

/** A reserve's totals before anything happened to it. */
export const ZERO_TOTALS: Totals = {
  totalSupplyAssets: 0n,
  totalSupplyShares: 0n,
  totalBorrowAssets: 0n,
  totalBorrowShares: 0n,
  totalCollateral: 0n,
  treasuryCollateral: 0n,
  treasuryShares: 0n,
};

/** The totals of a reserve row or of a history row (the same fields). */
export function totalsOf(row: Totals): Totals {
  return {
    totalSupplyAssets: row.totalSupplyAssets,
    totalSupplyShares: row.totalSupplyShares,
    totalBorrowAssets: row.totalBorrowAssets,
    totalBorrowShares: row.totalBorrowShares,
    totalCollateral: row.totalCollateral,
    treasuryCollateral: row.treasuryCollateral,
    treasuryShares: row.treasuryShares,
  };
}

/** Borrowed over supplied, WAD, rounded down and capped at 1 (as the rate models compute it). */
export function utilizationOf(totals: Pick<Totals, "totalSupplyAssets" | "totalBorrowAssets">): bigint {
  if (totals.totalSupplyAssets === 0n) return 0n;
  const u = (totals.totalBorrowAssets * WAD) / totals.totalSupplyAssets;
  return u > WAD ? WAD : u;
}

export async function loadReserve(context: Context, poolId: bigint, index: number): Promise<ReserveRow> {
  const row = await context.db.find(reserve, { poolId, index: Number(index) });
  if (!row) throw new Error(`pool ${poolId} reserve ${index} changed before it was configured`);
  return row;
}

/**
 * Applies `change` to a reserve's totals at `event` and records the result. `k` tells apart the rows
 * one log writes (a liquidation touches two reserves). Extra fields (rate, running sums) merge in.
 */
export async function changeReserve(
  context: Context,
  event: EventAt,
  args: {
    poolId: bigint;
    index: number;
    name: string;
    k?: number;
    change: (totals: Totals, row: ReserveRow) => Totals;
    extra?: (row: ReserveRow) => Partial<ReserveRow>;
    volumes?: Volumes;
  },
): Promise<ReserveRow> {
  const row = await loadReserve(context, args.poolId, args.index);
  const totals = args.change(totalsOf(row), row);
  const extra = args.extra?.(row) ?? {};
  const updated: ReserveRow = { ...row, ...totals, ...extra, updatedBlock: event.block.number };
  await context.db
    .update(reserve, { poolId: args.poolId, index: args.index })
    .set({ ...totals, ...extra, updatedBlock: event.block.number });
  await context.db.insert(reserveStateHistory).values({
    id: idOf(event, args.k ?? 0),
    seq: seqOf(event, args.k ?? 0),
    poolId: args.poolId,
    reserve: args.index,
    event: args.name,
    ...totals,
    borrowRate: updated.borrowRate,
    blockNumber: event.block.number,
    timestamp: event.block.timestamp,
  });
  await recordBuckets(context, event, updated, args.volumes ?? {});
  return updated;
}

/**
 * Upserts the hour and day this event falls in: totals at the close, volumes added up. The reserve's
 * price is read once an hour, at the hour's first event, and each bucket keeps the price it opened with.
 */
async function recordBuckets(context: Context, event: EventAt, row: ReserveRow, volumes: Volumes): Promise<void> {
  const hour = bucketStart(event.block.timestamp, HOUR);
  let price = row.price;
  if (row.priceAt === null || row.priceAt < hour) {
    price = await readPrice(context, row.oracle, event.block.number);
    await context.db
      .update(reserve, { poolId: row.poolId, index: row.index })
      .set({ price, priceBlock: event.block.number, priceAt: event.block.timestamp });
  }
  const close = {
    totalSupplyAssets: row.totalSupplyAssets,
    totalSupplyShares: row.totalSupplyShares,
    totalBorrowAssets: row.totalBorrowAssets,
    totalBorrowShares: row.totalBorrowShares,
    totalCollateral: row.totalCollateral,
    utilization: utilizationOf(row),
    borrowRate: row.borrowRate,
  };
  const v = (name: keyof Volumes) => volumes[name] ?? 0n;
  const first = {
    ...close,
    price,
    supplied: v("supplied"),
    withdrawn: v("withdrawn"),
    borrowed: v("borrowed"),
    repaid: v("repaid"),
    interest: v("interest"),
    feeShares: v("feeShares"),
    liquidated: v("liquidated"),
    events: 1,
  };
  for (const [table, start] of [
    [reserveHourly, hour],
    [reserveDaily, bucketStart(event.block.timestamp, DAY)],
  ] as const) {
    await context.db
      .insert(table)
      .values({ poolId: row.poolId, reserve: row.index, start, ...first })
      .onConflictDoUpdate((bucket) => ({
        ...close,
        supplied: bucket.supplied + v("supplied"),
        withdrawn: bucket.withdrawn + v("withdrawn"),
        borrowed: bucket.borrowed + v("borrowed"),
        repaid: bucket.repaid + v("repaid"),
        interest: bucket.interest + v("interest"),
        feeShares: bucket.feeShares + v("feeShares"),
        liquidated: bucket.liquidated + v("liquidated"),
        events: bucket.events + 1,
      }));
  }
}
