// The world a browser test runs in: `keel devnet` on its own port, and the app's server (in process)
// pointed at it, serving the app as `vite build` made it.

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Hex } from "viem";
import { type RunningDevnet, startDevnet } from "../../../keeper/test/helpers/devnet.ts";
import { loadServerConfig, publicConfig } from "../../server/config.ts";
import { serveApp } from "../../server/serve.ts";
import { launchBrowser } from "./browser.ts";
import { SLOW } from "./page.ts";
import { injectWallet } from "./wallet.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
export const dist = path.resolve(here, "../../dist");

export type World = { devnet: RunningDevnet; appUrl: string; server: Server; stop(): Promise<void> };

export async function startWorld(devnetPort: number, extra: string[] = []): Promise<World> {
  const devnet = await startDevnet(devnetPort);
  const { config, deployment } = await loadServerConfig(
    ["--manifest", devnet.manifestPath, "--port", "0", ...extra],
    {},
    { manifest: devnet.manifestPath, dist },
  );
  const server = await serveApp({ ...config, config: publicConfig(config, deployment) });
  const { port } = server.address() as AddressInfo;
  return {
    devnet,
    server,
    appUrl: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await devnet.stop();
    },
  };
}

/**
 * A fresh Chromium whose page has the test wallet for `privateKey` injected (announced over EIP-6963),
 * with the generous default timeout every journey uses.
 */
export async function openBrowserAs(world: World, privateKey: Hex) {
  const browser = await launchBrowser();
  const wallet = await injectWallet(browser, {
    privateKey,
    rpcUrl: world.devnet.rpcUrl,
    chainId: world.devnet.deployment.chainId,
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(SLOW);
  return { browser, wallet, page };
}
