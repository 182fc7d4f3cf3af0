// What the app server says at /config.json: the network, the deployment and the services. The app
// knows nothing else about where it runs, so pointing it at another network is a server flag.
import { type KeelDeployment, parseDeployment } from "@keel/sdk";
import { type Chain, defineChain } from "viem";
import type { PublicConfig } from "../server/config.ts";

export type AppConfig = PublicConfig & { chain: Chain };

export async function loadConfig(): Promise<AppConfig> {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`The app's configuration could not be loaded (HTTP ${response.status}).`);
  const body = (await response.json()) as PublicConfig;
  const deployment: KeelDeployment = parseDeployment(body.deployment, "/config.json");
  const chain = defineChain({
    id: body.network.chainId,
    name: body.network.name,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: body.network.rpcUrls } },
    testnet: body.network.devnet,
  });
  return { ...body, deployment, chain };
}
