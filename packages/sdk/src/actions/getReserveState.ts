import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { BaseError } from "../errors/base.ts";
import type { ReserveState } from "../types.ts";
import { read } from "./internal/read.ts";
import type { KeelReadClient, ReserveParameters } from "./types.ts";

export type GetReserveStateParameters = ReserveParameters;
export type GetReserveStateReturnType = ReserveState;
export type GetReserveStateErrorType = BaseError;

/** A reserve's stored totals, as of its last accrual (`lastUpdate`); see getExpectedReserveState for now. */
export function getReserveState(
  client: KeelReadClient,
  { pool, poolId, reserve }: GetReserveStateParameters,
): Promise<GetReserveStateReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "reserveState", args: [poolId, reserve] });
}
