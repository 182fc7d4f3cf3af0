import type { KinkedRateModelParams } from "../types.ts";
import { SECONDS_PER_YEAR, WAD } from "./constants.ts";
import { MathLib } from "./MathLib.ts";
import { checkedAdd, checkedSub } from "./uint.ts";

/** Borrowed over supplied in WAD, capped at 1; rounds down. Zero without supply. */
function utilization(totalSupplyAssets: bigint, totalBorrowAssets: bigint): bigint {
  if (totalSupplyAssets === 0n) return 0n;
  return MathLib.min(WAD, MathLib.wDivDown(totalBorrowAssets, totalSupplyAssets));
}

/** The per-second rate (WAD) at utilization `u`; each term rounds down. */
function rateAt(params: KinkedRateModelParams, u: bigint): bigint {
  const { baseRate, slope1, slope2, optimalUtilization } = params;
  if (u <= optimalUtilization) return checkedAdd(baseRate, MathLib.mulDivDown(slope1, u, optimalUtilization));
  const above = MathLib.mulDivDown(slope2, checkedSub(u, optimalUtilization), checkedSub(WAD, optimalUtilization));
  return checkedAdd(checkedAdd(baseRate, slope1), above);
}

/** The per-second borrow rate (WAD) of a reserve with these totals. The model is stateless. */
function borrowRate(params: KinkedRateModelParams, totalSupplyAssets: bigint, totalBorrowAssets: bigint): bigint {
  return rateAt(params, utilization(totalSupplyAssets, totalBorrowAssets));
}

/** The stored parameters a deployment with these constructor arguments (yearly rates, WAD) has. */
function fromYearlyRates(
  baseRatePerYear: bigint,
  slope1PerYear: bigint,
  slope2PerYear: bigint,
  optimalUtilization: bigint,
): KinkedRateModelParams {
  return {
    baseRate: baseRatePerYear / SECONDS_PER_YEAR,
    slope1: slope1PerYear / SECONDS_PER_YEAR,
    slope2: slope2PerYear / SECONDS_PER_YEAR,
    optimalUtilization,
  };
}

/** The KinkedRateModel contract: a two-slope rate curve over utilization. */
export const KinkedRateModel = { utilization, rateAt, borrowRate, fromYearlyRates } as const;
