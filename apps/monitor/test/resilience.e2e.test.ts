import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { type RunningDevnet, startDevnet } from "../../keeper/test/helpers/devnet.ts";
import { chainClients } from "../../keeper/test/helpers/keeper.ts";
import { RpcProxy } from "../../keeper/test/helpers/rpcProxy.ts";
import type { Alert } from "../src/index.ts";
import { setFeed } from "./helpers/chain.ts";
import { type RunningMonitor, settled, startInProcess, waitFor } from "./helpers/monitor.ts";
import { HttpReceiver } from "./helpers/receivers.ts";

const DEVNET_PORT = 8806;
/** PostgreSQL for the store when npm test is given one (CI starts one); the embedded store otherwise. */
const databaseUrl = process.env.KEEL_TEST_DATABASE_URL ?? process.env.KEEL_POSTGRES_URL;

describe("keel monitor under failure: RPC outage, restart, receiver down, reorg", () => {
  let devnet: RunningDevnet;
  let http: HttpReceiver;
  let proxy: RpcProxy;
  let monitor: RunningMonitor;
  let rules: string;
  let proxyUrl: string;
  const dir = mkdtempSync(path.join(tmpdir(), "keel-monitor-resilience-"));
  const schema = `keel_monitor_test_${process.pid}`;
  const env = { TEST_WEBHOOK_SECRET: "s" };
  const start = (proxyUrl: string) =>
    startInProcess(devnet, { rules, dataDir: path.join(dir, "store"), rpcUrls: [proxyUrl], env, databaseUrl, schema });
  const on = (receiverPath: string, rule?: string) =>
    http.on(receiverPath).filter((d) => rule === undefined || d.json.alert.rule === rule);

  before(async () => {
    devnet = await startDevnet(DEVNET_PORT);
    http = new HttpReceiver();
    const base = await http.listen();
    proxy = new RpcProxy(devnet.rpcUrl);
    rules = path.join(dir, "rules.json");
    const hook = (name: string) => ({ type: "webhook", url: `${base}/${name}`, secretEnv: "TEST_WEBHOOK_SECRET" });
    writeFileSync(
      rules,
      JSON.stringify({
        version: 1,
        defaults: { cooldown: "0s" },
        channels: { hook: hook("hook"), wait: hook("wait"), early: hook("early") },
        rules: [
          {
            id: "btc-drop",
            watch: { assets: ["BTC"] },
            condition: { type: "priceDrop", percent: 5, window: "1h" },
            severity: "warning",
            channels: ["hook"],
          },
          {
            id: "iso-health",
            watch: { accounts: ["isolated-borrower"], pools: [1] },
            condition: { type: "healthFactor", below: 1.3 },
            severity: "critical",
            channels: ["hook"],
          },
          // The same DAI depeg twice, 3 confirmations each: held until then, or sent at once and confirmed.
          ...(["wait", "early"] as const).map((finality) => ({
            id: `dai-${finality}`,
            watch: { assets: ["DAI"] },
            condition: { type: "depeg", bps: 100 },
            severity: "warning",
            channels: [finality],
            confirmations: 3,
            finality,
          })),
        ],
      }),
    );
    proxyUrl = await proxy.listen();
    monitor = await start(proxyUrl);
  });

  after(async () => {
    await monitor?.stop();
    await proxy?.close();
    await http?.close();
    await devnet?.stop();
    if (databaseUrl) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  it("an RPC outage delays an alert and loses nothing", async () => {
    await settled(devnet, monitor);
    proxy.decide = () => "http-500";
    await setFeed(devnet, "WBTC", "54000"); // −10%, straight to the node
    await chainClients(devnet).testClient.mine({ blocks: 2 });
    await waitFor(() => proxy.counts["http-500"] >= 10, "the monitor to meet the outage");
    await waitFor(async () => {
      const health = await (await fetch(`${monitor.url}/health`)).json();
      return typeof health.lastError === "string";
    }, "/health to report the failing passes");
    assert.equal(on("/hook").length, 0, "nothing could be read, so nothing was sent");
    proxy.decide = () => "pass";
    await settled(devnet, monitor);
    assert.equal(on("/hook", "btc-drop").length, 1);
    assert.match(on("/hook", "btc-drop")[0].json.alert.title, /WBTC down 10\.0% within 1h/);
  });

  it("a restart in the middle, with the receiver down, neither loses nor repeats an alert", async () => {
    http.failNext["/hook"] = 1_000_000;
    await setFeed(devnet, "WBTC", "45000"); // isolated-borrower's pool 1 health: 1.6 × 0.75 = 1.2
    await waitFor(() => (http.refused["/hook"] ?? 0) >= 2, "two refused attempts");
    await monitor.stop();
    http.failNext["/hook"] = 0;
    // While it is down the chain moves on, and the condition persists.
    await setFeed(devnet, "WBTC", "44000");
    await chainClients(devnet).testClient.mine({ blocks: 3 });
    monitor = await start(proxyUrl);
    await settled(devnet, monitor);
    const health = on("/hook", "iso-health");
    assert.equal(health.length, 1, "delivered once, after the restart");
    assert.match(health[0].json.alert.title, /Health factor 1\.[12]\d in pool 1/);
    assert.equal(on("/hook", "btc-drop").length, 1, "the drop still holds and is not sent again");
    const status = await (await fetch(`${monitor.url}/health`)).json();
    assert.equal(status.deliveries.pending ?? 0, 0, "/health: nothing left to deliver");
    const ids = http.received.map((d) => d.headers["x-keel-delivery"]);
    assert.equal(new Set(ids).size, ids.length, "no delivery id twice");
  });

  it("an alert waits for its confirmations; an early one is retracted when its block is reorganised away", async () => {
    const { testClient } = chainClients(devnet);
    const snapshot = await testClient.snapshot();
    await setFeed(devnet, "DAI", "0.95");
    await settled(devnet, monitor);
    assert.equal(on("/early").length, 1, "early: sent at once");
    assert.equal(on("/early")[0].json.phase, "alert");
    assert.equal(on("/wait").length, 0, "wait: not before 3 confirmations");
    await testClient.revert({ id: snapshot });
    await waitFor(() => on("/early").length === 2, "the retraction");
    const retraction = on("/early")[1].json as { phase: string; alert: Alert };
    assert.equal(retraction.phase, "retracted");
    assert.equal(retraction.alert.id, on("/early")[0].json.alert.id);
    assert.equal(on("/wait").length, 0, "the waiting alert was dropped with its block, never sent");

    await setFeed(devnet, "DAI", "0.95");
    await settled(devnet, monitor);
    assert.equal(on("/wait").length, 0);
    await testClient.mine({ blocks: 3 });
    await settled(devnet, monitor);
    assert.equal(on("/wait").length, 1, "sent at 3 confirmations");
    assert.deepEqual(
      on("/early")
        .slice(2)
        .map((d) => d.json.phase),
      ["alert", "confirmed"],
      "early: the new alert, then its confirmation",
    );
  });

  it("a reorg while the monitor is down is seen at restart: the stored block's alert is retracted", async () => {
    const { testClient } = chainClients(devnet);
    await setFeed(devnet, "DAI", "1");
    await settled(devnet, monitor);
    const before = on("/early").length;
    const snapshot = await testClient.snapshot();
    await setFeed(devnet, "DAI", "0.95");
    await settled(devnet, monitor);
    assert.equal(on("/early").length, before + 1, "sent early");
    const sent = on("/early").at(-1)?.json as { phase: string; alert: Alert };
    assert.equal(sent.phase, "alert");
    await monitor.stop();
    // While it is down, the block it stored is replaced by others.
    await testClient.revert({ id: snapshot });
    await testClient.mine({ blocks: 2 });
    monitor = await start(proxyUrl);
    await waitFor(() => on("/early").length === before + 2, "the retraction after the restart");
    const retraction = on("/early").at(-1)?.json as { phase: string; alert: Alert };
    assert.equal(retraction.phase, "retracted");
    assert.equal(retraction.alert.id, sent.alert.id);
    await settled(devnet, monitor);
    assert.equal(on("/early").length, before + 2, "and nothing else: DAI is at $1 on this chain");
  });
});
