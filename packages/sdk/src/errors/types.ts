import type { BaseError } from "./base.ts";
import type { KeelContractError, TransactionRevertedError, UnknownContractError } from "./contract.ts";
import type { RpcRequestError } from "./rpc.ts";

/**
 * What a read can throw. Tell them apart with `instanceof` or `name`:
 * - `KeelContractError`: the contract reverted with a known custom error, decoded, with a sentence;
 * - `UnknownContractError`: it reverted with data no Keel ABI knows;
 * - `RpcRequestError`: the node could not be reached (`retryable`);
 * - `BaseError` (`name` "KeelError"): anything else, such as a missing vault, said in one sentence.
 */
export type KeelReadErrorType = KeelContractError | UnknownContractError | RpcRequestError | BaseError;

/** What a write can throw: a read's errors, and `TransactionRevertedError` for a mined revert. */
export type KeelWriteErrorType = KeelReadErrorType | TransactionRevertedError;
