// The monitor's figures: what one pass costs (time and JSON-RPC requests) for the devnet's rule set and
// for a wide one, and how fast the outbox delivers to a local webhook. Run: npm run bench --workspace
// apps/monitor (starts its own devnet on port 8807; prints a table and writes bench/results.json).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger, createReadClient } from "@keel/keeper";
import { startDevnet } from "../../keeper/test/helpers/devnet.ts";
import { chainClients } from "../../keeper/test/helpers/keeper.ts";
import { RpcProxy } from "../../keeper/test/helpers/rpcProxy.ts";
import { createChannel } from "../src/channels/channels.ts";
import { Outbox } from "../src/engine/outbox.ts";
import { Samples } from "../src/engine/samples.ts";
import type { Alert } from "../src/engine/types.ts";
import { Monitor } from "../src/monitor.ts";
import { createMetrics } from "../src/observe/metrics.ts";
import { loadRules } from "../src/rules/load.ts";
import { openSql } from "../src/store/sql.ts";
import { Store } from "../src/store/store.ts";
import { HttpReceiver } from "../test/helpers/receivers.ts";

const BLOCKS = 40;
const DELIVERIES = 1000;
const here = path.dirname(new URL(import.meta.url).pathname);
const devnet = await startDevnet(8807);
const proxy = new RpcProxy(devnet.rpcUrl);
const proxyUrl = await proxy.listen();
const log = createLogger({ log: { level: "silent", format: "json" } }, "keel-monitor");
const results: Record<string, unknown> = {};

const wide = path.join(mkdtempSync(path.join(tmpdir(), "keel-monitor-bench-")), "wide.yaml");
const labels = devnet.deployment.accounts.map((a) => a.label);
writeFileSync(
  wide,
  `version: 1
channels: { out: { type: stdout } }
rules:
  - { id: health, watch: { accounts: [${labels.join(", ")}] }, condition: { type: healthFactor, below: 1.0 }, severity: info, channels: [out] }
  - { id: vaults, watch: { protocol: true }, condition: { type: vaultRatio, below: 1.5 }, severity: info, channels: [out] }
  - { id: drops, watch: { assets: [${Object.keys(devnet.deployment.tokens).join(", ")}] }, condition: { type: priceDrop, percent: 10, window: 1h }, severity: info, channels: [out] }
  - { id: pegs, watch: { assets: [USDC, DAI, kUSD] }, condition: { type: depeg, bps: 100, outflowPercent: 20, window: 1h }, severity: info, channels: [out] }
  - { id: rates, watch: { protocol: true }, condition: { type: rateSwing, points: 2, window: 1h }, severity: info, channels: [out] }
  - { id: utilization, watch: { protocol: true }, condition: { type: utilization, above: 95 }, severity: info, channels: [out] }
`,
);

for (const [name, file] of [
  ["devnet rule set", path.resolve(here, "../examples/devnet.yaml")],
  ["every account, vault, asset and reserve", wide],
] as const) {
  const rules = loadRules(file, devnet.deployment, {});
  const client = createReadClient({
    rpcUrls: [proxyUrl],
    chainId: devnet.deployment.chainId,
    timeoutMs: 4000,
    batch: process.env.KEEL_BENCH_NO_BATCH !== "1",
  });
  const sql = await openSql({});
  const store = await Store.open(sql);
  const monitor = new Monitor({
    client,
    deployment: devnet.deployment,
    rules: rules.rules,
    store,
    samples: new Samples(),
    log,
    metrics: createMetrics(),
    reorgDepth: 64,
    logRange: 2000,
  });
  const times: number[] = [];
  const requests: number[] = [];
  const { testClient, publicClient } = chainClients(devnet);
  for (let i = 0; i < BLOCKS; i++) {
    await testClient.mine({ blocks: 1 });
    const block = await publicClient.getBlock();
    const before = proxy.counts.pass;
    const started = performance.now();
    await monitor.evaluate({ number: block.number, hash: block.hash, timestamp: block.timestamp }, []);
    times.push(performance.now() - started);
    requests.push(proxy.counts.pass - before);
  }
  times.sort((a, b) => a - b);
  const observed = rules.rules.length;
  results[name] = {
    rules: observed,
    passMsMedian: Math.round(times[Math.floor(times.length / 2)]),
    passMsP95: Math.round(times[Math.floor(times.length * 0.95)]),
    httpRequestsPerPass: Math.round(requests.reduce((a, b) => a + b, 0) / requests.length),
  };
  await sql.close();
}

// The outbox: DELIVERIES alerts queued, delivered to a local signed-webhook receiver.
{
  const receiver = new HttpReceiver();
  const url = await receiver.listen();
  const sql = await openSql({});
  const store = await Store.open(sql);
  const alert = (i: number): Alert => ({
    id: `bench-${i}`,
    key: `k${i}`,
    rule: "bench",
    condition: "healthFactor",
    severity: "info",
    kind: "fired",
    escalation: 0,
    chainId: 31337,
    block: { number: "1", hash: "0x01", timestamp: "1" },
    title: `Alert ${i}`,
    details: ["A figure."],
    fix: ["A fix."],
    data: {},
  });
  await store.commit(
    31337,
    {
      block: { number: 1n, hash: "0x01", timestamp: 1n },
      states: new Map(),
      alerts: Array.from({ length: DELIVERIES }, (_, i) => ({
        alert: alert(i),
        confirmations: 0,
        finality: "wait" as const,
        channels: ["hook"],
      })),
      samples: [],
    },
    { block: 0n, timestamp: 0n },
  );
  const outbox = new Outbox(
    store,
    { hook: createChannel({ type: "webhook", url: `${url}/hook`, secretEnv: "S" }, { S: "s" }, () => {}) },
    log,
    createMetrics(),
  );
  const started = performance.now();
  while (receiver.received.length < DELIVERIES) await outbox.flush();
  const seconds = (performance.now() - started) / 1000;
  results.outbox = {
    deliveries: DELIVERIES,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(DELIVERIES / seconds),
  };
  await sql.close();
  await receiver.close();
}

await proxy.close();
await devnet.stop();
console.table(results);
writeFileSync(path.resolve(here, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
