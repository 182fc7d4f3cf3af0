import path from "node:path";
import { parseArgs } from "node:util";
import { createLogger, createReadClient, shutdownSignal } from "@keel/keeper";
import { plainText } from "./channels/text.ts";
import { ConfigError, ENVIRONMENT, loadConfig } from "./config.ts";
import { Samples } from "./engine/samples.ts";
import { readManifest, startMonitor } from "./main.ts";
import { Monitor } from "./monitor.ts";
import { createMetrics } from "./observe/metrics.ts";
import { loadRules, RulesError } from "./rules/load.ts";
import { openSql } from "./store/sql.ts";
import { Store } from "./store/store.ts";

const HELP = `Usage: keel monitor [options]

Watches Keel positions, markets and governance, and sends an alert once per condition, with what to
do about it, to webhooks, Slack, Discord, Telegram, email or the terminal.

Options:
  --rules <file>         rules file, YAML or JSON (default monitor.rules.yaml; see docs/monitor.md)
  --check                validate the rules against the schema and the deployment, then exit
  --dry-run              evaluate the rules over past blocks and print the alerts, sending nothing
  --from <block>         first block of --dry-run (default: 100 blocks before --to)
  --to <block>           last block of --dry-run (default: the head)
  --rpc <url>            JSON-RPC endpoint; repeat for fallbacks (default: the manifest's rpcUrl)
  --manifest <file>      deployment manifest (default: deployments/devnet.json)
  --database-url <url>   PostgreSQL for the monitor's state (default: the embedded store in --data-dir)
  --data-dir <dir>       the embedded store's folder (default: .keel/monitor)
  --indexer <url>        the Keel indexer, for window history older than the monitor's own
  --port <port>          port of /health and /metrics (default 9465; 0 for any free port)
  --log-format <format>  json or pretty
  -h, --help             this help

Environment: ${Object.entries(ENVIRONMENT)
  .map(([name, setting]) => `${name} (${setting})`)
  .join(", ")}.
`;

const integer = (name: string, text: string | undefined) => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new ConfigError(`--${name} must be a whole number, not "${text}".`);
  return Number(text);
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rules: { type: "string" },
      check: { type: "boolean" },
      "dry-run": { type: "boolean" },
      from: { type: "string" },
      to: { type: "string" },
      rpc: { type: "string", multiple: true },
      manifest: { type: "string" },
      "database-url": { type: "string" },
      "data-dir": { type: "string" },
      indexer: { type: "string" },
      port: { type: "string" },
      "log-format": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const cwd = process.env.INIT_CWD ?? process.cwd();
  if (values.check) {
    // Needs the manifest and the environment, not a chain.
    const env = process.env;
    const manifest = path.resolve(cwd, values.manifest ?? env.KEEL_MONITOR_MANIFEST ?? "deployments/devnet.json");
    const file = path.resolve(cwd, values.rules ?? env.KEEL_MONITOR_RULES ?? "monitor.rules.yaml");
    const rules = loadRules(file, readManifest(manifest));
    process.stdout.write(
      `${file}: ${rules.rules.length} rules, ${Object.keys(rules.channels).length} channels, valid.\n`,
    );
    return 0;
  }
  const config = loadConfig({
    flags: {
      rules: values.rules,
      rpc: values.rpc,
      manifest: values.manifest,
      databaseUrl: values["database-url"],
      dataDir: values["data-dir"],
      indexer: values.indexer,
      port: integer("port", values.port),
      logFormat: values["log-format"],
    },
    env: process.env,
    cwd,
    manifestRpcUrl: (file) => {
      try {
        return readManifest(file).rpcUrl;
      } catch {
        return undefined;
      }
    },
  });
  if (values["dry-run"]) return dryRun(config, integer("from", values.from), integer("to", values.to));
  const log = createLogger(config, "keel-monitor");
  const { done } = await startMonitor(config, shutdownSignal(log), { log });
  await done;
  return 0;
}

/** --dry-run: the alerts the rules would have raised over a past range, as text, nothing stored or sent. */
async function dryRun(config: ReturnType<typeof loadConfig>, from?: number, to?: number): Promise<number> {
  const deployment = readManifest(config.manifest);
  const rules = loadRules(config.rules, deployment);
  const client = createReadClient({
    rpcUrls: config.rpcUrls,
    chainId: deployment.chainId,
    timeoutMs: config.rpcTimeoutMs,
    batch: true,
  });
  const last = to === undefined ? await client.getBlockNumber() : BigInt(to);
  const first = from === undefined ? (last > 100n ? last - 100n : 0n) : BigInt(from);
  if (first > last) throw new ConfigError(`--from (${first}) is after --to (${last}).`);
  const sql = await openSql({});
  const store = await Store.open(sql);
  const log = createLogger({ log: { level: "warn", format: "json" } }, "keel-monitor");
  const monitor = new Monitor({
    client,
    deployment,
    rules: rules.rules,
    store,
    samples: new Samples(),
    log,
    metrics: createMetrics(),
    reorgDepth: config.reorgDepth,
    logRange: config.logRange,
  });
  const count = await monitor.replay(first, last, (alert) => process.stdout.write(`${plainText(alert, "alert")}\n\n`));
  process.stdout.write(`Dry run over blocks ${first}–${last}: ${count} alert${count === 1 ? "" : "s"}, none sent.\n`);
  await sql.close();
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof RulesError) {
      process.stderr.write(`keel monitor: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(
      `keel monitor failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
