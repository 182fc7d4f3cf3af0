import {
  BaseError,
  BlockNotFoundError,
  ContractFunctionRevertedError,
  ExecutionRevertedError,
  RpcError,
  TransactionNotFoundError,
  TransactionReceiptNotFoundError,
} from "viem";

/**
 * Whether a failed call was the contract refusing (a revert: the opportunity is not there) rather than
 * the network failing.
 */
export function isRevert(error: unknown): boolean {
  return (
    error instanceof BaseError &&
    error.walk((cause) => cause instanceof ContractFunctionRevertedError || cause instanceof ExecutionRevertedError) !==
      null
  );
}

/** Rethrows anything but a revert: a network failure fails the pass, and its head is processed again. */
export function unlessReverted(error: unknown): void {
  if (!isRevert(error)) throw error;
}

/**
 * Whether a node answered, with a JSON-RPC error, rather than the request failing on the way (a timeout,
 * a dropped connection, an HTTP error page): only an answer says what the node did with a transaction.
 */
export function isNodeAnswer(error: unknown): boolean {
  return error instanceof BaseError && error.walk((cause) => cause instanceof RpcError) !== null;
}

/** Whether the node said it has no such block, transaction or receipt (as opposed to not answering). */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof BaseError &&
    error.walk(
      (cause) =>
        cause instanceof BlockNotFoundError ||
        cause instanceof TransactionNotFoundError ||
        cause instanceof TransactionReceiptNotFoundError,
    ) !== null
  );
}
