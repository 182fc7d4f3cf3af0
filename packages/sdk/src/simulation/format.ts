import { formatUnits } from "viem";
import { MAX_UINT256 } from "../math/constants.ts";
import type { ReserveSnapshot } from "../types.ts";

// Display helpers for the simulation's error sentences: exact amounts, readable values.

/** "1234.5 USDC": exact token units with the reserve's decimals and symbol. */
export function formatAmount(amount: bigint, reserve: ReserveSnapshot): string {
  return `${formatUnits(amount, reserve.config.decimals)} ${reserve.symbol ?? `of reserve ${reserve.index}`}`;
}

/** "$1234.56": a WAD value in the oracles' quote currency, to the cent (rounded down). */
export function formatValue(value: bigint): string {
  return `$${formatUnits(value / 10n ** 16n, 2)}`;
}

/** "1.0423" (4 decimals, rounded down), or "∞" without debt. */
export function formatHealthFactor(healthFactor: bigint): string {
  return healthFactor === MAX_UINT256 ? "∞" : formatUnits(healthFactor / 10n ** 14n, 4);
}

/** The reserve's name in a sentence. */
export function reserveName(reserve: ReserveSnapshot): string {
  return reserve.symbol ?? `reserve ${reserve.index}`;
}
