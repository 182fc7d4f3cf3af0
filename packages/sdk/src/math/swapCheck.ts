import { MathLib } from "./MathLib.ts";

const BPS = 10_000n;
const PRICE_SCALE = 10n ** 18n;

/**
 * SwapCheckLib's fair-value check, in bigint: by how many BPS the value bought (at `priceOut`) falls short
 * of the value sold (at `priceIn`); 0 when it does not. Prices are at Keel's PRICE_SCALE for each token's
 * units. Rounding as the contract: the value sold rounds up, the value bought down, the shortfall's share up.
 */
export function swapDeviationBps(amountIn: bigint, priceIn: bigint, amountOut: bigint, priceOut: bigint): bigint {
  const valueIn = MathLib.mulDivUp(amountIn, priceIn, PRICE_SCALE);
  const valueOut = MathLib.mulDivDown(amountOut, priceOut, PRICE_SCALE);
  if (valueOut >= valueIn) return 0n;
  return MathLib.mulDivUp(valueIn - valueOut, BPS, valueIn);
}
