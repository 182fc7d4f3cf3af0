import { MAX_UINT256 } from "./constants.ts";

const WAD = 10n ** 18n;
const LN2 = 693_147_180_559_945_309n;
/** ln(1e-18): below it e^x rounds to 0. */
const MIN_EXPONENT = -41_446_531_673_892_822_313n;
/** ln(type(int256).max / 1e36): above it the exponent is capped. */
const MAX_EXPONENT = 135_305_999_368_893_231_589n;

/**
 * ExpLib.wExp: e^x for a signed WAD exponent, by range reduction x = k·ln2 + r and a ninth-order
 * Taylor series of e^r in Horner form. Every division truncates toward zero, as Solidity's signed
 * division does (and as bigint division does), so the result equals the contract's to the wei.
 */
function wExp(exponent: bigint): bigint {
  if (exponent < MIN_EXPONENT) return 0n;
  const x = exponent > MAX_EXPONENT ? MAX_EXPONENT : exponent;
  const k = (x < 0n ? x - LN2 / 2n : x + LN2 / 2n) / LN2;
  const r = x - k * LN2;
  let term = WAD + r / 9n;
  for (const n of [8n, 7n, 6n, 5n, 4n, 3n, 2n, 1n]) term = WAD + (r * term) / (n * WAD);
  // The shift is on a uint256: bits beyond 256 would be lost, as in the contract.
  return k >= 0n ? (term << k) & MAX_UINT256 : term >> -k;
}

/** The contracts' ExpLib. */
export const ExpLib = { LN2, MIN_EXPONENT, MAX_EXPONENT, wExp } as const;
