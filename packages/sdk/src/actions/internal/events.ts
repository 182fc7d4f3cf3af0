import { type Abi, type Address, isAddressEqual, parseEventLogs, type TransactionReceipt } from "viem";
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

type ContractEventQuery = { address: Address; abi: Abi; eventName: string; match?: Record<string, unknown> };

/**
 * The first `eventName` log `address` emitted in `receipt` (decoded with `abi`) whose arguments include
 * `match`, or undefined; for contracts other than the pool.
 */
export function findContractEvent(
  receipt: TransactionReceipt,
  { address, abi, eventName, match = {} }: ContractEventQuery,
): Record<string, unknown> | undefined {
  const logs = parseEventLogs({ abi, logs: receipt.logs, eventName }) as unknown as {
    address: Address;
    args: Record<string, unknown>;
  }[];
  return logs.find(
    (entry) =>
      isAddressEqual(entry.address, address) &&
      Object.entries(match).every(([key, value]) => sameValue(entry.args[key], value)),
  )?.args;
}

/** {@link findContractEvent}, throwing when the event is missing. */
export function contractEvent(receipt: TransactionReceipt, query: ContractEventQuery): Record<string, unknown> {
  const args = findContractEvent(receipt, query);
  if (!args) throw new BaseError(`The transaction emitted no ${query.eventName} event from ${query.address}.`);
  return args;
}

function sameValue(actual: unknown, expected: unknown): boolean {
  return typeof actual === "string" && typeof expected === "string"
    ? actual.toLowerCase() === expected.toLowerCase()
    : actual === expected;
}
