// The indexer's settings from the environment, and the deployment they name. `start.ts` checks them
// before Ponder starts, so a bad one stops the start with a sentence that names the variable;
// `settings.ts` reads them once for the config, the handlers and the API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type KeelDeployment, parseDeployment } from "@keel/sdk";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export type IndexerSettings = {
  manifestPath: string;
  deployment: KeelDeployment;
  /** RPC endpoints in order of preference; Ponder spreads requests over them and retries. */
  rpcUrls: string[];
  /** PostgreSQL connection string; PGlite (embedded) when absent. */
  databaseUrl?: string;
  /** Folder of the embedded database. */
  dataDir: string;
  /** Milliseconds between polls for a new block. */
  pollingInterval: number;
  /**
   * Whether Ponder may reuse the chain data it cached in the database. Not on a devnet: each one is a
   * new chain with the same id and addresses, so an earlier devnet's blocks would pass for this one's.
   * KEEL_INDEXER_KEEP_DATA=1 says the chain is the same one as before (a restart, a redeploy of code).
   */
  cacheChainData: boolean;
};

/** Hardhat's and Anvil's chain id: a local devnet. */
export const DEVNET_CHAIN_ID = 31337;

function fail(message: string): never {
  throw new Error(`keel indexer: ${message}`);
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): IndexerSettings {
  const manifestPath = path.resolve(env.KEEL_INDEXER_MANIFEST ?? path.join(repoRoot, "deployments", "devnet.json"));
  let raw: string;
  try {
    raw = readFileSync(manifestPath, "utf8");
  } catch {
    fail(
      `no deployment manifest at ${manifestPath}. Start the devnet first (npm start writes it) or set KEEL_INDEXER_MANIFEST.`,
    );
  }
  let deployment: KeelDeployment;
  try {
    deployment = parseDeployment(JSON.parse(raw), manifestPath);
  } catch (error) {
    fail(`${manifestPath} is not a Keel deployment manifest (${(error as Error).message}).`);
  }
  if (!deployment.cdp || !deployment.periphery) {
    fail(
      `the deployment in ${manifestPath} has no kUSD engine or periphery; the indexer follows a whole Keel deployment.`,
    );
  }
  const rpcUrls = (env.KEEL_INDEXER_RPC_URLS || deployment.rpcUrl)
    .split(",")
    .map((url) => url.trim())
    .filter((url) => url !== "");
  for (const url of rpcUrls) {
    if (!/^https?:\/\//.test(url)) fail(`KEEL_INDEXER_RPC_URLS: "${url}" is not an http(s) URL.`);
  }
  if (rpcUrls.length === 0) fail("KEEL_INDEXER_RPC_URLS names no RPC endpoint.");
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    fail(`DATABASE_URL must be a postgres:// connection string (got "${databaseUrl.split("@").pop()}").`);
  }
  const pollingInterval = Number(env.KEEL_INDEXER_POLLING_MS ?? 1000);
  if (!Number.isInteger(pollingInterval) || pollingInterval < 50 || pollingInterval > 60_000) {
    fail("KEEL_INDEXER_POLLING_MS must be a whole number of milliseconds between 50 and 60000.");
  }
  const dataDir = path.resolve(
    env.KEEL_INDEXER_DATA_DIR ?? path.join(repoRoot, "apps", "indexer", ".ponder", "pglite"),
  );
  const cacheChainData = deployment.chainId !== DEVNET_CHAIN_ID || env.KEEL_INDEXER_KEEP_DATA === "1";
  return { manifestPath, deployment, rpcUrls, databaseUrl, dataDir, pollingInterval, cacheChainData };
}
