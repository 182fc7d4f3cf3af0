import { iRateModelAbi } from "../../abis/IRateModel.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import type { ReserveConfig, ReserveState } from "../../types.ts";
import { getExpectedReserveState } from "./getExpectedReserveState.ts";
import { getReserveConfig } from "./getReserveConfig.ts";
import type { ReserveParameters } from "./types.ts";

export type GetBorrowRateParameters = ReserveParameters & {
  /** Already-read config and totals, to save two requests (getReserves passes them). */
  config?: ReserveConfig;
  state?: ReserveState;
};
/** Borrow rate per second, WAD. */
export type GetBorrowRateReturnType = bigint;
export type GetBorrowRateErrorType = KeelReadErrorType;

/**
 * The per-second borrow rate the reserve's rate model would give the pool now, read from the model's
 * `borrowRateView` with the pool as caller (a stateful model keys its state by caller) and the totals
 * accrued to now.
 */
export async function getBorrowRate(
  client: KeelReadClient,
  parameters: GetBorrowRateParameters,
): Promise<GetBorrowRateReturnType> {
  const { pool, poolId, reserve } = parameters;
  const [config, state] = await Promise.all([
    parameters.config ?? getReserveConfig(client, parameters),
    parameters.state ?? getExpectedReserveState(client, parameters),
  ]);
  return read(client, {
    address: config.irm,
    abi: iRateModelAbi,
    functionName: "borrowRateView",
    args: [pool, poolId, reserve, state.totalSupplyAssets, state.totalBorrowAssets],
  });
}
