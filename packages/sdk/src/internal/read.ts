import type {
  Abi,
  ContractFunctionArgs,
  ContractFunctionName,
  ReadContractParameters,
  ReadContractReturnType,
} from "viem";
import { readContract } from "viem/actions";
import { decodeKeelError } from "../errors/decode.ts";
import type { KeelReadClient } from "./types.ts";

/**
 * viem's `readContract`, typed the same way by the ABI (function names, arguments and the decoded
 * result), whose failures come out as Keel errors: a revert decoded, a dead node wrapped.
 */
export async function read<
  const abi extends Abi | readonly unknown[],
  functionName extends ContractFunctionName<abi, "pure" | "view">,
  const args extends ContractFunctionArgs<abi, "pure" | "view", functionName>,
>(
  client: KeelReadClient,
  parameters: ReadContractParameters<abi, functionName, args>,
): Promise<ReadContractReturnType<abi, functionName, args>> {
  try {
    return await readContract(client, parameters);
  } catch (error) {
    throw decodeKeelError(error, { abi: parameters.abi as Abi });
  }
}
