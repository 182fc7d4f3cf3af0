import { SECONDS_PER_YEAR } from "../constants.ts";
import { RAY } from "./constants.ts";
import { RateLib } from "./RateLib.ts";

/**
 * The per-second stability fee (RAY) that compounds to `apy` over a 365-day year:
 * RAY × (1 + apy)^(1 / 31,536,000). `apy` is a fraction (0.05 = 5%). The float estimate is refined in
 * bigint to the largest fee whose year of compounding (`rpow`, as the engine accrues) does not exceed
 * (1 + apy) × RAY: rounded down, so the fee never overstates the rate asked for.
 */
export function apyToStabilityFee(apy: number): bigint {
  if (!Number.isFinite(apy) || apy < 0) throw new RangeError(`The APY must be a non-negative number, got ${apy}.`);
  if (apy === 0) return RAY;
  const excess = Math.expm1(Math.log1p(apy) / Number(SECONDS_PER_YEAR));
  // Doubles carry 16 digits; the excess over RAY has 18, so the estimate is within ~1e3 wei. Bisect the rest.
  const estimate = RAY + BigInt(Math.round(excess * 1e27));
  const target = yearlyTarget(apy);
  let low = estimate - 1_000_000n;
  let high = estimate + 1_000_000n;
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if (RateLib.rpow(middle, SECONDS_PER_YEAR) <= target) low = middle;
    else high = middle;
  }
  return low;
}

/** (1 + apy) × RAY from the shortest decimal that prints `apy`, so 0.05 means exactly 1.05. */
function yearlyTarget(apy: number): bigint {
  const [digits, exponent = "0"] = apy.toExponential().split("e");
  const [whole, fraction = ""] = digits.split(".");
  const mantissa = BigInt(whole + fraction);
  const power = Number(exponent) - fraction.length;
  const scaled = power >= 0 ? mantissa * 10n ** BigInt(power) * RAY : (mantissa * RAY) / 10n ** BigInt(-power);
  return RAY + scaled;
}

/** The yearly yield a per-second stability fee (RAY) compounds to over 365 days; a float, for display (0.05 = 5%). */
export function stabilityFeeToApy(stabilityFee: bigint): number {
  return Math.expm1(Math.log1p(Number(stabilityFee - RAY) / 1e27) * Number(SECONDS_PER_YEAR));
}
