import { MAX_UINT120, MAX_UINT128, MAX_UINT256 } from "./constants.ts";
import { MathPanicError, MathSafeCastError, PANIC_CODES } from "./errors.ts";

// Solidity 0.8 checked arithmetic on unsigned integers: what reverts there throws here.

/** `a + b`, throwing where Solidity would panic (result above `max`, uint256 by default). */
export function checkedAdd(a: bigint, b: bigint, max: bigint = MAX_UINT256): bigint {
  const sum = a + b;
  if (sum > max) throw new MathPanicError(PANIC_CODES.arithmeticOverflow, "an addition");
  return sum;
}

/** `a − b`, throwing where Solidity would panic (negative result). */
export function checkedSub(a: bigint, b: bigint): bigint {
  if (b > a) throw new MathPanicError(PANIC_CODES.arithmeticOverflow, "a subtraction");
  return a - b;
}

/** `a × b` on uint256, throwing where Solidity would panic. */
export function checkedMul(a: bigint, b: bigint): bigint {
  const product = a * b;
  if (product > MAX_UINT256) throw new MathPanicError(PANIC_CODES.arithmeticOverflow, "a multiplication");
  return product;
}

/** `a / d` rounded down, throwing where Solidity would panic (d = 0). */
export function checkedDiv(a: bigint, d: bigint): bigint {
  if (d === 0n) throw new MathPanicError(PANIC_CODES.divisionByZero, "a division");
  return a / d;
}

/** SafeCast.toUint128. */
export function toUint128(value: bigint): bigint {
  if (value > MAX_UINT128) throw new MathSafeCastError(value, 128);
  return value;
}

/** SafeCast.toUint120. */
export function toUint120(value: bigint): bigint {
  if (value > MAX_UINT120) throw new MathSafeCastError(value, 120);
  return value;
}

/** SafeCast.toInt256 (of a uint256). */
export function toInt256(value: bigint): bigint {
  if (value > MAX_UINT256 >> 1n) throw new MathSafeCastError(value);
  return value;
}
