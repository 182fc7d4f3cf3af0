import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import type { ReserveConfig } from "../../types.ts";
import type { ReserveParameters } from "./types.ts";

export type GetReserveConfigParameters = ReserveParameters;
export type GetReserveConfigReturnType = ReserveConfig;
export type GetReserveConfigErrorType = KeelReadErrorType;

/** A reserve's risk and wiring parameters (asset, oracle, rate model, LTV, threshold, caps, flags). */
export function getReserveConfig(
  client: KeelReadClient,
  { pool, poolId, reserve }: GetReserveConfigParameters,
): Promise<GetReserveConfigReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "reserveConfig", args: [poolId, reserve] });
}
