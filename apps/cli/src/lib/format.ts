import pc from "picocolors";
import { formatUnits } from "viem";

const WAD = 10n ** 18n;

/** Formats token units for people: thousands separators, at most `maxFraction` decimals, rounded down. */
export function formatAmount(units: bigint, decimals: number, maxFraction = 6): string {
  const negative = units < 0n;
  const text = formatUnits(negative ? -units : units, decimals);
  const [whole, fraction = ""] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const shown = fraction.slice(0, Math.min(maxFraction, decimals)).replace(/0+$/, "");
  return `${negative ? "-" : ""}${grouped}${shown ? `.${shown}` : ""}`;
}

/** Formats a WAD value in USD (the pools' unit of account) with cents. */
export function formatUsd(wad: bigint): string {
  return `$${formatAmount(wad, 18, 2)}`;
}

/** Formats a WAD ratio as a percentage with two decimals. */
export function formatPercent(wad: bigint): string {
  return `${formatAmount(wad * 100n, 18, 2)}%`;
}

/** Formats a BPS value as a percentage. */
export function formatBps(bps: number): string {
  return `${(bps / 100).toFixed(2)}%`;
}

/**
 * Formats a health factor (WAD): "∞" without debt, two decimals rounded down (so 0.999 shows as 0.99,
 * never as a misleading 1.00), coloured red below 1 and yellow below 1.1.
 */
export function formatHealthFactor(wad: bigint | undefined): string {
  // Undefined: the pool's view reverts (a debt whose oracle gives no price at all).
  if (wad === undefined) return pc.red("unavailable");
  if (wad >= 2n ** 255n) return pc.green("∞");
  const text = formatAmount(wad, 18, 2);
  const padded = text.includes(".") ? text.padEnd(text.indexOf(".") + 3, "0") : `${text}.00`;
  if (wad < WAD) return pc.red(padded);
  if (wad < (WAD * 11n) / 10n) return pc.yellow(padded);
  return pc.green(padded);
}

/** JSON with bigints as decimal strings, for `--json` output that any tool can parse. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}
