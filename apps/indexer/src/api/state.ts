// Indexed state as of a block: a reserve's totals are those of its last history row at or before the
// block; a position's balances those of its last change. Without a block, the current rows.

import { db } from "ponder:api";
import { position, positionChange, reserve, reserveStateHistory } from "ponder:schema";
import { SharesMathLib } from "@keel/sdk";
import { and, desc, eq, lte } from "ponder";
import { totalsOf, ZERO_TOTALS } from "../handlers/reserves.ts";

export type ReserveRow = typeof reserve.$inferSelect;

/** The reserves of a pool (all pools when `poolId` is undefined), with their totals as of `block`. */
export async function reservesAt(poolId: bigint | undefined, block: bigint | undefined): Promise<ReserveRow[]> {
  const rows = await db
    .select()
    .from(reserve)
    .where(poolId === undefined ? undefined : eq(reserve.poolId, poolId))
    .orderBy(reserve.poolId, reserve.index);
  if (block === undefined) return rows;
  const listed = rows.filter((row) => row.listedBlock <= block);
  return Promise.all(
    listed.map(async (row) => {
      const past = await reserveStateBefore(row, { block });
      const totals = past ? { ...totalsOf(past), borrowRate: past.borrowRate } : { ...ZERO_TOTALS, borrowRate: 0n };
      return { ...row, ...totals, updatedBlock: past?.blockNumber ?? row.listedBlock };
    }),
  );
}

/**
 * A reserve's history row in force at the end of `block`, or at `timestamp`: the last one at or before
 * it. Undefined when the reserve had no event yet.
 */
export async function reserveStateBefore(
  row: { poolId: bigint; index: number },
  at: { block: bigint } | { timestamp: bigint },
) {
  const bound =
    "block" in at
      ? lte(reserveStateHistory.seq, (at.block + 1n) * 100_000_000n - 1n)
      : lte(reserveStateHistory.timestamp, at.timestamp);
  const [past] = await db
    .select()
    .from(reserveStateHistory)
    .where(and(eq(reserveStateHistory.poolId, row.poolId), eq(reserveStateHistory.reserve, row.index), bound))
    .orderBy(
      ...("block" in at
        ? [desc(reserveStateHistory.seq)]
        : [desc(reserveStateHistory.timestamp), desc(reserveStateHistory.seq)]),
    )
    .limit(1);
  return past;
}

export type PositionBalances = {
  poolId: bigint;
  reserve: number;
  supplyShares: bigint;
  collateral: bigint;
  debtShares: bigint;
};

/** An account's non-empty positions as of `block`. */
export async function positionsAt(
  account: `0x${string}`,
  block: bigint | undefined,
): Promise<(PositionBalances & { netSupplied?: bigint; netBorrowed?: bigint })[]> {
  if (block === undefined) {
    const rows = await db
      .select()
      .from(position)
      .where(eq(position.account, account))
      .orderBy(position.poolId, position.reserve);
    return rows.filter((r) => r.supplyShares !== 0n || r.collateral !== 0n || r.debtShares !== 0n);
  }
  const changes = await db
    .select()
    .from(positionChange)
    .where(and(eq(positionChange.account, account), lte(positionChange.seq, (block + 1n) * 100_000_000n - 1n)))
    .orderBy(positionChange.seq);
  const latest = new Map<string, PositionBalances>();
  for (const change of changes) {
    latest.set(`${change.poolId}:${change.reserve}`, {
      poolId: change.poolId,
      reserve: change.reserve,
      supplyShares: change.supplyShares,
      collateral: change.collateral,
      debtShares: change.debtShares,
    });
  }
  return [...latest.values()].filter((r) => r.supplyShares !== 0n || r.collateral !== 0n || r.debtShares !== 0n);
}

/** Supply in assets (rounded down, as a withdrawal would pay) and debt in assets (rounded up, as owed). */
export function positionAssets(p: PositionBalances, r: ReserveRow) {
  return {
    supplyAssets: SharesMathLib.toAssetsDown(p.supplyShares, r.totalSupplyAssets, r.totalSupplyShares),
    debtAssets: SharesMathLib.toAssetsUp(p.debtShares, r.totalBorrowAssets, r.totalBorrowShares),
  };
}
