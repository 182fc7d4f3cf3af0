import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  fallback,
  http,
  type PublicClient,
  type Transport,
  type WalletClient,
  webSocket,
} from "viem";
import type { KeeperMetrics } from "../observe/metrics.ts";

export type KeeperClients = {
  publicClient: PublicClient<Transport, Chain>;
  walletClient: WalletClient<Transport, Chain, Account>;
};

/**
 * Clients over several RPC endpoints. Each request goes to the first endpoint; an error, a timeout, an
 * HTTP 429 or 5xx moves it to the next (viem's `fallback`), and when all have failed the whole round is
 * retried with exponential backoff (150 ms, 300 ms, 600 ms, …). A revert is an answer,
 * not a failure: it is never retried. Every failed HTTP exchange is counted per endpoint.
 */
export function createKeeperClients(options: {
  rpcUrls: readonly string[];
  chainId: number;
  account: Account;
  /** Per request: give up on an endpoint after this long and try the next. */
  timeoutMs: number;
  metrics?: Pick<KeeperMetrics, "rpcErrors">;
}): KeeperClients {
  const { chain, transport } = rpcTransport(options);
  const publicClient = createPublicClient({ chain, transport, cacheTime: 0 }) as PublicClient<Transport, Chain>;
  const walletClient = createWalletClient({ chain, transport, account: options.account });
  return { publicClient, walletClient };
}

/**
 * A read-only client over the same failover transport, for services that send nothing (the monitor).
 * With `batch`, the calls made in the same tick go to the node as one JSON-RPC batch.
 */
export function createReadClient(options: {
  rpcUrls: readonly string[];
  chainId: number;
  timeoutMs: number;
  metrics?: Pick<KeeperMetrics, "rpcErrors">;
  batch?: boolean;
}): PublicClient<Transport, Chain> {
  const { chain, transport } = rpcTransport(options);
  return createPublicClient({ chain, transport, cacheTime: 0 }) as PublicClient<Transport, Chain>;
}

function rpcTransport(options: {
  rpcUrls: readonly string[];
  chainId: number;
  timeoutMs: number;
  metrics?: Pick<KeeperMetrics, "rpcErrors">;
  batch?: boolean;
}) {
  const { rpcUrls, metrics, timeoutMs } = options;
  const endpoints = rpcUrls.map((url) => {
    const endpoint = new URL(url).host;
    if (url.startsWith("ws")) return webSocket(url, { timeout: timeoutMs, retryCount: 0 });
    return http(url, {
      timeout: timeoutMs,
      retryCount: 0,
      batch: options.batch === true,
      onFetchResponse(response) {
        if (!response.ok) metrics?.rpcErrors.inc({ endpoint, status: String(response.status) });
      },
    });
  });
  const transport = fallback(endpoints, {
    retryCount: 6,
    retryDelay: 150,
    // No background ranking: its timer cannot be stopped, so it would outlive the service's shutdown.
    rank: false,
  });
  const chain = defineChain({
    id: options.chainId,
    name: `chain ${options.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: rpcUrls.filter((url) => url.startsWith("http")) } },
  });
  return { chain, transport };
}
