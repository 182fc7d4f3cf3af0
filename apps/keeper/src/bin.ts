import path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError, ENVIRONMENT, loadConfig } from "./config.ts";
import { readManifest, startKeeper } from "./main.ts";
import { createLogger } from "./observe/log.ts";
import { shutdownSignal } from "./observe/shutdown.ts";

const HELP = `Usage: keel keeper [options]

Runs the Keel keeper: liquidates unhealthy accounts, starts, resets and takes kUSD auctions, and
executes protection policies, each simulated before it is sent and funded by flash loans.

Options:
  --config <file>        JSON configuration file (see apps/keeper/README.md)
  --rpc <url>            JSON-RPC endpoint; repeat for fallbacks (default: the manifest's rpcUrl)
  --manifest <file>      deployment manifest (default: deployments/devnet.json)
  --account <label>      a labelled account of a devnet manifest, e.g. keeper
  --dry-run              simulate and log, send nothing
  --port <port>          port of /health and /metrics (default 9464; 0 for any free port)
  -h, --help             this help

Environment: ${Object.entries(ENVIRONMENT)
  .map(([name, setting]) => `${name} (${setting})`)
  .join(", ")}.
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      rpc: { type: "string", multiple: true },
      manifest: { type: "string" },
      account: { type: "string" },
      "dry-run": { type: "boolean" },
      port: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.port !== undefined && !/^\d+$/.test(values.port))
    throw new ConfigError(`--port must be a number, not "${values.port}".`);
  const config = loadConfig({
    flags: {
      config: values.config,
      rpc: values.rpc,
      manifest: values.manifest,
      account: values.account,
      dryRun: values["dry-run"],
      port: values.port === undefined ? undefined : Number(values.port),
    },
    env: process.env,
    defaultManifest: path.resolve(process.env.INIT_CWD ?? process.cwd(), "deployments/devnet.json"),
    manifestRpcUrl: (file) => {
      try {
        return readManifest(file).rpcUrl;
      } catch {
        return undefined;
      }
    },
  });
  const log = createLogger(config);
  const { done } = await startKeeper(config, shutdownSignal(log), log);
  await done;
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || (error instanceof Error && error.name === "TypeError" && "code" in error)) {
      process.stderr.write(`keel keeper: ${error.message}\n`);
    } else {
      process.stderr.write(
        `keel keeper failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exitCode = 1;
  },
);
