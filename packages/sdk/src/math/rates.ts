import type { ReserveSnapshot } from "../types.ts";
import { accrueInterest } from "./accrual.ts";
import { BPS, SECONDS_PER_YEAR, WAD } from "./constants.ts";
import { UnsupportedRateModelError } from "./errors.ts";
import { KinkedRateModel } from "./KinkedRateModel.ts";
import { MathLib } from "./MathLib.ts";
import { borrowRate } from "./rateModel.ts";

/**
 * Per-second supply rate (WAD) for a borrow rate: borrowRate × utilization × (1 − reserve factor),
 * each product rounded down. For display: suppliers' real gain comes from the accruals themselves.
 */
export function supplyRate(borrowRatePerSecond: bigint, utilization: bigint, reserveFactorBps: bigint): bigint {
  const suppliersShare = WAD - reserveFactorBps * (WAD / BPS);
  return MathLib.wMulDown(MathLib.wMulDown(borrowRatePerSecond, utilization), suppliersShare);
}

/**
 * A per-second rate (WAD) as a yearly percentage yield, compounded continuously over a 365-day year:
 * e^(rate × year) − 1. A float, for display only (0.05 = 5%).
 */
export function rateToApy(ratePerSecond: bigint): number {
  return Math.expm1((Number(ratePerSecond) / 1e18) * Number(SECONDS_PER_YEAR));
}

/** A reserve's rates at one moment. */
export type ReserveRates = {
  /** Borrowed over supplied, WAD, capped at 1, rounded down. */
  utilization: bigint;
  /** Per-second borrow rate, WAD. */
  borrowRate: bigint;
  /** Per-second supply rate, WAD, rounded down. */
  supplyRate: bigint;
  /** Display only. */
  borrowApy: number;
  /** Display only. */
  supplyApy: number;
};

/**
 * The rates a reserve pays at `timestamp`: its totals are accrued to then first, and the rate is the
 * one its model would quote for the next second. For an external rate model, the rate it quoted at
 * the snapshot.
 */
export function reserveRates(reserve: ReserveSnapshot, timestamp: bigint): ReserveRates {
  let current = reserve;
  let rate: bigint;
  if (reserve.rateModel.kind === "external") {
    if (reserve.rateModel.quote === undefined) {
      throw new UnsupportedRateModelError(reserve.index, reserve.rateModel.address);
    }
    rate = reserve.rateModel.quote.ratePerSecond;
  } else {
    current = accrueInterest(reserve, timestamp).reserve;
    rate = borrowRate(current, timestamp);
  }
  const utilization = KinkedRateModel.utilization(current.state.totalSupplyAssets, current.state.totalBorrowAssets);
  const supply = supplyRate(rate, utilization, BigInt(reserve.config.reserveFactorBps));
  return {
    utilization,
    borrowRate: rate,
    supplyRate: supply,
    borrowApy: rateToApy(rate),
    supplyApy: rateToApy(supply),
  };
}
