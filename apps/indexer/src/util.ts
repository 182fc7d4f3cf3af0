// Small helpers the handlers share: ordering keys, time buckets and oracle reads.

import type { Context } from "ponder:registry";
import { iPriceOracleAbi } from "@keel/sdk/abis";
import type { Address, Hex } from "viem";

/** The parts of a Ponder event the helpers read. */
export type EventAt = {
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: Hex };
};

/** Orders history: block × 1e8 + log index × 10 + `k`, the row's place among the rows one log writes. */
export function seqOf(event: EventAt, k = 0): bigint {
  return event.block.number * 100_000_000n + BigInt(event.log.logIndex) * 10n + BigInt(k);
}

/** A history row's id: unique per log and row, readable (`block-log-k`). */
export function idOf(event: EventAt, k = 0): string {
  return `${event.block.number}-${event.log.logIndex}-${k}`;
}

/** Where every history row says it happened. */
export function at(event: EventAt) {
  return { blockNumber: event.block.number, timestamp: event.block.timestamp, transactionHash: event.transaction.hash };
}

export const HOUR = 3600n;
export const DAY = 86_400n;

export function bucketStart(timestamp: bigint, size: bigint): bigint {
  return timestamp - (timestamp % size);
}

/**
 * A Keel price adapter's answer at the event's block (WAD USD per whole token), or null when it
 * reverts: a stale or out-of-bounds feed is a fact to record, not a reason to stop indexing.
 */
export async function readPrice(context: Context, oracle: Address, blockNumber: bigint): Promise<bigint | null> {
  try {
    return await context.client.readContract({
      address: oracle,
      abi: iPriceOracleAbi,
      functionName: "price",
      blockNumber,
    });
  } catch {
    return null;
  }
}

/** Words for a list of field changes: `name: old → new`, or the empty string when nothing changed. */
export function describeChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown>): string {
  if (before === undefined) return "listed";
  return Object.keys(after)
    .filter((key) => String(before[key]) !== String(after[key]))
    .map((key) => `${key}: ${String(before[key])} → ${String(after[key])}`)
    .join("; ");
}
