// The block the indexed state is at: Ponder's own checkpoint of the chain, read at most every 250 ms.

import { db } from "ponder:api";
import { sql } from "ponder";

/** The indexed head: its block and Ponder's checkpoint string, which also moves when a block is replaced. */
export type Head = { number: bigint; timestamp: bigint; checkpoint: string };

let cached: { at: number; head: Head } | undefined;

/** Checkpoints are fixed-width decimal strings: 10 digits of timestamp, 16 of chain id, 16 of block number, … */
function decode(checkpoint: string): Head {
  return { timestamp: BigInt(checkpoint.slice(0, 10)), number: BigInt(checkpoint.slice(26, 42)), checkpoint };
}

export async function indexedHead(): Promise<Head> {
  const now = Date.now();
  if (cached && now - cached.at < 250) return cached.head;
  const result = await db.execute(sql`SELECT * FROM _ponder_checkpoint`);
  const rows =
    (result as unknown as { rows: Record<string, string>[] }).rows ?? (result as unknown as Record<string, string>[]);
  const row = rows[0];
  const checkpoint = row?.latest_checkpoint ?? row?.latestCheckpoint;
  const head = checkpoint ? decode(checkpoint) : { number: 0n, timestamp: 0n, checkpoint: "" };
  cached = { at: now, head };
  return head;
}
