// The keeper's benchmark (`npm run bench --workspace apps/keeper`), on the devnet `npm start` runs:
// 1. a health scan of 100,000 positions from one snapshot per pool (the keeper's offline re-check);
// 2. the keeper's reaction time: from the block of a price update to the block of its liquidation, with
//    `keel keeper` running as its own process at its default settings.
// Figures go to stdout as markdown; docs/keeper.md carries them. Wall-clock figures belong here, never in tests.

import { spawn } from "node:child_process";
import { type AccountSnapshot, getPoolSnapshot, keelPoolAbi, type PoolSnapshot } from "@keel/sdk";
import { parseEventLogs } from "viem";
import { seededRandom } from "../../../contracts/test/fixtures/crash.ts";
import { accruedPool, scanHealth } from "../src/book/accounts.ts";
import { keeperBin, startDevnet } from "../test/helpers/devnet.ts";
import { chainClients, setPrice } from "../test/helpers/keeper.ts";

const POSITIONS = 100_000;
const SCAN_RUNS = 5;
const PORT = 8779;

/** Positions spread over a pool's reserves: one to three collaterals, one or two debts, amounts spread over four decades. */
function population(pool: PoolSnapshot, count: number, random: () => number): AccountSnapshot[] {
  const reserves = pool.reserves.length;
  return Array.from({ length: count }, (_, n) => {
    const positions = pool.reserves.map(() => ({ supplyShares: 0n, collateral: 0n, debtShares: 0n }));
    const collaterals = 1 + Math.floor(random() * Math.min(3, reserves));
    for (let i = 0; i < collaterals; i++) {
      const index = Math.floor(random() * reserves);
      const decimals = BigInt(pool.reserves[index].config.decimals);
      positions[index].collateral = (BigInt(Math.floor(10 ** (random() * 4) * 1000)) * 10n ** decimals) / 1000n;
    }
    const debts = 1 + Math.floor(random() * Math.min(2, reserves - 1));
    for (let i = 0; i < debts; i++) {
      const index = Math.floor(random() * reserves);
      if (positions[index].collateral > 0n) continue;
      const decimals = BigInt(pool.reserves[index].config.decimals);
      positions[index].debtShares = (BigInt(Math.floor(10 ** (random() * 4) * 1000)) * 10n ** (decimals + 6n)) / 1000n;
    }
    return { account: `0x${n.toString(16).padStart(40, "0")}`, positions };
  });
}

const devnet = await startDevnet(PORT);
try {
  const { publicClient, testClient } = chainClients(devnet);
  const pools = await Promise.all(
    devnet.deployment.pools.map((pool) =>
      getPoolSnapshot(publicClient, { pool: devnet.deployment.contracts.pool, poolId: BigInt(pool.id) }),
    ),
  );
  // 1. The scan: 100,000 positions, split over the pools by their share of reserves.
  const random = seededRandom(100_000);
  const total = pools.reduce((sum, pool) => sum + pool.reserves.length, 0);
  const split = pools.map((pool) => ({
    pool,
    accounts: population(pool, Math.round((POSITIONS * pool.reserves.length) / total), random),
  }));
  const timings: number[] = [];
  let unhealthy = 0;
  for (let run = 0; run < SCAN_RUNS; run++) {
    const started = performance.now();
    unhealthy = 0;
    for (const { pool, accounts } of split) {
      const healths = scanHealth(accruedPool(pool), accounts);
      unhealthy += healths.filter(({ health }) => health !== undefined && health < 10n ** 18n).length;
    }
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  const scanned = split.reduce((sum, { accounts }) => sum + accounts.length, 0);

  // 2. Reaction: `keel keeper` running, ETH drops, the liquidations' blocks and the time they took.
  const keeper = spawn(
    process.execPath,
    [keeperBin, "--manifest", devnet.manifestPath, "--account", "keeper", "--port", "0"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  keeper.stdout.on("data", (chunk) => {
    output += chunk;
  });
  const waitFor = async (test: () => boolean | Promise<boolean>, what: string) => {
    for (let i = 0; i < 1200; i++) {
      if (await test()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}\n${output}`);
  };
  await waitFor(() => /"http":"http/.test(output), "the keeper to start");
  await waitFor(async () => {
    const health = await fetch(healthUrl(output)).then((r) => r.json());
    return health.healthy === true && health.pendingTransactions === 0;
  }, "the keeper's first head and approvals");
  const sentAt = performance.now();
  const hash = await setPrice(devnet, "WETH", 1500n);
  const update = await publicClient.waitForTransactionReceipt({ hash });
  let liquidationBlocks: bigint[] = [];
  await waitFor(async () => {
    const logs = await publicClient.getLogs({
      address: devnet.deployment.contracts.pool,
      fromBlock: update.blockNumber,
    });
    liquidationBlocks = parseEventLogs({ abi: keelPoolAbi, eventName: "Liquidate", logs }).map(
      (log) => log.blockNumber,
    );
    return liquidationBlocks.length >= 2;
  }, "the liquidations");
  const reactedMs = performance.now() - sentAt;
  keeper.kill("SIGINT");
  await testClient.setAutomine(true);

  console.log(`| figure | value |
| --- | ---: |
| positions scanned from one snapshot per pool | ${scanned.toLocaleString("en-US")} |
| scan time, median of ${SCAN_RUNS} | ${timings[Math.floor(SCAN_RUNS / 2)].toFixed(0)} ms |
| scan time, fastest | ${timings[0].toFixed(0)} ms |
| per position | ${((timings[Math.floor(SCAN_RUNS / 2)] * 1000) / scanned).toFixed(2)} µs |
| positions below health 1 in the sample | ${unhealthy.toLocaleString("en-US")} |
| price update block → liquidation blocks | ${update.blockNumber} → ${liquidationBlocks.join(", ")} (+${liquidationBlocks.map((b) => b - update.blockNumber).join(", +")}) |
| price update sent → last liquidation mined | ${reactedMs.toFixed(0)} ms (poll interval 1,000 ms) |`);
} finally {
  await devnet.stop();
}

function healthUrl(output: string): string {
  const match = output.match(/"http":"(http:\/\/[^"]+)"/);
  if (match === null) throw new Error("the keeper has not said where /health is");
  return `${match[1]}/health`;
}
