import { formatTokenAmount } from "@keel/sdk";
import { formatUnits } from "viem";

// How the monitor writes figures in its sentences. Amounts a fix asks for are rounded up (doing what
// the alert says must be enough); everything else is rounded toward zero, as the SDK's formats do.

export const WAD = 10n ** 18n;

/** `units` rounded up to what is shown: 4 decimals (2 for tokens of 6 decimals or fewer). */
export function roundUpShown(units: bigint, decimals: number): bigint {
  const unit = 10n ** BigInt(Math.max(decimals - (decimals <= 6 ? 2 : 4), 0));
  return ((units + unit - 1n) / unit) * unit;
}

/** Token units shown with at most 4 decimals (2 for tokens of 6 decimals or fewer), rounded up. */
export function amountUp(units: bigint, decimals: number, symbol: string): string {
  return formatTokenAmount(roundUpShown(units, decimals), { decimals, symbol }, { maxDecimals: decimals <= 6 ? 2 : 4 });
}

/** Token units, at most 4 decimals, rounded down. */
export function amount(units: bigint, decimals: number, symbol: string): string {
  return formatTokenAmount(units, { decimals, symbol }, { maxDecimals: decimals <= 6 ? 2 : 4 });
}

/** A WAD ratio with two decimals, rounded down: 1.2599e18 → "1.25". */
export function ratio(wad: bigint): string {
  if (wad >= 2n ** 255n) return "∞";
  return trunc(wad, 2);
}

/** A WAD fraction as a percentage with one decimal: 0.0712e18 → "7.1%". */
export function percent(wad: bigint): string {
  return `${trunc(wad * 100n, 1)}%`;
}

/** WAD dollars: "$2,786.12". */
export function usd(wad: bigint): string {
  const [whole, fraction = ""] = formatUnits(wad < 0n ? -wad : wad, 18).split(".");
  return `${wad < 0n ? "-" : ""}$${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${fraction.padEnd(2, "0").slice(0, 2)}`;
}

/** A decimal from a rules file (1.2, 5) as WAD. */
export function toWad(value: number): bigint {
  const [whole, fraction = ""] = value.toString().split(".");
  if (/e/i.test(value.toString())) return BigInt(Math.round(value * 1e18));
  return BigInt(whole) * WAD + BigInt(fraction.padEnd(18, "0").slice(0, 18));
}

/** A unix time as "2026-12-07 10:00 UTC". */
export function utc(seconds: bigint): string {
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function trunc(wad: bigint, places: number): string {
  const negative = wad < 0n;
  const scaled = (negative ? -wad : wad) / 10n ** BigInt(18 - places);
  const text = scaled.toString().padStart(places + 1, "0");
  return `${negative ? "-" : ""}${text.slice(0, -places)}.${text.slice(-places)}`;
}

/**
 * A token symbol read from the chain, shown only if it looks like one (letters, digits, . + _ -, at most
 * 16): anyone can list a token whose symbol is a link, a newline or "@everyone", and alert text must not
 * carry it into a chat. Otherwise `fallback`.
 */
export function safeSymbol(symbol: string | undefined, fallback: string): string {
  return symbol !== undefined && /^[A-Za-z0-9.+_-]{1,16}$/.test(symbol) ? symbol : fallback;
}
