// The wallet layer: wallets the browser announces (EIP-6963, found by wagmi itself), any injected
// wallet, and on a devnet the seeded test accounts. Reads go through every configured RPC URL in turn,
// each retried (viem's fallback transport).
import { fallback, http } from "viem";
import { createConfig, injected } from "wagmi";
import type { AppConfig } from "./config.ts";
import { devnetAccounts } from "./wallet/devnetConnector.ts";

export function createWagmiConfig(config: AppConfig) {
  const connectors = [injected({ shimDisconnect: true })];
  const testAccounts = config.network.devnet ? config.deployment.accounts : [];
  return createConfig({
    chains: [config.chain],
    connectors: testAccounts.length > 0 ? [devnetAccounts(testAccounts, config.chain), ...connectors] : connectors,
    multiInjectedProviderDiscovery: true,
    transports: {
      [config.chain.id]: fallback(config.network.rpcUrls.map((url) => http(url, { retryCount: 2, batch: true }))),
    },
    // A devnet mines a block per transaction; elsewhere a few seconds between polls is enough.
    pollingInterval: config.network.devnet ? 1_000 : 4_000,
  });
}

export type WagmiConfig = ReturnType<typeof createWagmiConfig>;
