// `npm start`: the whole of Keel on one machine. It starts the devnet (`keel devnet`: the chain, Keel,
// Uniswap, Aave and Morpho, seeded accounts), waits until it is ready, then starts the services against
// its manifest: the keeper (`keel keeper` with the devnet's funded keeper account), the indexer with
// its API (apps/indexer, on the embedded database unless DATABASE_URL is set), and the monitor with the
// devnet's rule set (apps/monitor/examples/devnet.yaml), printing alerts to this terminal, and the app
// (apps/web, built by `npm start`'s prestart) at the URL it prints last. Each service's lines
// are prefixed with its name. Ctrl-C (or SIGTERM) stops the services first, then the chain; the first
// one to fail stops the rest, and its exit code is the command's.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const keel = fileURLToPath(new URL("../apps/cli/bin/keel.js", import.meta.url));
const indexer = fileURLToPath(new URL("../apps/indexer/start.ts", import.meta.url));
const KEEPER_PORT = process.env.KEEL_KEEPER_PORT ?? "9464";
const INDEXER_PORT = process.env.KEEL_INDEXER_PORT ?? "42069";
const MONITOR_PORT = process.env.KEEL_MONITOR_PORT ?? "9465";
const WEB_PORT = process.env.KEEL_WEB_PORT ?? "5173";
const web = fileURLToPath(new URL("../apps/web/server/bin.ts", import.meta.url));
const monitorRules = fileURLToPath(new URL("../apps/monitor/examples/devnet.yaml", import.meta.url));
const monitorData = fileURLToPath(new URL("../.keel/monitor-devnet", import.meta.url));

type Service = { name: string; child: ChildProcess; exited: Promise<number> };
const services: Service[] = [];
let stopping = false;

function start(name: string, args: string[], env: Record<string, string> = {}, prefix = true, script = keel): Service {
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const label = prefix ? `${name.padEnd(7)} │ ` : "";
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) (stream === child.stderr ? process.stderr : process.stdout).write(`${label}${line}\n`);
    });
  }
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  const service = { name, child, exited };
  services.push(service);
  exited.then((code) => {
    if (!stopping) {
      console.error(`\n${name} stopped (exit ${code}); stopping the rest.`);
      void stopAll(code === 0 ? 1 : code);
    }
  });
  return service;
}

async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Services first (they may be mid-transaction), then the chain they talk to.
  for (const service of [...services].reverse()) {
    service.child.kill("SIGINT");
    await service.exited;
  }
  process.exit(code);
}

process.on("SIGINT", () => void stopAll(0));
process.on("SIGTERM", () => void stopAll(0));

const devnet = start("devnet", ["devnet", ...process.argv.slice(2)], {}, false);
await new Promise<void>((resolve) => {
  let seen = "";
  devnet.child.stdout?.on("data", (chunk: Buffer) => {
    seen += chunk.toString();
    if (seen.includes("Press Ctrl-C to stop")) resolve();
  });
});
// The services follow the manifest the devnet wrote: its default, or the one `npm start -- --manifest` named.
const manifestAt = process.argv.indexOf("--manifest");
const manifest = manifestAt >= 0 ? process.argv[manifestAt + 1] : undefined;
start(
  "keeper",
  ["keeper", "--account", "keeper", "--port", KEEPER_PORT, ...(manifest ? ["--manifest", manifest] : [])],
  { KEEL_KEEPER_LOG_FORMAT: "pretty" },
);
start(
  "indexer",
  ["--port", INDEXER_PORT],
  { KEEL_INDEXER_LOG_FORMAT: "pretty", ...(manifest ? { KEEL_INDEXER_MANIFEST: manifest } : {}) },
  true,
  indexer,
);
// The monitor's own log only says what goes wrong; its alerts are the lines it prints. Its store starts
// over by itself: the stored cursor is not on the new chain.
start(
  "monitor",
  [
    "monitor",
    "--rules",
    monitorRules,
    "--port",
    MONITOR_PORT,
    "--data-dir",
    monitorData,
    "--indexer",
    `http://127.0.0.1:${INDEXER_PORT}`,
    ...(manifest ? ["--manifest", manifest] : []),
  ],
  {
    KEEL_MONITOR_LOG_LEVEL: "warn",
    KEEL_MONITOR_LOG_FORMAT: "pretty",
    // The app's alerts page signs in to this monitor (SIWE) and keeps the user's rules here; on the
    // devnet a user's webhook may be a local receiver.
    KEEL_MONITOR_APP_ORIGINS: `http://127.0.0.1:${WEB_PORT},http://localhost:${WEB_PORT}`,
    KEEL_MONITOR_USER_WEBHOOK_HOSTS: "127.0.0.1,localhost",
  },
);
start(
  "web",
  [
    "--port",
    WEB_PORT,
    "--indexer",
    `http://127.0.0.1:${INDEXER_PORT}`,
    "--monitor",
    `http://127.0.0.1:${MONITOR_PORT}`,
    "--keeper",
    `http://127.0.0.1:${KEEPER_PORT}`,
    ...(manifest ? ["--manifest", manifest] : []),
  ],
  {},
  true,
  web,
);
console.log(
  [
    "",
    `Services: keeper http://127.0.0.1:${KEEPER_PORT}/health (metrics at /metrics)`,
    `          indexer http://127.0.0.1:${INDEXER_PORT}/v1/markets (GraphQL at /graphql, SQL at /sql, status at /status)`,
    `          monitor http://127.0.0.1:${MONITOR_PORT}/health (alerts print here; rules in apps/monitor/examples/devnet.yaml)`,
    "",
    `The app: http://127.0.0.1:${WEB_PORT}  (connect "Devnet test account" and pick any seeded account)`,
    "Ctrl-C stops everything.",
    "",
  ].join("\n"),
);
