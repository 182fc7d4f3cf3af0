import type { ReserveSnapshot } from "../types.ts";
import { PriceUnavailableError } from "./errors.ts";

// How the pool prices a reserve (PoolHealth). A snapshot holds, per reserve, the adapter's checked
// `price()` or why it failed, and its unchecked `lastPrice()` or why that failed.

/** IPriceOracle.price: the reserve's live price, or PriceUnavailableError (with the adapter's error) where it reverts. */
export function requirePrice(reserve: ReserveSnapshot): bigint {
  if (reserve.price === undefined) {
    throw new PriceUnavailableError(reserve.index, reserve.priceError, {
      source: "price",
      revert: reserve.priceRevert,
    });
  }
  return reserve.price;
}

/** IPriceOracle.lastPrice: the latest answer without freshness checks, or PriceUnavailableError where it reverts. */
export function requireLastPrice(reserve: ReserveSnapshot): bigint {
  if (reserve.lastPrice === undefined) {
    throw new PriceUnavailableError(reserve.index, reserve.lastPriceError, {
      source: "lastPrice",
      revert: reserve.lastPriceRevert,
    });
  }
  return reserve.lastPrice;
}

/** A collateral's price for valuing an account, and whether it is live (only a live price lends). */
export type CollateralPrice = { price: bigint; live: boolean };

/**
 * PoolHealth._collateralPrice: the adapter's checked price (live); when it fails, the last reported
 * price (not live); when that fails too, zero (not live). Never throws.
 */
export function collateralPrice(reserve: ReserveSnapshot): CollateralPrice {
  if (reserve.price !== undefined) return { price: reserve.price, live: true };
  return { price: reserve.lastPrice ?? 0n, live: false };
}

/**
 * PoolHealth._debtPrice: the adapter's checked price; unless `strict`, the last reported price when
 * the check fails. Throws PriceUnavailableError with the error the pool would revert with: the
 * checked price's when `strict`, else the last price's (a debt is never valued at zero).
 */
export function debtPrice(reserve: ReserveSnapshot, strict: boolean): bigint {
  if (strict || reserve.price !== undefined) return requirePrice(reserve);
  return requireLastPrice(reserve);
}

/** Whether the reserve's checked price is available now (its adapter's `price()` does not revert). */
export function isPriceLive(reserve: ReserveSnapshot): boolean {
  return reserve.price !== undefined;
}
