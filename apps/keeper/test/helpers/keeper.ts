import {
  cdpEngineAbi,
  devPriceFeedAbi,
  type KeelDeployment,
  keelPoolAbi,
  kusdAbi,
  pegStabilityModuleAbi,
} from "@keel/sdk";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  type Hex,
  http,
  type PublicClient,
  type TestClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { createKeeperClients } from "../../src/chain/clients.ts";
import { type KeeperConfig, keeperKey, loadConfig } from "../../src/config.ts";
import { Keeper, type PassReport } from "../../src/keeper.ts";
import { createLogger } from "../../src/observe/log.ts";
import { createMetrics } from "../../src/observe/metrics.ts";
import type { RunningDevnet } from "./devnet.ts";

export const WAD = 10n ** 18n;
const RAY = 10n ** 27n;

/** A keeper in this process, on the devnet's keeper account, over real JSON-RPC to `rpcUrls`. */
export function inProcessKeeper(
  devnet: RunningDevnet,
  options: { rpcUrls?: string[]; config?: Partial<KeeperConfig> } = {},
) {
  const rpcUrls = options.rpcUrls ?? [devnet.rpcUrl];
  const loaded = loadConfig({
    flags: { manifest: devnet.manifestPath, rpc: rpcUrls, account: "keeper", port: 0 },
    env: {},
    defaultManifest: devnet.manifestPath,
  });
  // Quiet unless asked: KEEL_TEST_KEEPER_LOG=info shows what the keeper decided, for a failing test.
  const level = (process.env.KEEL_TEST_KEEPER_LOG ?? "silent") as KeeperConfig["log"]["level"];
  const config: KeeperConfig = { ...loaded, ...options.config, log: { level, format: "json" } };
  const metrics = createMetrics();
  const account = privateKeyToAccount(keeperKey(config, devnet.deployment.accounts, devnet.deployment.chainId));
  const clients = createKeeperClients({
    rpcUrls,
    chainId: devnet.deployment.chainId,
    account,
    metrics,
    timeoutMs: config.rpcTimeoutMs,
  });
  const keeper = new Keeper(devnet.deployment, clients, config, createLogger(config), metrics);
  return { keeper, metrics, account };
}

/**
 * Passes until the keeper has processed a head at or after `block` (catching up, reorgs and idle passes
 * included); returns the report of the pass that processed it, which may be an earlier call's.
 */
export async function passTo(
  keeper: Keeper,
  block: bigint,
  limit = 200,
): Promise<Extract<PassReport, { kind: "head" }>> {
  let last: PassReport | undefined;
  for (let i = 0; i < limit; i++) {
    const report = await keeper.pass();
    last = report;
    if (report.kind === "head" && report.block >= block) return report;
    const processed = keeper.status.report;
    if (report.kind === "idle" && processed !== undefined && processed.block >= block) return processed;
  }
  const seen = JSON.stringify(last, (_key, value) => (typeof value === "bigint" ? String(value) : value));
  throw new Error(`the keeper did not reach block ${block} in ${limit} passes; the last one: ${seen}`);
}

/** Mines one block with what the node's mempool holds (evm_mine; hardhat_mine would leave it out). */
export async function mineOne(devnet: RunningDevnet): Promise<void> {
  // viem types the hardhat test client without evm_mine, which hardhat_mine does not replace here.
  await chainClients(devnet).testClient.request({ method: "evm_mine", params: [] } as never);
}

/** Every Liquidate event of the devnet's pool from `fromBlock`. */
export function liquidationsFrom(devnet: RunningDevnet, fromBlock: bigint) {
  return chainClients(devnet).publicClient.getContractEvents({
    address: devnet.deployment.contracts.pool,
    abi: keelPoolAbi,
    eventName: "Liquidate",
    fromBlock,
  });
}

/** Clients the test drives the chain with (the deployer signs price moves). */
export function chainClients(devnet: RunningDevnet) {
  const transport = http(devnet.rpcUrl);
  const publicClient = createPublicClient({ chain: hardhat, transport, cacheTime: 0 }) as PublicClient;
  const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport }) as TestClient<"hardhat">;
  const deployer = devnet.deployment.accounts.find((a) => a.label === "deployer");
  if (deployer === undefined) throw new Error("no deployer in the manifest");
  const wallet = createWalletClient({ chain: hardhat, transport, account: privateKeyToAccount(deployer.privateKey) });
  return { publicClient, testClient, wallet };
}

export function accountOf(deployment: KeelDeployment, label: string): { address: Address; privateKey: Hex } {
  const found = deployment.accounts.find((a) => a.label === label);
  if (found === undefined) throw new Error(`no account ${label}`);
  return found;
}

/** Sets a token's feed (8 decimals) from the deployer; mined at once unless automine is off. */
export async function setPrice(devnet: RunningDevnet, symbol: string, usd: bigint): Promise<Hex> {
  const { wallet } = chainClients(devnet);
  return wallet.writeContract({
    address: devnet.deployment.tokens[symbol].feed,
    abi: devPriceFeedAbi,
    functionName: "setAnswer",
    args: [usd * 10n ** 8n],
    gas: 200_000n,
  });
}

/** The pool's own health factor of every labelled account in every pool at `blockNumber`, with debt. */
export async function healths(devnet: RunningDevnet, blockNumber?: bigint) {
  const { publicClient } = chainClients(devnet);
  const out: { label: string; address: Address; poolId: bigint; health: bigint }[] = [];
  for (const account of devnet.deployment.accounts) {
    for (const pool of devnet.deployment.pools) {
      const health = await publicClient.readContract({
        address: devnet.deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "healthFactor",
        args: [BigInt(pool.id), account.address],
        blockNumber,
      });
      if (health !== 2n ** 256n - 1n)
        out.push({ label: account.label, address: account.address, poolId: BigInt(pool.id), health });
    }
  }
  return out;
}

/** The kUSD books: supply × RAY + surplus = vault debt + (auction debt + peg-module mints) × RAY, to the wei. */
export async function kusdBooks(devnet: RunningDevnet) {
  const { publicClient } = chainClients(devnet);
  const cdp = devnet.deployment.cdp;
  if (cdp === undefined) throw new Error("no kUSD engine");
  const engine = { address: cdp.engine, abi: cdpEngineAbi } as const;
  const supply = await publicClient.readContract({ address: cdp.kusd, abi: kusdAbi, functionName: "totalSupply" });
  const surplus = await publicClient.readContract({ ...engine, functionName: "surplusRad" });
  const debt = await publicClient.readContract({ ...engine, functionName: "totalDebtRad" });
  const inAuctions = await publicClient.readContract({ ...engine, functionName: "auctionDebt" });
  let minted = 0n;
  for (const psm of cdp.pegModules) {
    minted += await publicClient.readContract({
      address: psm.address,
      abi: pegStabilityModuleAbi,
      functionName: "minted",
    });
  }
  return { left: supply * RAY + surplus, right: debt + (inAuctions + minted) * RAY };
}
