import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import type { ReserveState } from "../../types.ts";
import type { ReserveParameters } from "./types.ts";

export type GetReserveStateParameters = ReserveParameters;
export type GetReserveStateReturnType = ReserveState;
export type GetReserveStateErrorType = KeelReadErrorType;

/** A reserve's stored totals, as of its last accrual (`lastUpdate`); see getExpectedReserveState for now. */
export function getReserveState(
  client: KeelReadClient,
  { pool, poolId, reserve }: GetReserveStateParameters,
): Promise<GetReserveStateReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "reserveState", args: [poolId, reserve] });
}
