import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { cdpEngineAbi, devTokenAbi, type KeelDeployment, keelPoolAbi, pegStabilityModuleAbi } from "@keel/sdk";
import { type Address, type PublicClient, parseAbi, zeroAddress } from "viem";
import type { TestAccount } from "./accounts.ts";
import { type IgnitionAddresses, pick } from "./deploy.ts";
import { readExternal } from "./external.ts";

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

type Tokens = KeelDeployment["tokens"];

/** Each token's contracts, with its decimals read from the chain; in TOKEN_FUTURES order. */
async function readTokens(client: PublicClient, addresses: IgnitionAddresses): Promise<Tokens> {
  const entries = await Promise.all(
    Object.entries(TOKEN_FUTURES).map(async ([symbol, futures]) => {
      const address = pick(addresses, futures.address);
      const decimals = await client.readContract({ address, abi: devTokenAbi, functionName: "decimals" });
      return [
        symbol,
        {
          address,
          symbol,
          decimals,
          feed: pick(addresses, futures.feed),
          oracle: pick(addresses, futures.oracle),
          ...("rateProvider" in futures ? { rateProvider: pick(addresses, futures.rateProvider) } : {}),
        },
      ] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The pools as the pool contract lists them: reserves by symbol, kind, e-mode categories. */
async function readPools(
  client: PublicClient,
  pool: Address,
  symbolOf: (asset: Address) => string,
): Promise<KeelDeployment["pools"]> {
  const poolCount = await client.readContract({ address: pool, abi: keelPoolAbi, functionName: "poolCount" });
  const describePool = async (poolId: bigint): Promise<KeelDeployment["pools"][number]> => {
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
    return {
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
    };
  };
  return Promise.all(Array.from({ length: Number(poolCount) }, (_, index) => describePool(BigInt(index))));
}

/** Every Uniswap pair the factory has between two devnet tokens, named `BASE/QUOTE` in token order. */
async function readPairs(client: PublicClient, factory: Address, tokens: Tokens): Promise<Record<string, Address>> {
  const symbols = Object.keys(tokens);
  const candidates = symbols.flatMap((base, i) => symbols.slice(i + 1).map((quote) => [base, quote] as const));
  const found = await Promise.all(
    candidates.map(([base, quote]) =>
      client.readContract({
        address: factory,
        abi: factoryAbi,
        functionName: "getPair",
        args: [tokens[base].address, tokens[quote].address],
      }),
    ),
  );
  const pairs: Record<string, Address> = {};
  for (const [index, [base, quote]] of candidates.entries()) {
    if (found[index] !== zeroAddress) pairs[`${base}/${quote}`] = found[index];
  }
  return pairs;
}

/** The kUSD engine's collateral types, in id order. */
async function readCollateralTypes(
  client: PublicClient,
  engine: Address,
  symbolOf: (asset: Address) => string,
): Promise<NonNullable<KeelDeployment["cdp"]>["collateralTypes"]> {
  const typeCount = await client.readContract({
    address: engine,
    abi: cdpEngineAbi,
    functionName: "collateralTypeCount",
  });
  return Promise.all(
    Array.from({ length: Number(typeCount) }, async (_, id) => {
      const type = await client.readContract({
        address: engine,
        abi: cdpEngineAbi,
        functionName: "collateralType",
        args: [BigInt(id)],
      });
      const symbol = symbolOf(type.token);
      return { id, name: COLLATERAL_TYPE_NAMES[symbol] ?? symbol, symbol };
    }),
  );
}

/**
 * Describes a fresh devnet deployment as a `KeelDeployment` manifest. Pools, reserves, e-modes,
 * Uniswap pairs, kUSD collateral types, peg-module gems, Aave's reserves and Morpho's markets are read back from the chain, so the
 * manifest states what is deployed, not what was meant. The reads are independent, so they are
 * made together rather than one round trip after another.
 */
export async function describeDeployment(
  client: PublicClient,
  addresses: IgnitionAddresses,
  options: { rpcUrl: string; startBlock: number; accounts: TestAccount[] },
): Promise<KeelDeployment> {
  const pool = pick(addresses, "KeelCore#KeelPool");
  const tokens = await readTokens(client, addresses);
  const symbolOf = (asset: Address) =>
    Object.values(tokens).find((token) => token.address.toLowerCase() === asset.toLowerCase())?.symbol ?? asset;
  const factory = pick(addresses, "KeelDevnetUniswap#UniswapV2Factory");
  const engine = pick(addresses, "KeelCdp#CdpEngine");
  const pegModule = pick(addresses, "KeelDevnetCdp#UsdcPegModule");
  const [pools, pairs, collateralTypes, gem, chainId, external] = await Promise.all([
    readPools(client, pool, symbolOf),
    readPairs(client, factory, tokens),
    readCollateralTypes(client, engine, symbolOf),
    client.readContract({ address: pegModule, abi: pegStabilityModuleAbi, functionName: "gem" }),
    client.getChainId(),
    readExternal(client, addresses, symbolOf, options.startBlock),
  ]);

  return {
    version: 1,
    chainId,
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
    periphery: {
      bundler: pick(addresses, "KeelDevnetPeriphery#Bundler"),
      registry: pick(addresses, "KeelDevnetPeriphery#PeripheryRegistry"),
      swapAdapter: pick(addresses, "KeelDevnetPeriphery#UniswapV2SwapAdapter"),
      policies: pick(addresses, "KeelDevnetPeriphery#ProtectionPolicies"),
    },
    ...(external === undefined ? {} : { external }),
    accounts: options.accounts.map(({ label, role, address, privateKey }) => ({ label, role, address, privateKey })),
  };
}

/** Writes the manifest as readable JSON, creating its folder. */
export async function writeManifest(manifestPath: string, manifest: KeelDeployment): Promise<void> {
  await mkdir(path.dirname(manifestPath), { recursive: true });
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
