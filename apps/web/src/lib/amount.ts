// Reading an amount a person typed: digits with at most the token's decimals, nothing else. A typo is
// refused with a sentence, never rounded into a different amount, and a comma is never guessed at.
import { parseUnits } from "viem";

/** Why a comma is refused, for every field that reads a number. */
export const COMMA =
  'Write the amount with a point for decimals and no thousands separators ("1500.5"): a comma could mean either.';

export function parseAmount(text: string, decimals: number, symbol: string): bigint {
  const trimmed = text.trim();
  if (trimmed === "") throw new Error("Enter an amount.");
  // "0,5" is a half where commas are decimal points and 5 where they group thousands: refused, never guessed.
  if (trimmed.includes(",")) throw new Error(COMMA);
  if (!/^\d*\.?\d*$/.test(trimmed) || trimmed === ".")
    throw new Error(`"${text}" is not an amount: use digits and one decimal point.`);
  const fraction = trimmed.split(".")[1] ?? "";
  if (fraction.length > decimals)
    throw new Error(`${symbol} has ${decimals} decimals; "${text}" has ${fraction.length}.`);
  const units = parseUnits(trimmed, decimals);
  if (units === 0n) throw new Error("The amount is zero.");
  return units;
}
