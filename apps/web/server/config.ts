// The app server's configuration: flags, then KEEL_WEB_* environment variables, then defaults, checked
// before anything listens. What the browser is told (`publicConfig`) comes from the deployment manifest:
// the network, the contracts, and the services' URLs.
import { parseArgs } from "node:util";
import type { KeelDeployment } from "@keel/sdk";
import { loadDeployment } from "@keel/sdk/node";

/** What the app is told at /config.json: everything it needs to find the network, Keel and the services. */
export type PublicConfig = {
  network: {
    name: string;
    chainId: number;
    /** Tried in order, each with retries (viem's fallback transport). */
    rpcUrls: string[];
    /** A local devnet: the app offers the seeded test accounts as a wallet. */
    devnet: boolean;
  };
  /** The manifest, without private keys unless the network is a devnet. */
  deployment: KeelDeployment;
  indexerUrl?: string;
  monitorUrl?: string;
  keeperUrl?: string;
};

export type ServerConfig = {
  host: string;
  port: number;
  manifest: string;
  /** The built app (vite build's output). */
  dist: string;
  public: Omit<PublicConfig, "deployment">;
};

export class ConfigError extends Error {}

const DEVNET_CHAIN_ID = 31337;

function url(value: string, what: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new Error();
    return parsed.toString().replace(/\/$/, "");
  } catch {
    throw new ConfigError(`${what} "${value}" is not an http(s) URL.`);
  }
}

function port(value: string, what: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`${what} "${value}" is not a port (0 to 65535).`);
  return n;
}

/** Reads flags and environment; the manifest is read by `loadServerConfig`. */
export function parseServerArgs(argv: string[], env: NodeJS.ProcessEnv, defaults: { manifest: string; dist: string }) {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}. \`keel web --help\` lists the options.`);
  }
  const values = parsed.values;
  const rpcList = values.rpc?.length ? values.rpc : (env.KEEL_WEB_RPC_URLS?.split(",").filter(Boolean) ?? []);
  const optionalUrl = (flag: string | undefined, name: string, what: string) => {
    const value = flag ?? env[name];
    return value ? url(value, what) : undefined;
  };
  return {
    host: values.host ?? env.KEEL_WEB_HOST ?? "127.0.0.1",
    port: port(values.port ?? env.KEEL_WEB_PORT ?? "5173", "--port"),
    manifest: values.manifest ?? env.KEEL_WEB_MANIFEST ?? defaults.manifest,
    dist: values.dist ?? defaults.dist,
    rpcUrls: rpcList.map((u) => url(u, "--rpc")),
    indexerUrl: optionalUrl(values.indexer, "KEEL_WEB_INDEXER_URL", "--indexer"),
    monitorUrl: optionalUrl(values.monitor, "KEEL_WEB_MONITOR_URL", "--monitor"),
    keeperUrl: optionalUrl(values.keeper, "KEEL_WEB_KEEPER_URL", "--keeper"),
    networkName: values.name ?? env.KEEL_WEB_NETWORK_NAME,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      manifest: { type: "string" },
      dist: { type: "string" },
      rpc: { type: "string", multiple: true },
      indexer: { type: "string" },
      monitor: { type: "string" },
      keeper: { type: "string" },
      name: { type: "string" },
    },
  });
}

/** The whole configuration, with the manifest read and checked. */
export async function loadServerConfig(
  argv: string[],
  env: NodeJS.ProcessEnv,
  defaults: { manifest: string; dist: string },
): Promise<{ config: ServerConfig; deployment: KeelDeployment }> {
  const args = parseServerArgs(argv, env, defaults);
  let deployment: KeelDeployment;
  try {
    deployment = await loadDeployment(args.manifest);
  } catch (error) {
    throw new ConfigError(
      `The deployment manifest ${args.manifest} cannot be read (${(error as Error).message}). Start a devnet with \`keel devnet\`, or pass --manifest.`,
    );
  }
  const devnet = deployment.chainId === DEVNET_CHAIN_ID;
  const rpcUrls = args.rpcUrls.length > 0 ? args.rpcUrls : [url(deployment.rpcUrl, "the manifest's rpcUrl")];
  return {
    deployment,
    config: {
      host: args.host,
      port: args.port,
      manifest: args.manifest,
      dist: args.dist,
      public: {
        network: {
          name: args.networkName ?? (devnet ? "Keel devnet" : `chain ${deployment.chainId}`),
          chainId: deployment.chainId,
          rpcUrls,
          devnet,
        },
        indexerUrl: args.indexerUrl,
        monitorUrl: args.monitorUrl,
        keeperUrl: args.keeperUrl,
      },
    },
  };
}

/** What /config.json says: the seeded accounts' keys reach the browser on a devnet only. */
export function publicConfig(config: ServerConfig, deployment: KeelDeployment): PublicConfig {
  return {
    ...config.public,
    deployment: {
      ...deployment,
      // The manifest's own URL may carry a provider's key; the browser is told only the URLs it was given.
      rpcUrl: config.public.network.rpcUrls[0],
      accounts: config.public.network.devnet ? deployment.accounts : [],
    },
  };
}
