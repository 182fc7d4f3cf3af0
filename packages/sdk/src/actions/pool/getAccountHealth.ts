import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import type { AccountHealth } from "../../types.ts";

export type GetAccountHealthParameters = { pool: Address; poolId: bigint; account: Address };
export type GetAccountHealthReturnType = AccountHealth;
/** A failing price of the account's reserves reverts: it comes out as a KeelContractError (e.g. StalePrice). */
export type GetAccountHealthErrorType = KeelReadErrorType;

/** An account's collateral value, borrowing power, liquidation value and debt value (WAD USD), accrued to now. */
export function getAccountHealth(
  client: KeelReadClient,
  { pool, poolId, account }: GetAccountHealthParameters,
): Promise<GetAccountHealthReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "accountHealth", args: [poolId, account] });
}
