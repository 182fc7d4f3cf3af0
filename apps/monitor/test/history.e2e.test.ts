import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type RunningIndexer, startIndexer } from "../../indexer/test/helpers/indexer.ts";
import { type RunningDevnet, startDevnet } from "../../keeper/test/helpers/devnet.ts";
import { chainClients } from "../../keeper/test/helpers/keeper.ts";
import { setFeed } from "./helpers/chain.ts";
import { type RunningMonitor, settled, startInProcess } from "./helpers/monitor.ts";
import { HttpReceiver } from "./helpers/receivers.ts";

const DEVNET_PORT = 8808;
const INDEXER_PORT = 8809;

describe("keel monitor with the indexer: window history older than its own samples", () => {
  let devnet: RunningDevnet;
  let indexer: RunningIndexer;
  let http: HttpReceiver;
  let rules: string;
  const monitors: RunningMonitor[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), "keel-monitor-history-"));

  before(async () => {
    devnet = await startDevnet(DEVNET_PORT);
    indexer = await startIndexer(devnet.manifestPath, INDEXER_PORT);
    await indexer.waitFor(await chainClients(devnet).publicClient.getBlockNumber());
    http = new HttpReceiver();
    const base = await http.listen();
    rules = path.join(dir, "rules.json");
    writeFileSync(
      rules,
      JSON.stringify({
        version: 1,
        channels: { hook: { type: "webhook", url: `${base}/hook`, secretEnv: "S" } },
        rules: [
          {
            id: "eth-drop",
            watch: { assets: ["ETH"] },
            condition: { type: "priceDrop", percent: 10, window: "1h" },
            severity: "warning",
            channels: ["hook"],
          },
        ],
      }),
    );
  });

  after(async () => {
    for (const monitor of monitors) await monitor.stop();
    await http?.close();
    await indexer?.stop();
    await devnet?.stop();
  });

  it("a drop that happened before the monitor started is measured from the indexer's hourly prices", async () => {
    // The indexer saw ETH at $3,000 (the devnet's seeding); the monitor starts after the fall to $2,600.
    await setFeed(devnet, "WETH", "2600");
    const alone = await startInProcess(devnet, { rules, dataDir: path.join(dir, "alone"), env: { S: "s" } });
    monitors.push(alone);
    await settled(devnet, alone);
    assert.equal(http.received.length, 0, "without history, the window starts with the monitor: no drop seen");

    const withHistory = await startInProcess(devnet, {
      rules,
      dataDir: path.join(dir, "with-history"),
      env: { S: "s" },
      indexerUrl: indexer.url,
    });
    monitors.push(withHistory);
    await settled(devnet, withHistory);
    const alerts = http.on("/hook");
    assert.equal(alerts.length, 1);
    assert.match(alerts[0].json.alert.title, /^WETH down 13\.3% within 1h$/);
    assert.match(
      alerts[0].json.alert.details[0],
      /below \$3,000\.00, its highest within 1h \(from the indexer's history\)/,
    );
  });
});
