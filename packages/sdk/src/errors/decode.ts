import { type Abi, decodeErrorResult, type Hex, isHex } from "viem";
import { keelErrorsAbi } from "./abi.ts";
import type { AbiError } from "./abiError.ts";
import { BaseError, walkCauses } from "./base.ts";
import type { KeelErrorContext } from "./context.ts";
import { KeelContractError, UnknownContractError } from "./contract.ts";
import { RpcRequestError } from "./rpc.ts";

/** The errors `decodeKeelError` returns (every one is a {@link BaseError}). */
export type DecodeKeelErrorReturnType = BaseError;

// viem's names for failures of the transport itself, as opposed to an answer from the node.
const transportErrorNames = new Set([
  "HttpRequestError",
  "WebSocketRequestError",
  "SocketClosedError",
  "TimeoutError",
  "LimitExceededRpcError",
  "ResponseBodyTooLargeError",
]);

/**
 * Turns anything a viem call threw (simulate, write, estimateGas, call, read) into a Keel error:
 * - revert data of any custom error in Keel's ABIs (pool, oracles, rate models, periphery, tokens)
 *   becomes a {@link KeelContractError} with the decoded name, arguments and a human sentence;
 * - undecodable or empty revert data becomes an {@link UnknownContractError};
 * - a node that cannot be reached becomes a retryable {@link RpcRequestError};
 * - anything else is wrapped in a {@link BaseError} with viem's short message.
 * The original error is always kept as `cause`. Errors that already are Keel errors pass through.
 */
export function decodeKeelError(error: unknown, context: KeelErrorContext = {}): DecodeKeelErrorReturnType {
  if (error instanceof BaseError) return error;

  const data = findRevertData(error);
  if (data !== undefined) return decodeRevertData(data, { context, cause: error });
  if (walkCauses(error, (e) => nameOf(e) === "ContractFunctionRevertedError" || nameOf(e) === "ExecutionRevertedError"))
    return new UnknownContractError({ data: "0x", cause: error });

  const transport = walkCauses(error, (e) => transportErrorNames.has(nameOf(e)));
  if (transport) return new RpcRequestError({ cause: error, url: (transport as { url?: string }).url });

  if (walkCauses(error, (e) => nameOf(e) === "UserRejectedRequestError"))
    return new BaseError("The wallet refused to sign or send the request.", { cause: error });
  if (walkCauses(error, (e) => nameOf(e) === "InsufficientFundsError"))
    return new BaseError("The account cannot pay for gas: fund it with the chain's native currency.", { cause: error });
  if (walkCauses(error, (e) => nameOf(e) === "ContractFunctionZeroDataError"))
    return new BaseError("No contract answered at that address: check the address and the network.", { cause: error });

  const short = (error as { shortMessage?: unknown })?.shortMessage;
  const message = typeof short === "string" ? short : error instanceof Error ? error.message : String(error);
  return new BaseError(message, { cause: error });
}

/** For a promise's `.catch`: throws the failure as a Keel error (see {@link decodeKeelError}). */
export function rethrowDecoded(error: unknown): never {
  throw decodeKeelError(error);
}

/** Decodes raw revert data against every Keel error (and Solidity's Error/Panic). */
export function decodeRevertData(
  data: Hex,
  { context = {}, cause }: { context?: KeelErrorContext; cause?: unknown } = {},
): KeelContractError | UnknownContractError {
  if (data.length < 10) return new UnknownContractError({ data, cause });
  try {
    const decoded = decodeWithPreference(data, context.abi);
    return new KeelContractError({
      abiItem: decoded.abiItem as AbiError,
      args: decoded.args ?? [],
      data,
      context,
      cause,
    });
  } catch {
    return new UnknownContractError({ data, cause });
  }
}

/** Decodes against the called contract's own errors first (see KeelErrorContext.abi), then every Keel error. */
function decodeWithPreference(data: Hex, abi?: Abi) {
  const own = abi?.filter((item) => item.type === "error");
  if (own && own.length > 0) {
    try {
      return decodeErrorResult({ abi: own, data });
    } catch {
      // Not one of the called contract's errors: it came from a contract further down the call.
    }
  }
  return decodeErrorResult({ abi: keelErrorsAbi, data });
}

function nameOf(error: unknown): string {
  return typeof error === "object" && error !== null ? String((error as { name?: unknown }).name) : "";
}

/** The first revert payload along the cause chain, wherever viem or the node put it. */
function findRevertData(error: unknown): Hex | undefined {
  let found: Hex | undefined;
  walkCauses(error, (e) => {
    if (typeof e !== "object" || e === null) return false;
    const { raw, data } = e as { raw?: unknown; data?: unknown };
    const nested = typeof data === "object" && data !== null ? (data as { data?: unknown }).data : undefined;
    for (const candidate of [raw, data, nested]) {
      if (typeof candidate === "string" && isHex(candidate) && candidate.length >= 10) {
        found = candidate;
        return true;
      }
    }
    return false;
  });
  return found;
}
