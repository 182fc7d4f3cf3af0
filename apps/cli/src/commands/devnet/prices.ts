import { iPriceOracleAbi, type KeelDeployment } from "@keel/sdk";
import { formatUnits, type PublicClient } from "viem";

/**
 * USD value of one whole token as a WAD, from a Keel oracle price (USD WAD per token unit × 1e18):
 * one whole token is 10^decimals units.
 */
function wholeTokenValue(price: bigint, decimals: number): bigint {
  return (price * 10n ** BigInt(decimals)) / 10n ** 18n;
}

/** A USD amount (WAD) for people, with thousands separators; small amounts keep more decimals (a $0.998 depeg shows). */
function formatUsd(valueWad: bigint): string {
  const value = Number(formatUnits(valueWad, 18));
  return value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 4 : value < 1_000 ? 2 : 0 });
}

/** A feed answer (USD with `decimals` decimals, at most 18) for people. */
export function formatAnswer(answer: bigint, decimals: number): string {
  return `$${formatUsd(answer * 10n ** BigInt(18 - decimals))}`;
}

/** A token amount for people, rounded for display only. */
export function formatAmount(units: bigint, decimals: number): string {
  const value = Number(formatUnits(units, decimals));
  return value.toLocaleString("en-US", { maximumFractionDigits: value < 10 ? 4 : 2 });
}

/** What the pools read for `symbol` now, as a display string; a failing oracle shows its error instead. */
export async function describeOraclePrice(
  client: PublicClient,
  token: KeelDeployment["tokens"][string],
): Promise<string> {
  try {
    const price = await client.readContract({ address: token.oracle, abi: iPriceOracleAbi, functionName: "price" });
    return `$${formatUsd(wholeTokenValue(price, token.decimals))}`;
  } catch (error) {
    const reason = (error as { cause?: { data?: { errorName?: string } } }).cause?.data?.errorName;
    return `price fails${reason ? ` (${reason})` : ""}`;
  }
}
