import type { RateModelParams, ReserveSnapshot } from "../types.ts";
import { AdaptiveRateModel } from "./AdaptiveRateModel.ts";
import { UnsupportedRateModelError } from "./errors.ts";
import { KinkedRateModel } from "./KinkedRateModel.ts";

/** A per-second borrow rate and the rate model as it is after quoting it (only the adaptive model changes). */
export type QuotedRate = { ratePerSecond: bigint; rateModel: RateModelParams };

/**
 * IRateModel.borrowRate as the pool calls it in an accrual: the per-second rate (WAD) for the reserve's
 * current totals at `timestamp`, and the rate model's state after the call.
 * Throws UnsupportedRateModelError for an external model outside the moment it was quoted at.
 */
export function quoteBorrowRate(reserve: ReserveSnapshot, timestamp: bigint): QuotedRate {
  const { rateModel, state } = reserve;
  switch (rateModel.kind) {
    case "kinked":
      return {
        ratePerSecond: KinkedRateModel.borrowRate(rateModel.params, state.totalSupplyAssets, state.totalBorrowAssets),
        rateModel,
      };
    case "adaptive": {
      const { ratePerSecond, curve } = AdaptiveRateModel.borrowRate(
        rateModel.params,
        rateModel.curve,
        state.totalSupplyAssets,
        state.totalBorrowAssets,
        timestamp,
      );
      return { ratePerSecond, rateModel: { ...rateModel, curve } };
    }
    case "external": {
      const quote = rateModel.quote;
      const quoted =
        quote !== undefined &&
        quote.timestamp === timestamp &&
        quote.totalSupplyAssets === state.totalSupplyAssets &&
        quote.totalBorrowAssets === state.totalBorrowAssets;
      if (!quoted) throw new UnsupportedRateModelError(reserve.index, rateModel.address);
      return { ratePerSecond: quote.ratePerSecond, rateModel };
    }
  }
}

/** IRateModel.borrowRateView: the per-second rate (WAD) an accrual of the reserve at `timestamp` would use. */
export function borrowRate(reserve: ReserveSnapshot, timestamp: bigint): bigint {
  return quoteBorrowRate(reserve, timestamp).ratePerSecond;
}
