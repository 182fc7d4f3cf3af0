/**
 * Uniswap V2 arithmetic for moving a pair to a price: the pair keeps reserveIn × reserveOut constant
 * after a 0.3% fee on what comes in, so the exact input that lands the pair on a target price is the
 * root of a quadratic. All in integer token units, rounded as the pair rounds.
 */

/** A price as a fraction: `numerator / denominator` units of one token per unit of the other. */
export type Ratio = { numerator: bigint; denominator: bigint };

/** What the pair pays for `amountIn` (UniswapV2Library.getAmountOut: 0.3% fee, rounded down). */
export function amountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  const inWithFee = amountIn * 997n;
  return (inWithFee * reserveOut) / (reserveIn * 1000n + inWithFee);
}

/** Integer square root, rounded down (Newton's method). */
export function sqrt(value: bigint): bigint {
  if (value < 0n) throw new RangeError("square root of a negative number");
  if (value < 2n) return value;
  let x = value;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + value / x) / 2n;
  }
  return x;
}

/**
 * The exact input that leaves the pair at `target` (out units per in unit, reserveOut' / reserveIn'),
 * or 0 when the pair already prices the input at or below the target (then the trade runs the other way).
 *
 * After selling `a` with the fee, reserveIn' = rIn + a and reserveOut' = rIn·rOut·1000 / (1000·rIn + 997·a).
 * Setting reserveOut' / reserveIn' = n / d gives 997a² + 1997·rIn·a + 1000·rIn² − 1000·rIn·rOut·d/n = 0,
 * whose positive root is (√(9·rIn² + 3988000·rIn·rOut·d/n) − 1997·rIn) / 1994.
 */
export function amountInForPrice(reserveIn: bigint, reserveOut: bigint, target: Ratio): bigint {
  const discriminant =
    9n * reserveIn * reserveIn + (3_988_000n * reserveIn * reserveOut * target.denominator) / target.numerator;
  const root = sqrt(discriminant);
  const linear = 1997n * reserveIn;
  return root > linear ? (root - linear) / 1994n : 0n;
}

/** A pair's spot price (`reserveQuote / reserveBase`) scaled to 18 decimals of the quote per whole base token. */
export function spotWad(reserves: { base: bigint; quote: bigint }, decimals: { base: number; quote: number }): bigint {
  return (reserves.quote * 10n ** BigInt(decimals.base) * 10n ** 18n) / (reserves.base * 10n ** BigInt(decimals.quote));
}

/** True when `reserveQuote / reserveBase` is within `toleranceBps` of `target` (quote units per base unit). */
export function isAtPrice(reserves: { base: bigint; quote: bigint }, target: Ratio, toleranceBps: bigint): boolean {
  const spot = reserves.quote * target.denominator;
  const wanted = target.numerator * reserves.base;
  const gap = spot > wanted ? spot - wanted : wanted - spot;
  return gap * 10_000n <= wanted * toleranceBps;
}
