import { type KeelDeployment, lstAdapterAbi } from "@keel/sdk";
import { isAddressEqual } from "viem";
import type { GlobalOptions } from "../../lib/context.ts";
import { connectDevnet, type DevnetConnection } from "./connect.ts";
import { parsePrice, postAnswer, readAnswer, readFeedDecimals, resolveToken } from "./feeds.ts";
import { describeHealthChanges, readHealths } from "./health.ts";
import { alignPairs, describePairMove } from "./pairs.ts";
import { describeOraclePrice, formatAnswer } from "./prices.ts";
import { describeVaultChanges, readVaults } from "./vaults.ts";

type Token = KeelDeployment["tokens"][string];

/** The liquid staking tokens whose adapter prices them from `token`'s oracle (wstETH for WETH). */
async function stakedOn(connection: DevnetConnection, token: Token): Promise<Token[]> {
  const staked: Token[] = [];
  for (const candidate of Object.values(connection.manifest.tokens)) {
    if (candidate.rateProvider === undefined) continue;
    const underlyingOracle = await connection.client.readContract({
      address: candidate.oracle,
      abi: lstAdapterAbi,
      functionName: "underlyingOracle",
    });
    if (isAddressEqual(underlyingOracle, token.oracle)) staked.push(candidate);
  }
  return staked;
}

/**
 * `keel devnet price <symbol> <usd>`: sets a token's USD feed. Liquid staking tokens are priced
 * against their underlying, so their market feed moves with it (ETH −20% moves wstETH −20%) and a
 * depeg set on the token itself is kept. Every Uniswap pair holding a moved token is then traded to
 * the new price, as arbitrageurs would, so a swap on the devnet pays what the feeds say. Prints the
 * prices the pools now read, the pairs' prices, and every borrower's health before and after.
 */
export async function setPrice(symbol: string, usd: string, options: GlobalOptions): Promise<void> {
  const connection = await connectDevnet(options);
  const { manifest, client } = connection;
  const token = resolveToken(manifest, symbol);
  const decimals = await readFeedDecimals(connection, token.feed);
  const answer = parsePrice(usd, decimals);
  const before = await readHealths(client, manifest);
  const vaultsBefore = await readVaults(client, manifest);

  const oldAnswer = await readAnswer(connection, token.feed);
  await postAnswer(connection, token.feed, answer);
  const moved = [{ symbol: token.symbol, from: oldAnswer, to: answer, decimals }];
  for (const follower of await stakedOn(connection, token)) {
    const followerDecimals = await readFeedDecimals(connection, follower.feed);
    const from = await readAnswer(connection, follower.feed);
    const to = (from * answer) / oldAnswer;
    await postAnswer(connection, follower.feed, to);
    moved.push({ symbol: follower.symbol, from, to, decimals: followerDecimals });
  }

  for (const change of moved) {
    const price = await describeOraclePrice(client, manifest.tokens[change.symbol]);
    console.log(
      `${change.symbol} feed: ${formatAnswer(change.from, change.decimals)} → ${formatAnswer(change.to, change.decimals)} (pools read ${price})`,
    );
  }
  const pairMoves = await alignPairs(
    connection,
    moved.map((change) => change.symbol),
  );
  for (const move of pairMoves) console.log(describePairMove(move));
  console.log(describeHealthChanges(before, await readHealths(client, manifest)).join("\n"));
  const vaultLines = describeVaultChanges(vaultsBefore, await readVaults(client, manifest));
  if (vaultLines.length > 0) console.log(vaultLines.join("\n"));
}
