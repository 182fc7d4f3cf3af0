import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { cdpEngineAbi, devTokenAbi, type KeelDeployment, keelPoolAbi, pegStabilityModuleAbi } from "@keel/sdk";
import { type Address, type PublicClient, parseAbi, zeroAddress } from "viem";
import type { TestAccount } from "./accounts.ts";
import type { IgnitionAddresses } from "./deploy.ts";

/**
 * Ignition future ids of each token's contracts (contracts/ignition/modules/DevnetTokens.ts; kUSD's
 * in Cdp.ts and DevnetCdp.ts).
 */
const TOKEN_FUTURES = {
  WETH: {
    address: "KeelDevnetTokens#WETH",
    feed: "KeelDevnetTokens#EthUsdFeed",
    oracle: "KeelDevnetTokens#EthUsdAdapter",
  },
  WBTC: {
    address: "KeelDevnetTokens#WBTC",
    feed: "KeelDevnetTokens#BtcUsdFeed",
    oracle: "KeelDevnetTokens#BtcUsdAdapter",
  },
  wstETH: {
    address: "KeelDevnetTokens#wstETH",
    feed: "KeelDevnetTokens#WstEthUsdFeed",
    oracle: "KeelDevnetTokens#WstEthLstAdapter",
    rateProvider: "KeelDevnetTokens#WstEthRateProvider",
  },
  USDC: {
    address: "KeelDevnetTokens#USDC",
    feed: "KeelDevnetTokens#UsdcUsdFeed",
    oracle: "KeelDevnetTokens#UsdcPegAdapter",
  },
  DAI: {
    address: "KeelDevnetTokens#DAI",
    feed: "KeelDevnetTokens#DaiUsdFeed",
    oracle: "KeelDevnetTokens#DaiPegAdapter",
  },
  kUSD: { address: "KeelCdp#Kusd", feed: "KeelDevnetCdp#KusdUsdFeed", oracle: "KeelDevnetCdp#KusdPegAdapter" },
} as const;

/** Names of the e-mode categories the Devnet module sets. */
const EMODE_LABELS: Record<number, string> = { 1: "ETH correlated" };

/** Names of the kUSD collateral types by the symbol of the token they lock (DevnetCdp module). */
const COLLATERAL_TYPE_NAMES: Record<string, string> = { WETH: "ETH" };

const factoryAbi = parseAbi(["function getPair(address, address) view returns (address)"]);

function pick(addresses: IgnitionAddresses, futureId: string): Address {
  const address = addresses[futureId];
  if (address === undefined) throw new Error(`the deployment has no ${futureId}`);
  return address;
}

/**
 * Describes a fresh devnet deployment as a `KeelDeployment` manifest. Pools, reserves, e-modes,
 * Uniswap pairs, kUSD collateral types and peg-module gems are read back from the chain, so the
 * manifest states what is deployed, not what was meant.
 */
export async function describeDeployment(
  client: PublicClient,
  addresses: IgnitionAddresses,
  options: { rpcUrl: string; startBlock: number; accounts: TestAccount[] },
): Promise<KeelDeployment> {
  const pool = pick(addresses, "KeelCore#KeelPool");
  const tokens: KeelDeployment["tokens"] = {};
  for (const [symbol, futures] of Object.entries(TOKEN_FUTURES)) {
    const address = pick(addresses, futures.address);
    tokens[symbol] = {
      address,
      symbol,
      decimals: await client.readContract({ address, abi: devTokenAbi, functionName: "decimals" }),
      feed: pick(addresses, futures.feed),
      oracle: pick(addresses, futures.oracle),
      ...("rateProvider" in futures ? { rateProvider: pick(addresses, futures.rateProvider) } : {}),
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

  const engine = pick(addresses, "KeelCdp#CdpEngine");
  const typeCount = await client.readContract({
    address: engine,
    abi: cdpEngineAbi,
    functionName: "collateralTypeCount",
  });
  const collateralTypes: NonNullable<KeelDeployment["cdp"]>["collateralTypes"] = [];
  for (let id = 0n; id < typeCount; id++) {
    const type = await client.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "collateralType",
      args: [id],
    });
    const symbol = symbolOf(type.token);
    collateralTypes.push({ id: Number(id), name: COLLATERAL_TYPE_NAMES[symbol] ?? symbol, symbol });
  }
  const pegModule = pick(addresses, "KeelDevnetCdp#UsdcPegModule");
  const gem = await client.readContract({ address: pegModule, abi: pegStabilityModuleAbi, functionName: "gem" });

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
    cdp: {
      kusd: tokens.kUSD.address,
      engine,
      auctionTaker: pick(addresses, "KeelDevnetCdp#AuctionTaker"),
      collateralTypes,
      pegModules: [{ address: pegModule, gem: symbolOf(gem) }],
    },
    accounts: options.accounts.map(({ label, role, address, privateKey }) => ({ label, role, address, privateKey })),
  };
}

/** Writes the manifest as readable JSON, creating its folder. */
export async function writeManifest(manifestPath: string, manifest: KeelDeployment): Promise<void> {
  await mkdir(path.dirname(manifestPath), { recursive: true });
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
