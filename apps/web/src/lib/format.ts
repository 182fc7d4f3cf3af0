// Display helpers over the SDK's formatters: every one rounds toward zero, so nothing shown overstates
// a balance or a health factor.
import { formatBps, formatHealthFactor, formatTokenAmount, formatUsdWad, MAX_UINT256, WAD } from "@keel/sdk";

export { formatBps, formatHealthFactor, formatUsdWad };

export const tokens = (units: bigint, decimals: number, symbol?: string, maxDecimals = 6) =>
  formatTokenAmount(units, { decimals, symbol }, { maxDecimals });

export const percent = (value: number | undefined) => (value === undefined ? "—" : `${(value * 100).toFixed(2)}%`);

export const wadPercent = (value: bigint) => percent(Number((value * 1_000_000n) / WAD) / 1_000_000);

/** Health-factor bands, as the keeper and the monitor speak of them. */
export type HealthBand = "none" | "safe" | "watch" | "danger" | "liquidatable";

export function healthBand(healthFactor: bigint | undefined): HealthBand {
  if (healthFactor === undefined || healthFactor >= MAX_UINT256 / 2n) return "none";
  if (healthFactor < WAD) return "liquidatable";
  if (healthFactor < (WAD * 110n) / 100n) return "danger";
  if (healthFactor < (WAD * 150n) / 100n) return "watch";
  return "safe";
}

export const HEALTH_WORDS: Record<HealthBand, string> = {
  none: "no debt",
  safe: "safe",
  watch: "watch",
  danger: "at risk",
  liquidatable: "can be liquidated",
};

export const shortAddress = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;
