import type { ReserveSnapshot } from "../types.ts";
import { PriceUnavailableError } from "./errors.ts";

/** The reserve's oracle price, or PriceUnavailableError where the adapter would revert. */
export function requirePrice(reserve: ReserveSnapshot): bigint {
  if (reserve.price === undefined) throw new PriceUnavailableError(reserve.index, reserve.priceError);
  return reserve.price;
}
