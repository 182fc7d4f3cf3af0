import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { devTokenAbi, type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import { type Address, type PublicClient, parseAbi, zeroAddress } from "viem";
import type { TestAccount } from "./accounts.ts";
import type { IgnitionAddresses } from "./deploy.ts";

/** Ignition future ids of each token's contracts (see contracts/ignition/modules/DevnetTokens.ts). */
const TOKEN_FUTURES = {
  WETH: { feed: "EthUsdFeed", oracle: "EthUsdAdapter" },
  WBTC: { feed: "BtcUsdFeed", oracle: "BtcUsdAdapter" },
  wstETH: { feed: "WstEthUsdFeed", oracle: "WstEthLstAdapter", rateProvider: "WstEthRateProvider" },
  USDC: { feed: "UsdcUsdFeed", oracle: "UsdcPegAdapter" },
  DAI: { feed: "DaiUsdFeed", oracle: "DaiPegAdapter" },
} as const;

/** Names of the e-mode categories the Devnet module sets. */
const EMODE_LABELS: Record<number, string> = { 1: "ETH correlated" };

const factoryAbi = parseAbi(["function getPair(address, address) view returns (address)"]);

function pick(addresses: IgnitionAddresses, futureId: string): Address {
  const address = addresses[futureId];
  if (address === undefined) throw new Error(`the deployment has no ${futureId}`);
  return address;
}

/**
 * Describes a fresh devnet deployment as a `KeelDeployment` manifest. Pools, reserves, e-modes and
 * Uniswap pairs are read back from the chain, so the manifest states what is deployed, not what was meant.
 */
export async function describeDeployment(
  client: PublicClient,
  addresses: IgnitionAddresses,
  options: { rpcUrl: string; startBlock: number; accounts: TestAccount[] },
): Promise<KeelDeployment> {
  const pool = pick(addresses, "KeelCore#KeelPool");
  const tokens: KeelDeployment["tokens"] = {};
  for (const [symbol, futures] of Object.entries(TOKEN_FUTURES)) {
    const address = pick(addresses, `KeelDevnetTokens#${symbol}`);
    tokens[symbol] = {
      address,
      symbol,
      decimals: await client.readContract({ address, abi: devTokenAbi, functionName: "decimals" }),
      feed: pick(addresses, `KeelDevnetTokens#${futures.feed}`),
      oracle: pick(addresses, `KeelDevnetTokens#${futures.oracle}`),
      ...("rateProvider" in futures
        ? { rateProvider: pick(addresses, `KeelDevnetTokens#${futures.rateProvider}`) }
        : {}),
    };
  }
  const symbolOf = (asset: Address) =>
    Object.values(tokens).find((token) => token.address.toLowerCase() === asset.toLowerCase())?.symbol ?? asset;

  const pools: KeelDeployment["pools"] = [];
  const poolCount = await client.readContract({ address: pool, abi: keelPoolAbi, functionName: "poolCount" });
  for (let poolId = 0n; poolId < poolCount; poolId++) {
    const count = await client.readContract({
      address: pool,
      abi: keelPoolAbi,
      functionName: "reserveCount",
      args: [poolId],
    });
    const configs = await Promise.all(
      Array.from({ length: Number(count) }, (_, index) =>
        client.readContract({
          address: pool,
          abi: keelPoolAbi,
          functionName: "reserveConfig",
          args: [poolId, BigInt(index)],
        }),
      ),
    );
    const reserves = configs.map((config, index) => ({ index, symbol: symbolOf(config.asset) }));
    const categories = [...new Set(configs.map((config) => config.eModeCategory).filter((category) => category !== 0))];
    const isolated = reserves.length === 2;
    pools.push({
      id: poolId.toString(),
      name: isolated ? `${reserves[0].symbol} / ${reserves[1].symbol}` : "Core",
      kind: isolated ? "isolated" : "cross",
      reserves,
      ...(categories.length > 0
        ? {
            eModes: categories.map((category) => ({
              category,
              label: EMODE_LABELS[category] ?? `category ${category}`,
              symbols: reserves.filter((_, index) => configs[index].eModeCategory === category).map((r) => r.symbol),
            })),
          }
        : {}),
    });
  }

  const factory = pick(addresses, "KeelDevnetUniswap#UniswapV2Factory");
  const pairs: Record<string, Address> = {};
  const symbols = Object.keys(tokens);
  for (const [i, base] of symbols.entries()) {
    for (const quote of symbols.slice(i + 1)) {
      const pair = await client.readContract({
        address: factory,
        abi: factoryAbi,
        functionName: "getPair",
        args: [tokens[base].address, tokens[quote].address],
      });
      if (pair !== zeroAddress) pairs[`${base}/${quote}`] = pair;
    }
  }

  return {
    version: 1,
    chainId: await client.getChainId(),
    rpcUrl: options.rpcUrl,
    startBlock: options.startBlock,
    contracts: {
      pool,
      configurator: pick(addresses, "KeelCore#KeelConfigurator"),
      lens: pick(addresses, "KeelDevnet#KeelLens"),
      liquidator: pick(addresses, "KeelDevnet#KeelLiquidator"),
      flashBorrower: pick(addresses, "KeelDevnet#FlashBorrowerExample"),
      kinkedRateModel: pick(addresses, "KeelRateModels#KinkedRateModel"),
      adaptiveRateModel: pick(addresses, "KeelRateModels#AdaptiveRateModel"),
    },
    tokens,
    pools,
    uniswap: { factory, router: pick(addresses, "KeelDevnetUniswap#UniswapV2Router02"), pairs },
    accounts: options.accounts.map(({ label, role, address, privateKey }) => ({ label, role, address, privateKey })),
  };
}

/** Writes the manifest as readable JSON, creating its folder. */
export async function writeManifest(manifestPath: string, manifest: KeelDeployment): Promise<void> {
  await mkdir(path.dirname(manifestPath), { recursive: true });
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
