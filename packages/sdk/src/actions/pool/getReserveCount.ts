import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetReserveCountParameters = { pool: Address; poolId: bigint };
export type GetReserveCountReturnType = bigint;
export type GetReserveCountErrorType = KeelReadErrorType;

/** How many reserves a pool lists; reserve indexes run from 0 to count − 1. */
export function getReserveCount(
  client: KeelReadClient,
  { pool, poolId }: GetReserveCountParameters,
): Promise<GetReserveCountReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "reserveCount", args: [poolId] });
}
