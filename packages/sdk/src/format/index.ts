import { formatUnits } from "viem";

/**
 * How Keel shows numbers to people, in the SDK's sentences and in the `keel` command alike.
 * Every function rounds toward zero, so a shown value never overstates a balance, a health factor or a
 * ratio (0.999 shows as 0.99, never as a reassuring 1.00), and groups thousands with commas.
 */

const WAD_DECIMALS = 18;
/** Health factors at or above this are "no debt" (the contracts return type(uint256).max). */
const INFINITE_HEALTH = 2n ** 255n;

/** What a sentence needs to show an amount of one token in whole units. */
export type TokenDisplay = { decimals: number; symbol?: string };

/** Options of {@link formatTokenAmount}. */
export type FormatTokenAmountOptions = {
  /** Show at most this many decimals, rounded toward zero, trailing zeros dropped; all of them by default. */
  maxDecimals?: number;
};

/**
 * Shows `amount` (token units) as whole tokens with thousands separators, e.g. `1,234.5 USDC`.
 * Exact unless `maxDecimals` is given. Without `token`, the raw integer is shown with the word "units"
 * so nobody mistakes it for whole tokens.
 */
export function formatTokenAmount(
  amount: bigint,
  token?: TokenDisplay,
  { maxDecimals }: FormatTokenAmountOptions = {},
): string {
  if (!token) return `${groupThousands(amount.toString())} units`;
  const negative = amount < 0n;
  const [whole, fraction = ""] = formatUnits(negative ? -amount : amount, token.decimals).split(".");
  const shown = (maxDecimals === undefined ? fraction : fraction.slice(0, maxDecimals)).replace(/0+$/, "");
  const text = `${negative ? "-" : ""}${groupThousands(whole)}${shown ? `.${shown}` : ""}`;
  return token.symbol ? `${text} ${token.symbol}` : text;
}

/** Shows a WAD value of the oracles' quote currency (USD) as dollars, cents rounded down, e.g. `$1,234.56`. */
export function formatUsdWad(value: bigint): string {
  const text = formatTruncated(value, WAD_DECIMALS, 2);
  return text.startsWith("-") ? `-$${text.slice(1)}` : `$${text}`;
}

/** Shows a WAD ratio with two decimals rounded down, e.g. 1.2599e18 → `1.25`. */
export function formatWadRatio(ratio: bigint): string {
  return formatTruncated(ratio, WAD_DECIMALS, 2);
}

/** Shows a health factor (WAD): two decimals rounded down, or `∞` for an account without debt. */
export function formatHealthFactor(healthFactor: bigint): string {
  return healthFactor >= INFINITE_HEALTH ? "∞" : formatWadRatio(healthFactor);
}

/** Shows a WAD ratio as a percentage with two decimals rounded down, e.g. 1.425e18 → `142.50%`. */
export function formatWadPercent(ratio: bigint): string {
  return `${formatTruncated(ratio * 100n, WAD_DECIMALS, 2)}%`;
}

/** Shows basis points as a percentage with two decimals, e.g. 8250 → `82.50%`. */
export function formatBps(bps: number | bigint): string {
  return `${formatTruncated(BigInt(bps), 2, 2)}%`;
}

/** JSON with bigints as decimal strings, so any tool can parse amounts without losing digits. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry) => (typeof entry === "bigint" ? entry.toString() : entry), 2);
}

function formatTruncated(value: bigint, decimals: number, shown: number): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const scaled = decimals >= shown ? magnitude / 10n ** BigInt(decimals - shown) : magnitude;
  const text = scaled.toString().padStart(shown + 1, "0");
  const whole = groupThousands(text.slice(0, -shown));
  return `${negative ? "-" : ""}${whole}.${text.slice(-shown)}`;
}

function groupThousands(digits: string): string {
  const negative = digits.startsWith("-");
  const bare = negative ? digits.slice(1) : digits;
  return `${negative ? "-" : ""}${bare.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
}
