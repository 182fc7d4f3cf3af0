// The indexer's benchmark (`npm run bench --workspace apps/indexer`), on the devnet `npm start` runs:
// 1. backfill: a generated history of at least 100,000 indexed events (supplies, collateral, borrows,
//    repays and withdrawals by many accounts, many transactions a block), then a fresh indexer timed
//    from its start to the head, in events per second;
// 2. API latency under load: 500 requests a second for 20 s (after 5 s of warm-up) on loopback against
//    the market table and one account's positions, with autocannon; p50, p99 and the slowest answer.
// On PGlite, or on PostgreSQL when KEEL_TEST_DATABASE_URL is set. Figures go to stdout as markdown;
// docs/indexer.md carries them. Wall-clock figures belong here, never in tests.

import { performance } from "node:perf_hooks";
import { devTokenAbi, keelPoolAbi } from "@keel/sdk";
import autocannon from "autocannon";
import { type Address, encodeFunctionData, type Hex, parseEventLogs, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { seededRandom } from "../../../contracts/test/fixtures/crash.ts";
import { startDevnet } from "../../keeper/test/helpers/devnet.ts";
import { chainClients, mineOne } from "../../keeper/test/helpers/keeper.ts";
import { freshDataDir, startIndexer } from "../test/helpers/indexer.ts";

const TARGET_EVENTS = Number(process.env.KEEL_BENCH_EVENTS ?? 100_000);
const ACCOUNTS = 64;
const TXS_PER_BLOCK = 150;
const RATE = 500;
const SECONDS = 20;
const DEVNET_PORT = 8795;
const INDEXER_PORT = 8796;
const GAS = 600_000n;

const devnet = await startDevnet(DEVNET_PORT);
// A failure anywhere below still stops the node and the indexers this run started.
const started: { stop: () => Promise<unknown> }[] = [devnet];
process.on("uncaughtException", async (error) => {
  console.error(error);
  for (const service of started.reverse()) await service.stop().catch(() => undefined);
  process.exit(1);
});
const { publicClient, testClient } = chainClients(devnet);
const { deployment } = devnet;
const pool = deployment.contracts.pool;
const core = deployment.pools[0];
const reserveOf = (symbol: string) => BigInt(core.reserves.find((r) => r.symbol === symbol)?.index ?? Number.NaN);
const USDC = reserveOf("USDC");
const WETH = reserveOf("WETH");
const usdc = deployment.tokens.USDC.address;
const weth = deployment.tokens.WETH.address;
const random = seededRandom(15);

/** Raw signed transactions sent in JSON-RPC batches, mined TXS_PER_BLOCK at a time. */
async function sendAll(raw: Hex[]): Promise<void> {
  for (let i = 0; i < raw.length; i += TXS_PER_BLOCK) {
    const batch = raw
      .slice(i, i + TXS_PER_BLOCK)
      .map((tx, n) => ({ jsonrpc: "2.0", id: n, method: "eth_sendRawTransaction", params: [tx] }));
    const response = await fetch(devnet.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(batch),
    });
    const answers = (await response.json()) as { error?: { message: string } }[];
    const refused = answers.find((a) => a.error);
    if (refused) throw new Error(`a benchmark transaction was refused: ${refused.error?.message}`);
    await mineOne(devnet);
  }
}

const accounts = Array.from({ length: ACCOUNTS }, () => privateKeyToAccount(generatePrivateKey()));
const nonces = new Map<Address, number>(accounts.map((a) => [a.address, 0]));
const gasPrice = (await publicClient.getGasPrice()) * 2n;
const sign = (account: (typeof accounts)[number], to: Address, data: Hex) => {
  const nonce = nonces.get(account.address) ?? 0;
  nonces.set(account.address, nonce + 1);
  return account.signTransaction({ chainId: deployment.chainId, type: "legacy", to, data, nonce, gas: GAS, gasPrice });
};
const call = (abi: typeof keelPoolAbi | typeof devTokenAbi, functionName: string, args: unknown[]) =>
  encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);

