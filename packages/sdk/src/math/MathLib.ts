import { WAD } from "./constants.ts";
import { checkedAdd, checkedDiv, checkedMul } from "./uint.ts";

/** Which way a division rounds. Callers pick the direction that goes against the user they serve. */
export type Rounding = "Down" | "Up";

/** x × y / d, rounded down. Throws where the contract panics (overflow, d = 0). */
function mulDivDown(x: bigint, y: bigint, d: bigint): bigint {
  return checkedDiv(checkedMul(x, y), d);
}

/** x × y / d, rounded up. Throws where the contract panics (overflow, d = 0). */
function mulDivUp(x: bigint, y: bigint, d: bigint): bigint {
  const product = checkedMul(x, y);
  return checkedDiv(product, d) + (product % d === 0n ? 0n : 1n);
}

/** x × y / d, rounded as asked. */
function mulDiv(x: bigint, y: bigint, d: bigint, rounding: Rounding): bigint {
  return rounding === "Up" ? mulDivUp(x, y, d) : mulDivDown(x, y, d);
}

/** x × y / WAD, rounded down. */
function wMulDown(x: bigint, y: bigint): bigint {
  return mulDivDown(x, y, WAD);
}

/** x × WAD / y, rounded down. */
function wDivDown(x: bigint, y: bigint): bigint {
  return mulDivDown(x, WAD, y);
}

/** x × WAD / y, rounded up. */
function wDivUp(x: bigint, y: bigint): bigint {
  return mulDivUp(x, WAD, y);
}

/**
 * e^(rate·elapsed) − 1 in WAD from the first three terms of its Taylor series, each rounded down, so
 * interest is never overstated. The same terms as the contract, to the wei.
 */
function wTaylorCompounded(ratePerSecond: bigint, elapsed: bigint): bigint {
  const firstTerm = checkedMul(ratePerSecond, elapsed);
  const secondTerm = mulDivDown(firstTerm, firstTerm, 2n * WAD);
  const thirdTerm = mulDivDown(secondTerm, firstTerm, 3n * WAD);
  return checkedAdd(checkedAdd(firstTerm, secondTerm), thirdTerm);
}

function min(x: bigint, y: bigint): bigint {
  return x < y ? x : y;
}

function max(x: bigint, y: bigint): bigint {
  return x > y ? x : y;
}

/** max(x − y, 0). */
function zeroFloorSub(x: bigint, y: bigint): bigint {
  return x > y ? x - y : 0n;
}

/** The contracts' MathLib: fixed-point helpers, each naming its rounding direction. */
export const MathLib = {
  mulDiv,
  mulDivDown,
  mulDivUp,
  wMulDown,
  wDivDown,
  wDivUp,
  wTaylorCompounded,
  min,
  max,
  zeroFloorSub,
} as const;
