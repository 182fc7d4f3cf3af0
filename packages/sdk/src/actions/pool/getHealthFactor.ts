import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetHealthFactorParameters = { pool: Address; poolId: bigint; account: Address };
/** WAD; `maxUint256` when the account has no debt. Below 1e18 the account can be liquidated. */
export type GetHealthFactorReturnType = bigint;
export type GetHealthFactorErrorType = KeelReadErrorType;

/** An account's health factor (liquidation value / debt value), as the pool computes it now. */
export function getHealthFactor(
  client: KeelReadClient,
  { pool, poolId, account }: GetHealthFactorParameters,
): Promise<GetHealthFactorReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "healthFactor", args: [poolId, account] });
}
