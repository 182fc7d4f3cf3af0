import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetPoolCountParameters = { pool: Address };
export type GetPoolCountReturnType = bigint;
export type GetPoolCountErrorType = KeelReadErrorType;

/** How many pools the KeelPool singleton holds; pool ids run from 0 to count − 1. */
export function getPoolCount(
  client: KeelReadClient,
  { pool }: GetPoolCountParameters,
): Promise<GetPoolCountReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "poolCount" });
}
