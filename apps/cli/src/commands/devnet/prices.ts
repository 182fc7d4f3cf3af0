import { iPriceOracleAbi, type KeelDeployment } from "@keel/sdk";
import type { PublicClient } from "viem";
import { formatUsd } from "../../lib/format.ts";

/** USD per whole token (WAD) from a Keel oracle price, whose scale is 10^(36 − token decimals). */
function usdPerToken(price: bigint, decimals: number): bigint {
  return (price * 10n ** BigInt(decimals)) / 10n ** 18n;
}

/** A feed answer (USD with `decimals` decimals, at most 18) for people. */
export function formatAnswer(answer: bigint, decimals: number): string {
  return formatUsd(answer * 10n ** BigInt(18 - decimals));
}

/** What the pools read for a token now, for people; a failing oracle shows its error's name instead. */
export async function describeOraclePrice(
  client: PublicClient,
  token: KeelDeployment["tokens"][string],
): Promise<string> {
  try {
    const price = await client.readContract({ address: token.oracle, abi: iPriceOracleAbi, functionName: "price" });
    return formatUsd(usdPerToken(price, token.decimals));
  } catch (error) {
    const reason = (error as { cause?: { data?: { errorName?: string } } }).cause?.data?.errorName;
    return `price fails${reason ? ` (${reason})` : ""}`;
  }
}
