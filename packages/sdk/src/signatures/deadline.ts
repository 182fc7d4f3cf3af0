import { getBlock } from "viem/actions";
import type { KeelReadClient } from "../internal/types.ts";

/** How long a signature stays valid when no deadline is given. */
export const DEFAULT_SIGNATURE_LIFETIME = 3600n;

/** The deadline given, or one hour after the latest block (chain time, not the local clock). */
export async function resolveDeadline(client: KeelReadClient, deadline?: bigint): Promise<bigint> {
  if (deadline !== undefined) return deadline;
  const block = await getBlock(client, { blockTag: "latest" });
  return block.timestamp + DEFAULT_SIGNATURE_LIFETIME;
}
