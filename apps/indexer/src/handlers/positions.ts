// One place changes a position: the balances after the event go to the position row and to a
// history row, and the account counts as active that day.
import type { Context } from "ponder:registry";
import { dailyActiveAccount, position, positionChange, protocolDaily } from "ponder:schema";
import type { Address } from "viem";
import { at, bucketStart, DAY, type EventAt, idOf, seqOf } from "../util.ts";

export type PositionDelta = Partial<{
  supplyShares: bigint;
  collateral: bigint;
  debtShares: bigint;
  netSupplied: bigint;
  netBorrowed: bigint;
}>;

export async function changePosition(
  context: Context,
  event: EventAt,
  args: {
    poolId: bigint;
    reserve: number;
    account: Address;
    kind: string;
    caller: Address;
    assets: bigint;
    shares: bigint;
    delta: PositionDelta;
    k?: number;
  },
): Promise<void> {
  const key = { poolId: args.poolId, reserve: args.reserve, account: args.account };
  const before = await context.db.find(position, key);
  const after = {
    supplyShares: (before?.supplyShares ?? 0n) + (args.delta.supplyShares ?? 0n),
    collateral: (before?.collateral ?? 0n) + (args.delta.collateral ?? 0n),
    debtShares: (before?.debtShares ?? 0n) + (args.delta.debtShares ?? 0n),
    netSupplied: (before?.netSupplied ?? 0n) + (args.delta.netSupplied ?? 0n),
    netBorrowed: (before?.netBorrowed ?? 0n) + (args.delta.netBorrowed ?? 0n),
    updatedBlock: event.block.number,
  };
  if (after.supplyShares < 0n || after.collateral < 0n || after.debtShares < 0n) {
    throw new Error(`position ${args.account} in pool ${args.poolId} reserve ${args.reserve} went below zero`);
  }
  if (before) await context.db.update(position, key).set(after);
  else await context.db.insert(position).values({ ...key, ...after });
  await context.db.insert(positionChange).values({
    id: idOf(event, args.k ?? 0),
    seq: seqOf(event, args.k ?? 0),
    ...key,
    kind: args.kind,
    caller: args.caller,
    assets: args.assets,
    shares: args.shares,
    supplyShares: after.supplyShares,
    collateral: after.collateral,
    debtShares: after.debtShares,
    ...at(event),
  });
  await markActive(context, event, args.account);
}

/** Counts `account` once in its day's active accounts. */
export async function markActive(context: Context, event: EventAt, account: Address): Promise<void> {
  const start = bucketStart(event.block.timestamp, DAY);
  const seen = await context.db.find(dailyActiveAccount, { start, account });
  if (seen) return;
  await context.db.insert(dailyActiveAccount).values({ start, account });
  await bumpDay(context, event, { activeAccounts: 1 });
}

type DayCounts = Partial<{
  activeAccounts: number;
  liquidations: number;
  auctionsStarted: number;
  flashLoans: number;
  pegSwaps: number;
}>;

export async function bumpDay(context: Context, event: EventAt, counts: DayCounts): Promise<void> {
  const start = bucketStart(event.block.timestamp, DAY);
  const zero = { activeAccounts: 0, liquidations: 0, auctionsStarted: 0, flashLoans: 0, pegSwaps: 0 };
  await context.db
    .insert(protocolDaily)
    .values({ start, ...zero, ...counts })
    .onConflictDoUpdate((row) => ({
      activeAccounts: row.activeAccounts + (counts.activeAccounts ?? 0),
      liquidations: row.liquidations + (counts.liquidations ?? 0),
      auctionsStarted: row.auctionsStarted + (counts.auctionsStarted ?? 0),
      flashLoans: row.flashLoans + (counts.flashLoans ?? 0),
      pegSwaps: row.pegSwaps + (counts.pegSwaps ?? 0),
    }));
}
