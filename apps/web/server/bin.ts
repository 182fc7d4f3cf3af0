// `keel web` / `npm start --workspace apps/web`: serves the built app for a deployment manifest.
// Exit code 2 for a configuration mistake, 1 for anything else; SIGINT or SIGTERM stops it.
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { ConfigError, loadServerConfig, publicConfig } from "./config.ts";
import { serveApp } from "./serve.ts";

const defaults = {
  manifest: fileURLToPath(new URL("../../../deployments/devnet.json", import.meta.url)),
  dist: fileURLToPath(new URL("../dist", import.meta.url)),
};

const HELP = `Usage: keel web [options]

Serves the Keel app (apps/web, as \`npm run build --workspace apps/web\` built it) for a deployment.

Options (each also from the environment):
  --manifest <path>  deployment manifest (KEEL_WEB_MANIFEST; default: deployments/devnet.json)
  --rpc <url>        JSON-RPC URL the browser uses; repeat for fallbacks (KEEL_WEB_RPC_URLS, comma-separated;
                     default: the manifest's rpcUrl)
  --port <port>      port to listen on (KEEL_WEB_PORT; default: 5173)
  --host <host>      address to listen on (KEEL_WEB_HOST; default: 127.0.0.1)
  --indexer <url>    the indexer's API, for history and series (KEEL_WEB_INDEXER_URL)
  --monitor <url>    the monitor, for alerts (KEEL_WEB_MONITOR_URL)
  --keeper <url>     the keeper's health endpoint (KEEL_WEB_KEEPER_URL)
  --name <text>      the network's name in the app (KEEL_WEB_NETWORK_NAME)
  --dist <path>      the built app (default: apps/web/dist)
  -h, --help         show this help

On a devnet (chain 31337) the app offers the manifest's seeded accounts as a wallet; elsewhere it sends
no keys to the browser. Exit codes: 0 stopped, 1 failed, 2 bad configuration.
`;

if (process.argv.includes("--help") || process.argv.includes("-h")) {
  process.stdout.write(HELP);
  process.exit(0);
}

try {
  const { config, deployment } = await loadServerConfig(process.argv.slice(2), process.env, defaults);
  const server = await serveApp({ ...config, config: publicConfig(config, deployment) });
  const loopback = ["127.0.0.1", "localhost", "::1"].includes(config.host);
  if (config.public.network.devnet && !loopback) {
    console.warn(
      `Warning: this is a devnet, so /config.json carries its seeded accounts' keys, and ${config.host} may be reachable from other machines. Anyone who reaches it can sign as those accounts on this chain.`,
    );
  }
  const { port } = server.address() as AddressInfo;
  console.log(`Keel app on http://${config.host}:${port} (${config.public.network.name}, chain ${deployment.chainId})`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(error instanceof ConfigError ? 2 : 1);
}
