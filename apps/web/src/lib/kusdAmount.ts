// An amount field's text read as the previews want it: "max", exact units, or nothing typed yet.
import { parseAmount } from "./amount.ts";
import type { AmountInput } from "./plan.ts";

export function readAmount(
  field: { text: string; max: boolean },
  decimals: number,
  symbol: string,
): AmountInput | undefined {
  if (field.max) return { kind: "max" };
  if (field.text.trim() === "") return undefined;
  return { kind: "exact", units: parseAmount(field.text, decimals, symbol) };
}
