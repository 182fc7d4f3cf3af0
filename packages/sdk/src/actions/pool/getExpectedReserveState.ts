import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import type { ReserveState } from "../../types.ts";
import type { ReserveParameters } from "./types.ts";

export type GetExpectedReserveStateParameters = ReserveParameters;
export type GetExpectedReserveStateReturnType = ReserveState;
export type GetExpectedReserveStateErrorType = KeelReadErrorType;

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
