import type { AdaptiveCurve, AdaptiveRateModelParams } from "../types.ts";
import { SECONDS_PER_YEAR } from "./constants.ts";
import { ExpLib } from "./ExpLib.ts";
import { checkedMul, checkedSub, toInt256, toUint128 } from "./uint.ts";

const WAD = 10n ** 18n;
/** The exponent of one drift is clamped to ±40 (a factor of 2e17), beyond any bound. */
const MAX_ADAPTATION = 40n * WAD;

/** A per-second rate and the curve state the model stores after quoting it. */
export type AdaptiveRate = { ratePerSecond: bigint; curve: AdaptiveCurve };

/** Normalized distance of utilization from target, in [−1, 1] WAD; divisions truncate toward zero. */
function error(params: AdaptiveRateModelParams, totalSupplyAssets: bigint, totalBorrowAssets: bigint): bigint {
  let u = totalSupplyAssets === 0n ? 0n : toInt256(checkedMul(totalBorrowAssets, WAD) / totalSupplyAssets);
  if (u > WAD) u = WAD;
  const distance = u - params.targetUtilization;
  return (distance * WAD) / (distance > 0n ? WAD - params.targetUtilization : params.targetUtilization);
}

/** The rate on the curve for a given rate at target and error; rounds toward zero. */
function curve(params: AdaptiveRateModelParams, rateAtTarget: bigint, err: bigint): bigint {
  const coefficient = err < 0n ? WAD - (WAD * WAD) / params.steepness : params.steepness - WAD;
  return (((coefficient * err) / WAD + WAD) * rateAtTarget) / WAD;
}

/** rateAtTarget · e^adaptation, kept within [min, max]; rounds down. */
function bounded(params: AdaptiveRateModelParams, rateAtTarget: bigint, adaptation: bigint): bigint {
  const clamped =
    adaptation > MAX_ADAPTATION ? MAX_ADAPTATION : adaptation < -MAX_ADAPTATION ? -MAX_ADAPTATION : adaptation;
  const moved = checkedMul(rateAtTarget, ExpLib.wExp(clamped)) / WAD;
  if (moved < params.minRateAtTarget) return params.minRateAtTarget;
  if (moved > params.maxRateAtTarget) return params.maxRateAtTarget;
  return moved;
}

/**
 * The contract's `_rate` then the state write of `borrowRate`: the average rate over the period since
 * the curve's last update (trapezoid of start, middle and end of the drift) and the curve as stored
 * after the call, at `timestamp`.
 */
function borrowRate(
  params: AdaptiveRateModelParams,
  state: AdaptiveCurve,
  totalSupplyAssets: bigint,
  totalBorrowAssets: bigint,
  timestamp: bigint,
): AdaptiveRate {
  const err = error(params, totalSupplyAssets, totalBorrowAssets);
  // uint40(block.timestamp) is a bare cast, exact until the year 36812.
  const stored = (rateAtTarget: bigint): AdaptiveCurve => ({
    rateAtTarget: toUint128(rateAtTarget),
    lastUpdate: Number(BigInt.asUintN(40, timestamp)),
  });
  if (state.lastUpdate === 0) {
    // First use: the initial level, no drift yet.
    return { ratePerSecond: curve(params, params.initialRateAtTarget, err), curve: stored(params.initialRateAtTarget) };
  }
  const elapsed = checkedSub(timestamp, BigInt(state.lastUpdate));
  const linearAdaptation = ((params.adjustmentSpeed * err) / WAD) * elapsed;
  const start = state.rateAtTarget;
  const end = bounded(params, start, linearAdaptation);
  const middle = bounded(params, start, linearAdaptation / 2n);
  const ratePerSecond = (curve(params, start, err) + 2n * curve(params, middle, err) + curve(params, end, err)) / 4n;
  return { ratePerSecond, curve: stored(end) };
}

/** borrowRateView: the rate `borrowRate` would return at `timestamp`, without the state. */
function borrowRateView(
  params: AdaptiveRateModelParams,
  state: AdaptiveCurve,
  totalSupplyAssets: bigint,
  totalBorrowAssets: bigint,
  timestamp: bigint,
): bigint {
  return borrowRate(params, state, totalSupplyAssets, totalBorrowAssets, timestamp).ratePerSecond;
}

/** The stored parameters a deployment with these constructor arguments has (yearly values, WAD). */
function fromYearlyRates(
  targetUtilization: bigint,
  steepness: bigint,
  speedPerYear: bigint,
  rates: readonly [initial: bigint, min: bigint, max: bigint],
): AdaptiveRateModelParams {
  return {
    targetUtilization,
    steepness,
    adjustmentSpeed: speedPerYear / SECONDS_PER_YEAR,
    initialRateAtTarget: rates[0] / SECONDS_PER_YEAR,
    minRateAtTarget: rates[1] / SECONDS_PER_YEAR,
    maxRateAtTarget: rates[2] / SECONDS_PER_YEAR,
  };
}

/** The AdaptiveRateModel contract: a curve around a target utilization whose level drifts over time. */
export const AdaptiveRateModel = {
  MAX_ADAPTATION,
  error,
  curve,
  bounded,
  borrowRate,
  borrowRateView,
  fromYearlyRates,
} as const;
