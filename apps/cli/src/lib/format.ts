import {
  formatBps as formatBpsText,
  formatHealthFactor as formatHealthFactorText,
  formatTokenAmount,
  formatUsdWad,
  formatWadPercent,
} from "@keel/sdk";
import pc from "picocolors";

// Numbers are written by the SDK's one formatting module, so a table and an error sentence show the
// same value the same way; this file only adds the terminal's colours and the table's precision.

const WAD = 10n ** 18n;

/** Token units for a table: thousands separators, at most `maxFraction` decimals, rounded down. */
export function formatAmount(units: bigint, decimals: number, maxFraction = 6): string {
  return formatTokenAmount(units, { decimals }, { maxDecimals: maxFraction });
}

/** A WAD value in USD (the pools' unit of account), cents rounded down. */
export function formatUsd(wad: bigint): string {
  return formatUsdWad(wad);
}

/** A WAD ratio as a percentage with two decimals rounded down. */
export function formatPercent(wad: bigint): string {
  return formatWadPercent(wad);
}

/** BPS as a percentage. */
export function formatBps(bps: number): string {
  return formatBpsText(bps);
}

/**
 * A health factor (WAD) as the SDK writes it ("∞" without debt, two decimals rounded down), coloured
 * red below 1 and yellow below 1.1.
 */
export function formatHealthFactor(wad: bigint | undefined): string {
  // Undefined: the pool's view reverts (a debt whose oracle gives no price at all).
  if (wad === undefined) return pc.red("unavailable");
  const text = formatHealthFactorText(wad);
  if (wad < WAD) return pc.red(text);
  if (wad < (WAD * 11n) / 10n) return pc.yellow(text);
  return pc.green(text);
}

export { toJson } from "@keel/sdk";
