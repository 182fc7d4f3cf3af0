import pc from "picocolors";
import { formatUnits } from "viem";
import type { GlobalOptions } from "../../lib/context.ts";
import { connectDevnet } from "./connect.ts";
import { parseDuration, postAnswer, readAnswer, readRate } from "./feeds.ts";
import { describeHealthChanges, readHealths } from "./health.ts";
import { alignPairs, describePairMove } from "./pairs.ts";
import { describeVaultChanges, readVaults } from "./vaults.ts";

const rateText = (rateWad: bigint) => Number(formatUnits(rateWad, 18)).toFixed(6);
const date = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");

/**
 * `keel devnet advance <duration>`: moves the chain's clock forward and mines a block. Interest
 * accrues by itself; the adapters refuse answers older than their maximum age, so every feed's
 * answer is posted again at the new time. A liquid staking token's exchange rate grows with time
 * and its market feed follows that growth, so its price keeps matching its fundamental value; the
 * Uniswap pairs holding such a token are traded to its new price.
 */
export async function advanceTime(duration: string, options: GlobalOptions): Promise<void> {
  const seconds = parseDuration(duration);
  const connection = await connectDevnet(options);
  const { manifest, client, testClient } = connection;
  const tokens = Object.values(manifest.tokens);
  const before = await readHealths(client, manifest);
  const vaultsBefore = await readVaults(client, manifest);
  const startTime = (await client.getBlock()).timestamp;
  const ratesBefore = new Map<string, bigint>();
  for (const token of tokens) {
    if (token.rateProvider !== undefined) ratesBefore.set(token.symbol, await readRate(connection, token.rateProvider));
  }

  await testClient.increaseTime({ seconds });
  await testClient.mine({ blocks: 1 });
  const endTime = (await client.getBlock()).timestamp;
  console.log(`Time moved ${pc.bold(duration)}: ${date(startTime)} → ${date(endTime)}`);

  for (const token of tokens) {
    const answer = await readAnswer(connection, token.feed);
    const rateBefore = ratesBefore.get(token.symbol);
    if (token.rateProvider === undefined || rateBefore === undefined) {
      await postAnswer(connection, token.feed, answer);
      continue;
    }
    const rateAfter = await readRate(connection, token.rateProvider);
    await postAnswer(connection, token.feed, (answer * rateAfter) / rateBefore);
    console.log(
      `${token.symbol} exchange rate: ${rateText(rateBefore)} → ${rateText(rateAfter)} (its market feed follows)`,
    );
  }
  console.log(`Feeds refreshed at the new time: ${tokens.map((t) => t.symbol).join(", ")}.`);
  const grown = [...ratesBefore.keys()];
  for (const move of await alignPairs(connection, grown)) console.log(describePairMove(move));
  console.log(describeHealthChanges(before, await readHealths(client, manifest)).join("\n"));
  const vaultLines = describeVaultChanges(vaultsBefore, await readVaults(client, manifest));
  if (vaultLines.length > 0) console.log(vaultLines.join("\n"));
}
