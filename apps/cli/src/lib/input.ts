import { type Address, getAddress, isAddress, parseUnits } from "viem";
import { UsageError } from "./errors.ts";

/** An amount the user typed: a number of whole tokens ("1.5", "1,234.56") or everything ("max"). */
export type AmountInput = { kind: "max" } | { kind: "exact"; units: bigint };

/**
 * Parses a human amount into token units with `decimals`. Commas and underscores are digit separators.
 * Throws a UsageError for anything else (negative, too many decimals, words), so the user sees why.
 */
export function parseAmount(text: string, decimals: number, symbol: string): AmountInput {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "max" || trimmed === "all") return { kind: "max" };
  const digits = trimmed.replace(/[,_]/g, "");
  if (!/^\d+(\.\d+)?$/.test(digits)) {
    throw new UsageError(`"${text}" is not an amount. Give a number of ${symbol} such as 1.5, or "max".`);
  }
  const fraction = digits.split(".")[1] ?? "";
  if (fraction.length > decimals) {
    throw new UsageError(`${symbol} has ${decimals} decimals; "${text}" has ${fraction.length}.`);
  }
  const units = parseUnits(digits, decimals);
  if (units === 0n) throw new UsageError(`The amount must be more than zero ${symbol}.`);
  return { kind: "exact", units };
}

/**
 * Checks an amount's form (a number above zero, or "max") before its token, and so its decimals, is
 * known: a typing mistake is refused before anything is read from the chain. parseAmount checks the
 * decimals once the token is known.
 */
export function checkAmountForm(text: string | undefined, option: string, what: string): string {
  const value = requireOption(text, option);
  parseAmount(value, 255, what);
  return value;
}

/** Parses and checksums an address option, naming the option in the error. */
export function parseAddress(text: string, option: string): Address {
  if (!isAddress(text, { strict: false })) throw new UsageError(`${option} "${text}" is not an Ethereum address.`);
  return getAddress(text);
}

/** Parses a pool id (a non-negative integer). */
export function parsePoolId(text: string): bigint {
  if (!/^\d+$/.test(text.trim()))
    throw new UsageError(`Pool "${text}" is not a pool id; run \`keel pools\` to list them.`);
  return BigInt(text.trim());
}

/** Parses a USD price such as "2400" or "0.998" into a decimal string check; returns the number of cents etc. */
export function parsePositiveDecimal(text: string, what: string): string {
  const digits = text.trim().replace(/[,_]/g, "");
  if (!/^\d+(\.\d+)?$/.test(digits) || Number(digits) <= 0) {
    throw new UsageError(`${what} "${text}" must be a positive number.`);
  }
  return digits;
}

/** A value the command needs that commander leaves optional (so the message can name the option). */
export function requireOption(value: string | undefined, option: string): string {
  if (value === undefined || value === "") throw new UsageError(`${option} is required.`);
  return value;
}
