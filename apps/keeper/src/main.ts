import { readFileSync } from "node:fs";
import {
  KEEL_POLICIES_DOMAIN_NAME,
  KEEL_POLICIES_DOMAIN_VERSION,
  type KeelDeployment,
  type Policy,
  parseDeployment,
  policyTypes,
} from "@keel/sdk";
import { type Hex, hashTypedData } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { createKeeperClients } from "./chain/clients.ts";
import { ConfigError, type KeeperConfig, keeperKey } from "./config.ts";
import { Keeper } from "./keeper.ts";
import { serveHttp } from "./observe/http.ts";
import { createLogger, type Logger } from "./observe/log.ts";
import { createMetrics } from "./observe/metrics.ts";

/** Reads and checks the deployment manifest. */
export function readManifest(file: string): KeelDeployment {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new ConfigError(`No deployment manifest at ${file}: start a devnet (npm start) or pass --manifest.`);
  }
  try {
    return parseDeployment(JSON.parse(text), file);
  } catch (error) {
    throw new ConfigError(`The deployment manifest ${file} cannot be used: ${(error as Error).message}`);
  }
}

/**
 * Starts the keeper: checks the chain is the manifest's, serves /health and /metrics, and runs passes
 * until `signal` aborts (SIGINT or SIGTERM in the command). That abort is the one shutdown path: the loop
 * finishes its pass, the HTTP server closes, and the returned promise resolves.
 */
export async function startKeeper(config: KeeperConfig, signal: AbortSignal, log: Logger = createLogger(config)) {
  const deployment = readManifest(config.manifest);
  const metrics = createMetrics();
  const account = privateKeyToAccount(keeperKey(config, deployment.accounts, deployment.chainId));
  const clients = createKeeperClients({
    rpcUrls: config.rpcUrls,
    chainId: deployment.chainId,
    account,
    metrics,
    timeoutMs: config.rpcTimeoutMs,
  });
  const chainId = await clients.publicClient.getChainId();
  if (chainId !== deployment.chainId) {
    throw new ConfigError(`The RPC serves chain ${chainId}, but the manifest is for chain ${deployment.chainId}.`);
  }
  const signed = config.policiesFile === undefined ? [] : readSignedPolicies(config.policiesFile, deployment, chainId);
  const keeper = new Keeper(deployment, clients, config, log, metrics, signed);
  const http = await serveHttp({
    host: config.http.host,
    port: config.http.port,
    metrics,
    signal,
    health: () => ({
      healthy: keeper.isHealthy(),
      account: account.address,
      head: keeper.status.head?.number,
      processedAt: keeper.status.processedAt,
      pendingTransactions: keeper.sender.pendingCount,
      tracked: keeper.status.tracked,
      dryRun: config.dryRun,
    }),
  });
  log.info(
    { account: account.address, chainId, rpcUrls: config.rpcUrls.length, http: http.url, dryRun: config.dryRun },
    "keeper started",
  );
  const done = keeper.run(signal).then(() => log.info("keeper stopped"));
  return { keeper, url: http.url, done };
}

/** The signed policies a file hands the keeper: `[{ policy, signature }]`, numbers as decimal strings. */
function readSignedPolicies(file: string, deployment: KeelDeployment, chainId: number) {
  const policies = deployment.periphery?.policies;
  if (policies === undefined) throw new ConfigError("policiesFile is set, but the deployment has no policy contract.");
  let entries: { policy: Record<string, unknown>; signature: Hex }[];
  try {
    entries = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ConfigError(`Cannot read the signed policies in ${file}: ${(error as Error).message}`);
  }
  return entries.map(({ policy: raw, signature }, index) => {
    const policy = Object.fromEntries(
      Object.entries(raw).map(([key, value]) => [
        key,
        typeof value === "string" && /^\d+$/.test(value) ? BigInt(value) : value,
      ]),
    ) as Policy;
    try {
      const hash = hashTypedData({
        domain: {
          name: KEEL_POLICIES_DOMAIN_NAME,
          version: KEEL_POLICIES_DOMAIN_VERSION,
          chainId,
          verifyingContract: policies,
        },
        types: policyTypes,
        primaryType: "Policy",
        message: policy,
      });
      return { hash, policy, signature };
    } catch (error) {
      throw new ConfigError(`Signed policy ${index} in ${file} is malformed: ${(error as Error).message}`);
    }
  });
}
