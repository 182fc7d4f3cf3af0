// The timelock that owns the configurator (and the kUSD engine) once governance is handed over:
// operations as they are queued, executed or cancelled, each call decoded against Keel's ABIs.

import { ponder } from "ponder:registry";
import { governanceCall, governanceOperation } from "ponder:schema";
import { cdpEngineAbi, keelConfiguratorAbi, keelPoolAbi, kusdAbi, pegStabilityModuleAbi } from "@keel/sdk/abis";
import { type Abi, decodeFunctionData, type Hex } from "viem";

const KNOWN: [string, Abi][] = [
  ["KeelConfigurator", keelConfiguratorAbi],
  ["KeelPool", keelPoolAbi],
  ["CdpEngine", cdpEngineAbi],
  ["PegStabilityModule", pegStabilityModuleAbi],
  ["Kusd", kusdAbi],
];

const json = (value: unknown) => JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v));

/** `Contract.function(args)` for a call data Keel knows, or null. */
export function decodeCall(data: Hex): string | null {
  for (const [name, abi] of KNOWN) {
    try {
      const { functionName, args } = decodeFunctionData({ abi, data });
      return `${name}.${functionName}(${(args ?? []).map(json).join(", ")})`;
    } catch {
      // not this contract's
    }
  }
  return null;
}

ponder.on("Timelock:CallScheduled", async ({ event, context }) => {
  const { id, index, target, value, data, delay } = event.args;
  await context.db
    .insert(governanceOperation)
    .values({
      id,
      status: "queued",
      calls: 1,
      delay,
      readyAt: event.block.timestamp + delay,
      queuedBlock: event.block.number,
    })
    .onConflictDoUpdate((row) => ({ calls: row.calls + 1 }));
  await context.db.insert(governanceCall).values({
    id: `${id}-${index}`,
    timelockOperation: id,
    index: Number(index),
    target,
    value,
    data,
    decoded: decodeCall(data),
  });
});

ponder.on("Timelock:CallSalt", async ({ event, context }) => {
  const row = await context.db.find(governanceOperation, { id: event.args.id });
  if (row) await context.db.update(governanceOperation, { id: event.args.id }).set({ salt: event.args.salt });
});

ponder.on("Timelock:CallExecuted", async ({ event, context }) => {
  const row = await context.db.find(governanceOperation, { id: event.args.id });
  if (row) {
    await context.db
      .update(governanceOperation, { id: event.args.id })
      .set({ status: "executed", executedBlock: event.block.number });
  }
});

ponder.on("Timelock:Cancelled", async ({ event, context }) => {
  const row = await context.db.find(governanceOperation, { id: event.args.id });
  if (row) {
    await context.db
      .update(governanceOperation, { id: event.args.id })
      .set({ status: "cancelled", cancelledBlock: event.block.number });
  }
});
