import { type Address, erc20Abi } from "viem";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetAllowanceParameters = { token: Address; owner: Address; spender: Address };
/** Token units. */
export type GetAllowanceReturnType = bigint;
export type GetAllowanceErrorType = KeelReadErrorType;

/** How much of `owner`'s tokens `spender` (usually the pool) may pull. */
export function getAllowance(
  client: KeelReadClient,
  { token, owner, spender }: GetAllowanceParameters,
): Promise<GetAllowanceReturnType> {
  return read(client, { address: token, abi: erc20Abi, functionName: "allowance", args: [owner, spender] });
}
