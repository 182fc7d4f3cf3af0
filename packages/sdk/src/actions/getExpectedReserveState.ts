import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { BaseError } from "../errors/base.ts";
import type { ReserveState } from "../types.ts";
import { read } from "./internal/read.ts";
import type { KeelReadClient, ReserveParameters } from "./types.ts";

export type GetExpectedReserveStateParameters = ReserveParameters;
export type GetExpectedReserveStateReturnType = ReserveState;
export type GetExpectedReserveStateErrorType = BaseError;

/** A reserve's totals with interest accrued to the latest block, computed by the pool without writing. */
export function getExpectedReserveState(
  client: KeelReadClient,
  { pool, poolId, reserve }: GetExpectedReserveStateParameters,
): Promise<GetExpectedReserveStateReturnType> {
  return read(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "expectedReserveState",
    args: [poolId, reserve],
  });
}
