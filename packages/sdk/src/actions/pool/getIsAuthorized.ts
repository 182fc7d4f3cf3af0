import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetIsAuthorizedParameters = { pool: Address; authorizer: Address; operator: Address };
export type GetIsAuthorizedReturnType = boolean;
export type GetIsAuthorizedErrorType = KeelReadErrorType;

/** Whether `operator` may withdraw, withdraw collateral and borrow for `authorizer` in every pool. */
export function getIsAuthorized(
  client: KeelReadClient,
  { pool, authorizer, operator }: GetIsAuthorizedParameters,
): Promise<GetIsAuthorizedReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "isAuthorized", args: [authorizer, operator] });
}
