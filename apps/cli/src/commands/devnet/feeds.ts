import { devPriceFeedAbi, devRateProviderAbi, type KeelDeployment } from "@keel/sdk";
import ms from "ms";
import { type Address, parseUnits } from "viem";
import { UsageError } from "../../lib/errors.ts";
import { type DevnetConnection, sendFromDeployer } from "./connect.ts";

type Token = KeelDeployment["tokens"][string];

/** Names people use for the devnet's tokens' underlying assets. */
const ALIASES: Record<string, string> = { ETH: "WETH", BTC: "WBTC", STETH: "wstETH", LST: "wstETH" };

/** Finds a token by symbol or alias, ignoring case (ETH is WETH, BTC is WBTC). */
export function resolveToken(manifest: KeelDeployment, input: string): Token {
  const wanted = (ALIASES[input.toUpperCase()] ?? input).toLowerCase();
  const token = Object.values(manifest.tokens).find((t) => t.symbol.toLowerCase() === wanted);
  if (token === undefined) {
    const known = Object.keys(manifest.tokens).join(", ");
    throw new UsageError(`Unknown token "${input}". The devnet has ${known} (ETH and BTC also work).`);
  }
  return token;
}

/** Parses a USD price such as `2400`, `2,400.50` or `$0.998` into a feed answer with `decimals` decimals. */
export function parsePrice(input: string, decimals: number): bigint {
  const plain = input.replace(/^\$/, "").replaceAll(",", "");
  const fraction = plain.split(".")[1] ?? "";
  if (!/^\d+(\.\d+)?$/.test(plain) || fraction.length > decimals) {
    throw new UsageError(`"${input}" is not a price. Give USD per whole token, such as 2400 or 0.998.`);
  }
  const answer = parseUnits(plain, decimals);
  if (answer === 0n) throw new UsageError("A price must be above zero.");
  return answer;
}

/** Parses a duration such as `30d`, `12h`, `90m` or `3600s` into whole seconds (at least one). */
export function parseDuration(input: string): number {
  // A bare number would mean milliseconds to `ms`; a unit is required so nobody advances by 1/1000 of intended.
  const milliseconds = /^\d+(\.\d+)?\s*[a-z]+$/i.test(input.trim()) ? ms(input.trim() as ms.StringValue) : undefined;
  if (milliseconds === undefined || !Number.isFinite(milliseconds) || milliseconds < 1_000) {
    throw new UsageError(`"${input}" is not a duration. Use one with a unit, such as 30d, 12h, 90m or 3600s.`);
  }
  return Math.round(milliseconds / 1_000);
}

/** A feed's current answer. */
export async function readAnswer(connection: DevnetConnection, feed: Address): Promise<bigint> {
  const [, answer] = await connection.client.readContract({
    address: feed,
    abi: devPriceFeedAbi,
    functionName: "latestRoundData",
  });
  return answer;
}

/** The feed's answer decimals. */
export function readFeedDecimals(connection: DevnetConnection, feed: Address): Promise<number> {
  return connection.client.readContract({ address: feed, abi: devPriceFeedAbi, functionName: "decimals" });
}

/** Publishes `answer` on a devnet feed, timestamped now, and waits for it to be mined. */
export function postAnswer(connection: DevnetConnection, feed: Address, answer: bigint): Promise<void> {
  return sendFromDeployer(connection, {
    address: feed,
    abi: devPriceFeedAbi,
    functionName: "setAnswer",
    args: [answer],
  });
}

/** A liquid staking token's exchange rate (underlying per token, WAD). */
export function readRate(connection: DevnetConnection, rateProvider: Address): Promise<bigint> {
  return connection.client.readContract({ address: rateProvider, abi: devRateProviderAbi, functionName: "getRate" });
}
