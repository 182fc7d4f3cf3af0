import { formatTokenAmount } from "../format/index.ts";
import type { ReserveSnapshot } from "../types.ts";

/** "1,234.5 USDC": exact token units with the reserve's decimals and symbol. */
export function formatAmount(amount: bigint, reserve: ReserveSnapshot): string {
  return formatTokenAmount(amount, { decimals: reserve.config.decimals, symbol: reserveName(reserve) });
}

/** The reserve's name in a sentence. */
export function reserveName(reserve: ReserveSnapshot): string {
  return reserve.symbol ?? `reserve ${reserve.index}`;
}
