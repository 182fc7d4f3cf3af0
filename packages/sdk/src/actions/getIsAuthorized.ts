import type { Address } from "viem";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { BaseError } from "../errors/base.ts";
import { read } from "./internal/read.ts";
import type { KeelReadClient } from "./types.ts";

export type GetIsAuthorizedParameters = { pool: Address; authorizer: Address; operator: Address };
export type GetIsAuthorizedReturnType = boolean;
export type GetIsAuthorizedErrorType = BaseError;

/** Whether `operator` may withdraw, withdraw collateral and borrow for `authorizer` in every pool. */
export function getIsAuthorized(
  client: KeelReadClient,
  { pool, authorizer, operator }: GetIsAuthorizedParameters,
): Promise<GetIsAuthorizedReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "isAuthorized", args: [authorizer, operator] });
}
