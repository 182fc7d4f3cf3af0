import { formatUnits } from "viem";

const WAD_DECIMALS = 18;

/** What a sentence needs to show an amount of one token in whole units. */
export type TokenDisplay = { decimals: number; symbol?: string };

/**
 * Shows `amount` (token units) as whole tokens with thousands separators, e.g. `1,234.5 USDC`.
 * Exact: every digit formatUnits yields is kept. Without `token`, the raw integer is shown with
 * the word "units" so nobody mistakes it for whole tokens.
 */
export function formatTokenAmount(amount: bigint, token?: TokenDisplay): string {
  if (!token) return `${groupThousands(amount.toString())} units`;
  const [whole, fraction] = formatUnits(amount, token.decimals).split(".");
  const text = fraction ? `${groupThousands(whole)}.${fraction}` : groupThousands(whole);
  return token.symbol ? `${text} ${token.symbol}` : text;
}

/** Shows a WAD value of the oracles' quote currency (USD) as dollars, cents rounded down, e.g. `$1,234.56`. */
export function formatUsdWad(value: bigint): string {
  return `$${formatTruncated(value, WAD_DECIMALS, 2)}`;
}

/** Shows a WAD ratio (health factor) with two decimals rounded down, so 0.999 shows as 0.99, never 1.00. */
export function formatWadRatio(ratio: bigint): string {
  return formatTruncated(ratio, WAD_DECIMALS, 2);
}

/** Shows a WAD ratio as a percentage with two decimals rounded down, e.g. 1.425e18 → `142.50%`. */
export function formatWadPercent(ratio: bigint): string {
  return `${formatTruncated(ratio * 100n, WAD_DECIMALS, 2)}%`;
}

function formatTruncated(value: bigint, decimals: number, shown: number): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const scaled = magnitude / 10n ** BigInt(decimals - shown);
  const text = scaled.toString().padStart(shown + 1, "0");
  const whole = groupThousands(text.slice(0, -shown));
  return `${negative ? "-" : ""}${whole}.${text.slice(-shown)}`;
}

function groupThousands(digits: string): string {
  const negative = digits.startsWith("-");
  const bare = negative ? digits.slice(1) : digits;
  return `${negative ? "-" : ""}${bare.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
}
