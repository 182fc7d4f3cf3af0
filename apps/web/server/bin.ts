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

try {
  const { config, deployment } = await loadServerConfig(process.argv.slice(2), process.env, defaults);
  const server = await serveApp({ ...config, config: publicConfig(config, deployment) });
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
