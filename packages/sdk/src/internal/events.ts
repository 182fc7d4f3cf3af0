import {
  type Abi,
  type Address,
  type ContractEventArgsFromTopics,
  type ContractEventName,
  isAddressEqual,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import { BaseError } from "../errors/base.ts";

/** The decoded arguments of `eventName` in `abi`, typed by the ABI (every indexed and data field). */
export type EventArgs<abi extends Abi, eventName extends ContractEventName<abi>> = ContractEventArgsFromTopics<
  abi,
  eventName,
  true
>;

/** An event to look for: which contract emitted it, decoded with which ABI, with which arguments. */
export type EventQuery<abi extends Abi, eventName extends ContractEventName<abi>> = {
  address: Address;
  abi: abi;
  eventName: eventName;
  /** Arguments the log must carry; addresses compare case-insensitively. */
  match?: Partial<EventArgs<abi, eventName>>;
};

/**
 * The first `eventName` log `address` emitted in `receipt` whose arguments include `match`, or undefined.
 * Events, not the simulation, give the amounts: they are what was executed in the mined block.
 */
export function findContractEvent<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  { address, abi, eventName, match = {} }: EventQuery<abi, eventName>,
): EventArgs<abi, eventName> | undefined {
  // viem's ParseEventLogsReturnType does not narrow by a generic event name; the ABI decoding has
  // already checked every field, so the arguments are exactly EventArgs<abi, eventName>.
  const logs = parseEventLogs({ abi: abi as Abi, logs: receipt.logs, eventName: eventName as string });
  const wanted = Object.entries(match as Record<string, unknown>);
  const log = logs.find((entry) => {
    const args = entry.args as Record<string, unknown>;
    return isAddressEqual(entry.address, address) && wanted.every(([key, value]) => sameValue(args[key], value));
  });
  return log?.args as EventArgs<abi, eventName> | undefined;
}

/** {@link findContractEvent}, throwing when the event is missing. */
export function contractEvent<const abi extends Abi, eventName extends ContractEventName<abi>>(
  receipt: TransactionReceipt,
  query: EventQuery<abi, eventName>,
): EventArgs<abi, eventName> {
  const args = findContractEvent(receipt, query);
  if (!args) throw new BaseError(`The transaction emitted no ${query.eventName} event from ${query.address}.`);
  return args;
}

type PoolEventName = ContractEventName<typeof keelPoolAbi>;

/** The pool's `eventName` log in `receipt` carrying `match` ({@link contractEvent} with the pool's ABI). */
export function poolEvent<eventName extends PoolEventName>(
  receipt: TransactionReceipt,
  pool: Address,
  eventName: eventName,
  match: Partial<EventArgs<typeof keelPoolAbi, eventName>> = {},
): EventArgs<typeof keelPoolAbi, eventName> {
  return contractEvent(receipt, { address: pool, abi: keelPoolAbi, eventName, match });
}

function sameValue(actual: unknown, expected: unknown): boolean {
  return typeof actual === "string" && typeof expected === "string"
    ? actual.toLowerCase() === expected.toLowerCase()
    : actual === expected;
}