// ----- 1. history -----

const generateStart = performance.now();
await testClient.setAutomine(false);
const setup: Hex[] = [];
for (const account of accounts) {
  await testClient.setBalance({ address: account.address, value: parseUnits("1000", 18) });
  setup.push(await sign(account, usdc, call(devTokenAbi, "mint", [account.address, parseUnits("100000000", 6)])));
  setup.push(await sign(account, weth, call(devTokenAbi, "mint", [account.address, parseUnits("100000", 18)])));
  setup.push(await sign(account, usdc, call(devTokenAbi, "approve", [pool, 2n ** 255n])));
  setup.push(await sign(account, weth, call(devTokenAbi, "approve", [pool, 2n ** 255n])));
}
await sendAll(setup);

/** One account's round: every money-market operation once, sized at random, never refused. */
async function round(account: (typeof accounts)[number]): Promise<Hex[]> {
  const me = account.address;
  const units = (max: number, decimals: number) => parseUnits(String(1 + Math.floor(random() * max)), decimals);
  const supplied = units(5000, 6);
  const borrowed = units(200, 6);
  return Promise.all([
    sign(account, pool, call(keelPoolAbi, "supply", [0n, USDC, supplied, 0n, me])),
    sign(account, pool, call(keelPoolAbi, "supplyCollateral", [0n, WETH, parseUnits("1", 18), me])),
    sign(account, pool, call(keelPoolAbi, "borrow", [0n, USDC, borrowed, 0n, me, me])),
    sign(account, pool, call(keelPoolAbi, "repay", [0n, USDC, borrowed / 2n, 0n, me])),
    sign(account, pool, call(keelPoolAbi, "withdraw", [0n, USDC, supplied / 2n, 0n, me, me])),
    sign(account, pool, call(keelPoolAbi, "withdrawCollateral", [0n, WETH, parseUnits("0.5", 18), me, me])),
  ]);
}

/** Pool events the indexer handles, counted from the deployment's first block up to `toBlock`. */
let counted = BigInt(deployment.startBlock) - 1n;
let count = 0;
async function indexedEvents(toBlock: bigint): Promise<number> {
  for (let from = counted + 1n; from <= toBlock; from += 25n) {
    const to = from + 24n < toBlock ? from + 24n : toBlock;
    const logs = await publicClient.getLogs({ address: pool, fromBlock: from, toBlock: to });
    count += parseEventLogs({ abi: keelPoolAbi, logs }).filter(
      (l) => !["UseNonce", "EIP712DomainChanged"].includes(l.eventName),
    ).length;
  }
  counted = toBlock;
  return count;
}

let events = await indexedEvents(await publicClient.getBlockNumber());
while (events < TARGET_EVENTS) {
  const raw: Hex[] = [];
  for (let i = 0; i < 10; i++) for (const account of accounts) raw.push(...(await round(account)));
  await sendAll(raw);
  events = await indexedEvents(await publicClient.getBlockNumber());
  process.stderr.write(`\rhistory: ${events} pool events`);
}
await testClient.setAutomine(true);
const head = await publicClient.getBlockNumber();
const generateSeconds = (performance.now() - generateStart) / 1000;
process.stderr.write(`\n`);

// ----- 2. backfill -----

const dataDir = freshDataDir();
const backfillStart = performance.now();
const first = await startIndexer(devnet.manifestPath, INDEXER_PORT, {
  dataDir,
  schema: "keel_first",
  keepData: true,
  pollingMs: 1000,
});
started.push(first);
await first.waitFor(head, 3_600_000);
const backfillSeconds = (performance.now() - backfillStart) / 1000;
process.stderr.write(`${phases(first.output()).join("\n")}\n`);
const coldBackfill = backfillDuration(first.output());
await first.stop();

