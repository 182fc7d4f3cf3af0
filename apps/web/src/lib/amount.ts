// Reading an amount a person typed: digits with at most the token's decimals, nothing else. A typo is
// refused with a sentence, never rounded into a different amount.
import { parseUnits } from "viem";

export function parseAmount(text: string, decimals: number, symbol: string): bigint {
  const trimmed = text.trim().replaceAll(",", "");
  if (trimmed === "") throw new Error("Enter an amount.");
  if (!/^\d*\.?\d*$/.test(trimmed) || trimmed === ".")
    throw new Error(`"${text}" is not an amount: use digits and one decimal point.`);
  const fraction = trimmed.split(".")[1] ?? "";
  if (fraction.length > decimals)
    throw new Error(`${symbol} has ${decimals} decimals; "${text}" has ${fraction.length}.`);
  const units = parseUnits(trimmed, decimals);
  if (units === 0n) throw new Error("The amount is zero.");
  return units;
}
