import { type Address, getAddress, isAddress, parseUnits } from "viem";
import { UsageError } from "./errors.ts";

/** An amount the user typed: a number of whole tokens ("1.5", "1,234.56") or everything ("max"). */
export type AmountInput = { kind: "max" } | { kind: "exact"; units: bigint };

// A plain decimal ("1234.5"), or one whose whole part is grouped in threes by commas or underscores
// ("1,234.5", "1_234_567"). Anything else with a separator is refused: read as a decimal comma,
// "1,5" would otherwise become 15 and "1,0000" ten thousand.
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
const GROUPED_DECIMAL = /^\d{1,3}(?:([,_])\d{3})(?:\1\d{3})*(\.\d+)?$/;

/** The digits of a typed decimal without its thousands separators, or undefined when it is not one. */
function decimalDigits(text: string): string | undefined {
  if (PLAIN_DECIMAL.test(text)) return text;
  if (GROUPED_DECIMAL.test(text)) return text.replace(/[,_]/g, "");
  return undefined;
}

/**
 * Parses a human amount into token units with `decimals`. Commas and underscores are accepted only as
 * thousands separators ("1,234.56"); the decimal separator is a point. Throws a UsageError for anything
 * else (negative, too many decimals, a decimal comma, words), so the user sees why.
 */
export function parseAmount(text: string, decimals: number, symbol: string): AmountInput {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === "max" || trimmed === "all") return { kind: "max" };
  const digits = decimalDigits(trimmed);
  if (digits === undefined) {
    const hint = /^\d+,\d+$/.test(trimmed)
      ? ` A comma only separates thousands; for a decimal, write ${trimmed.replace(",", ".")}.`
      : "";
    throw new UsageError(
      `"${text}" is not an amount. Give a number of ${symbol} such as 1.5 or 1,234.5 (commas only between groups of three digits), or "max".${hint}`,
    );
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

/**
 * Parses an address option, naming the option in the error. A mixed-case address carries an EIP-55
 * checksum, and one that fails it is refused: a mistyped character would otherwise send funds to an
 * address nobody holds. An address in one case carries no checksum and is accepted as typed.
 */
export function parseAddress(text: string, option: string): Address {
  const trimmed = text.trim();
  if (!isAddress(trimmed, { strict: false })) throw new UsageError(`${option} "${text}" is not an Ethereum address.`);
  const hex = trimmed.slice(2);
  const oneCase = hex === hex.toLowerCase() || hex === hex.toUpperCase();
  if (!oneCase && getAddress(trimmed) !== trimmed) {
    throw new UsageError(
      `${option} "${text}" fails its EIP-55 checksum: a character, or the case of a letter, is wrong. Copy the address again from its source; nothing was sent.`,
    );
  }
  return getAddress(trimmed);
}

/** Parses a pool id (a non-negative integer). */
export function parsePoolId(text: string): bigint {
  if (!/^\d+$/.test(text.trim()))
    throw new UsageError(`Pool "${text}" is not a pool id; run \`keel pools\` to list them.`);
  return BigInt(text.trim());
}

/** Parses a USD price such as "2400" or "0.998" into a decimal string check; returns the number of cents etc. */
export function parsePositiveDecimal(text: string, what: string): string {
  const digits = decimalDigits(text.trim());
  if (digits === undefined || Number(digits) <= 0) {
    throw new UsageError(`${what} "${text}" must be a positive number.`);
  }
  return digits;
}

/** A value the command needs that commander leaves optional (so the message can name the option). */
export function requireOption(value: string | undefined, option: string): string {
  if (value === undefined || value === "") throw new UsageError(`${option} is required.`);
  return value;
}
