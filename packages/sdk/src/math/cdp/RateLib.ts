import { MAX_UINT128 } from "../constants.ts";
import { MathLib } from "../MathLib.ts";
import { checkedMul } from "../uint.ts";
import { RAY } from "./constants.ts";

/** Growth factors are capped here (RAY × 1.3e9), as in the contract, so accrual never reverts. */
const GROWTH_CAP = 2n ** 120n;

/** RateLib.rpow: fee^elapsed in RAY by binary exponentiation, every product rounded down; capped at GROWTH_CAP. */
function rpow(fee: bigint, elapsed: bigint): bigint {
  let growth = RAY;
  let base = fee;
  let remaining = elapsed;
  while (remaining !== 0n) {
    if ((remaining & 1n) === 1n) {
      growth = checkedMul(growth, base) / RAY; // rounds down: never overstates the fee
      if (growth > GROWTH_CAP) return GROWTH_CAP;
    }
    remaining >>= 1n;
    if (remaining !== 0n) {
      base = checkedMul(base, base) / RAY; // rounds down
      if (base > GROWTH_CAP) return GROWTH_CAP;
    }
  }
  return growth;
}

/**
 * RateLib.accrue: the accumulator after `elapsed` seconds at `fee` per second (both RAY), rounded down
 * and saturating at type(uint128).max.
 */
function accrue(rate: bigint, fee: bigint, elapsed: bigint): bigint {
  if (elapsed === 0n || fee === RAY) return rate;
  const grown = checkedMul(rate, rpow(fee, elapsed)) / RAY;
  return MathLib.min(grown, MAX_UINT128);
}

/** The contracts' RateLib: the stability-fee accumulator. */
export const RateLib = { GROWTH_CAP, rpow, accrue } as const;
