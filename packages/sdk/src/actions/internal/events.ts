import { type Address, isAddressEqual, parseEventLogs, type TransactionReceipt } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import { BaseError } from "../../errors/base.ts";

type PoolEventName = Extract<(typeof keelPoolAbi)[number], { type: "event" }>["name"];

/**
 * The first `eventName` log the pool emitted in `receipt` whose arguments include `match`.
 * Events, not the simulation, give the amounts: they are what was executed in the mined block.
 */
export function poolEvent(
  receipt: TransactionReceipt,
  pool: Address,
  eventName: PoolEventName,
  match: Record<string, unknown> = {},
): Record<string, unknown> {
  const logs = parseEventLogs({ abi: keelPoolAbi, logs: receipt.logs, eventName });
  const log = logs.find(
    (entry) =>
      isAddressEqual(entry.address, pool) &&
      Object.entries(match).every(([key, value]) => {
        const actual = (entry.args as Record<string, unknown>)[key];
        return typeof value === "string" && typeof actual === "string"
          ? actual.toLowerCase() === value.toLowerCase()
          : actual === value;
      }),
  );
  if (!log) throw new BaseError(`The transaction emitted no ${eventName} event from the pool ${pool}.`);
  return log.args as Record<string, unknown>;
}
