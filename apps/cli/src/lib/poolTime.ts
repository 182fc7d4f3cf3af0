import type { PoolSnapshot } from "@keel/sdk";
import type { KeelContext } from "./context.ts";

/**
 * "max" amounts that interest can shrink (a borrow, a collateral withdrawal) are sized this many seconds
 * after the transaction's expected block, so the interest accrued before it is mined cannot make them fail.
 */
export const MAX_SAFETY_SECONDS = 60n;

/**
 * When a transaction sent now is expected to be mined: the pending block's timestamp (what the node
 * would stamp on a block it built now), and at least one second after the latest block.
 *
 * The latest block can be far older than that: a devnet mines only when a transaction arrives, and a
 * real chain's last block is up to a slot old. Interest accrues by the second whether blocks are mined
 * or not, so a preview at the latest block's time understates what a withdrawal of every share pays
 * (it showed 999.999999 USDC where the Withdraw event said 1,000) and overstates what a borrow may take.
 * A node that cannot build a pending block falls back to one second after the latest.
 */
export async function expectedBlockTime(
  context: Pick<KeelContext, "publicClient">,
  pool: PoolSnapshot,
): Promise<bigint> {
  const earliest = pool.timestamp + 1n;
  try {
    const pending = await context.publicClient.getBlock({ blockTag: "pending" });
    return pending.timestamp > earliest ? pending.timestamp : earliest;
  } catch {
    return earliest;
  }
}
