// Starts the indexer: checks the settings (src/deployment.ts), then runs `ponder start` on this folder
// with its hostname, port and database schema (or `ponder serve` with --serve), and forwards Ctrl-C /
// SIGTERM so Ponder shuts down once, cleanly. Usage: node apps/indexer/start.ts [--port 42069] [--serve].
// Environment: see README.md.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEVNET_CHAIN_ID, readSettings } from "./src/deployment.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const ponderBin = fileURLToPath(import.meta.resolve("ponder").replace(/index\.js$/, "bin/ponder.js"));

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

let settings: ReturnType<typeof readSettings>;
try {
  settings = readSettings();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const port = option("port", process.env.KEEL_INDEXER_PORT ?? "42069");
if (!/^\d{2,5}$/.test(port) || Number(port) > 65_535) {
  console.error(`keel indexer: --port must be a TCP port number (got "${port}").`);
  process.exit(2);
}
const schema = option("schema", process.env.KEEL_INDEXER_SCHEMA ?? "keel");
if (!/^[a-z_][a-z0-9_]{0,44}$/.test(schema)) {
  console.error(
    `keel indexer: --schema must be a lower-case PostgreSQL identifier of at most 45 characters (got "${schema}").`,
  );
  process.exit(2);
}
// `--serve`: answer queries from a PostgreSQL database another indexer writes (a read replica).
const serve = process.argv.includes("--serve");
if (serve && !settings.databaseUrl) {
  console.error("keel indexer: --serve reads a PostgreSQL database that another indexer writes; set DATABASE_URL.");
  process.exit(2);
}
// A devnet is a new chain each time it starts, so what an embedded database holds from an earlier one
// describes blocks that no longer exist: start it empty. Other chains resume where they stopped.
if (
  !serve &&
  !settings.databaseUrl &&
  settings.deployment.chainId === DEVNET_CHAIN_ID &&
  process.env.KEEL_INDEXER_KEEP_DATA !== "1"
) {
  rmSync(settings.dataDir, { recursive: true, force: true });
}

const args = [
  ponderBin,
  "--root",
  here,
  "--log-format",
  option("log-format", process.env.KEEL_INDEXER_LOG_FORMAT ?? "json"),
];
args.push(serve ? "serve" : "start", "--port", port, "--hostname", option("hostname", "127.0.0.1"));
args.push("--schema", schema);

const child = spawn(process.execPath, args, {
  cwd: here, // Ponder writes generated/schema.graphql under its working folder
  env: { ...process.env, PONDER_TELEMETRY_DISABLED: "true" },
  stdio: "inherit",
});
let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    child.kill(signal);
  });
}
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