// A new build on the same database (a deploy of changed code): Ponder replays the chain data it
// cached, so this measures the handlers and the database alone.
const reindexStart = performance.now();
const indexer = await startIndexer(devnet.manifestPath, INDEXER_PORT, {
  dataDir,
  schema: "keel_second",
  keepData: true,
  pollingMs: 1000,
});
started.push(indexer);
await indexer.waitFor(head, 3_600_000);
const reindexSeconds = (performance.now() - reindexStart) / 1000;
const warmBackfill = backfillDuration(indexer.output());
// The backfill covers the blocks up to the finalized one; the last 30 are indexed live, block by block.
counted = BigInt(deployment.startBlock) - 1n;
count = 0;
const backfilledEvents = await indexedEvents(head - 30n);
process.stderr.write(`${phases(indexer.output()).join("\n")}\n`);

/** Ponder's own timing of its backfill (up to the finalized block, 30 below the head here), in seconds. */
function backfillDuration(output: string): number {
  for (const line of output.split("\n")) {
    try {
      const entry = JSON.parse(line) as { msg: string; duration?: number };
      if (entry.msg.startsWith("Completed backfill indexing") && entry.duration !== undefined)
        return entry.duration / 1000;
    } catch {
      // not a log line
    }
  }
  throw new Error("Ponder did not report its backfill");
}

function phases(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => /backfill|Created database|Connected to/.test(line))
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { msg: string; duration?: number };
        return `${entry.msg}${entry.duration === undefined ? "" : ` (${(entry.duration / 1000).toFixed(1)} s)`}`;
      } catch {
        return line;
      }
    });
}

// ----- 3. latency -----

async function load(path: string) {
  // A 5 s warm-up at the same rate, not counted: the first answer of a URL is computed while the
  // others wait for it, and the database settles after the backfill.
  await autocannon({ url: `${indexer.url}${path}`, connections: 50, overallRate: RATE, duration: 5 });
  const result = await autocannon({
    url: `${indexer.url}${path}`,
    connections: 50,
    overallRate: RATE,
    duration: SECONDS,
  });
  return {
    path,
    requests: result.requests.total,
    non2xx: result.non2xx + result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}
const borrower = accounts[0].address;
const latencies = [await load("/v1/markets"), await load(`/v1/accounts/${borrower}/positions`)];

await indexer.stop();
await devnet.stop();

const database = process.env.KEEL_TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
console.log(`\n### Indexer benchmark (${database})\n`);
console.log(
  `History: ${events.toLocaleString("en-US")} indexed pool events in ${head} blocks, generated in ${generateSeconds.toFixed(0)} s.\n`,
);
console.log("| measure | figure |\n| --- | ---: |");
const perSecond = (n: number, seconds: number) => `${Math.round(n / seconds).toLocaleString("en-US")} events/s`;
console.log(
  `| cold: backfill of ${backfilledEvents.toLocaleString("en-US")} events, RPC included (Ponder's timing) | ${coldBackfill.toFixed(1)} s, ${perSecond(backfilledEvents, coldBackfill)} |`,
);
console.log(
  `| cold: start to head, with the last 30 blocks live | ${backfillSeconds.toFixed(1)} s, ${perSecond(events, backfillSeconds)} |`,
);
console.log(
  `| redeploy: backfill from Ponder's chain-data cache (Ponder's timing) | ${warmBackfill.toFixed(1)} s, ${perSecond(backfilledEvents, warmBackfill)} |`,
);
console.log(
  `| redeploy: start to head, with the last 30 blocks live | ${reindexSeconds.toFixed(1)} s, ${perSecond(events, reindexSeconds)} |`,
);
console.log(
  `\n| endpoint at ${RATE} req/s for ${SECONDS} s | requests | errors | p50 | p99 | max |\n| --- | ---: | ---: | ---: | ---: | ---: |`,
);
for (const l of latencies) {
  console.log(
    `| \`${l.path.replace(borrower, "<account>")}\` | ${l.requests} | ${l.non2xx} | ${l.p50} ms | ${l.p99} ms | ${l.max} ms |`,
  );
}
