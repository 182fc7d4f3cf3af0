// An executed operation in plain words, against the pool as it was just before it executed.
import { shortAddress } from "../lib/format.ts";
import { describeCall, type KnownPool, type TimelockOperation } from "../lib/governance.ts";
import { useCollateralTypeName, useDecodedCalls } from "./OperationCard.tsx";
import { usePoolBefore } from "./reads.ts";

export function ExecutedOperation({ op, pools }: { op: TimelockOperation; pools: Map<string, KnownPool> }) {
  const calls = useDecodedCalls(op);
  const typeName = useCollateralTypeName();
  // The first pool the operation changes, as it was before the execution's block (one pool per operation
  // is the rule; a call to another pool is described against that pool as it is now).
  const first = calls.find((c) => c?.kind === "pool");
  const poolId = first?.kind === "pool" ? first.change.poolId : undefined;
  const before = usePoolBefore(poolId, op.executedBlock);
  const then = new Map(pools);
  if (poolId !== undefined && before.data) {
    const known = pools.get(String(poolId));
    if (known) then.set(String(poolId), { ...known, snapshot: before.data });
  }
  return (
    <li data-testid="executed-operation" data-operation={op.id}>
      <p>
        Operation <code title={op.id}>{shortAddress(op.id)}</code>, executed in block {String(op.executedBlock)}
        {poolId !== undefined && before.isError
          ? " (the node keeps no state before it, so values are compared with today's)"
          : ""}
        :
      </p>
      <ul className="gov-calls">
        {op.calls.map((raw, i) => (
          <li key={raw.index} data-testid="change">
            {poolId !== undefined && before.isPending
              ? "Reading the pool before it…"
              : describeCall(calls[i], raw, then, typeName)}
          </li>
        ))}
      </ul>
    </li>
  );
}
