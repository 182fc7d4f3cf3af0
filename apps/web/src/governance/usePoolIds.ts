import { decodeGovernanceCall, governanceTargets } from "@keel/sdk";
import { useAppConfig } from "../chain/context.tsx";
import type { TimelockOperation } from "../lib/governance.ts";

/** The pools the operations' calls change, by id. */
export function useDecodedPoolIds(operations: TimelockOperation[]): bigint[] {
  const { deployment } = useAppConfig();
  const targets = governanceTargets(deployment);
  const ids = new Set<bigint>();
  for (const op of operations)
    for (const call of op.calls) {
      const decoded = decodeGovernanceCall(targets, call.target, call.data);
      if (decoded?.kind === "pool") ids.add(decoded.change.poolId);
    }
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
