import { type Address, erc20Abi } from "viem";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetTokenBalanceParameters = { token: Address; account: Address };
/** Token units. */
export type GetTokenBalanceReturnType = bigint;
export type GetTokenBalanceErrorType = KeelReadErrorType;

/** An account's ERC-20 balance. */
export function getTokenBalance(
  client: KeelReadClient,
  { token, account }: GetTokenBalanceParameters,
): Promise<GetTokenBalanceReturnType> {
  return read(client, { address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] });
}
