import type { Abi, Address } from "viem";
import { readContract } from "viem/actions";
import { decodeKeelError } from "../../errors/decode.ts";
import type { KeelReadClient } from "../types.ts";

/** `readContract` whose failures come out as Keel errors (a revert decoded, a dead node wrapped). */
export async function read<result>(
  client: KeelReadClient,
  parameters: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
): Promise<result> {
  try {
    return (await readContract(client, parameters as Parameters<typeof readContract>[1])) as result;
  } catch (error) {
    throw decodeKeelError(error, { abi: parameters.abi });
  }
}
