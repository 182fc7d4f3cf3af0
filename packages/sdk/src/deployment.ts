import type { Address, Hex } from "viem";

/**
 * Where a Keel deployment lives: the JSON manifest `keel devnet` writes and every tool (CLI, keeper,
 * monitor, indexer) reads. Amounts and ids that may exceed 2^53 are decimal strings.
 */
export type KeelDeployment = {
  /** Manifest format version; bumped on incompatible changes. */
  version: 1;
  chainId: number;
  rpcUrl: string;
  /** Block the deployment started at, for indexers. */
  startBlock: number;
  contracts: {
    pool: Address;
    configurator: Address;
    lens: Address;
    liquidator: Address;
    flashBorrower: Address;
    kinkedRateModel: Address;
    adaptiveRateModel: Address;
    /** Timelock owning the configurator, when governance was handed over. */
    timelock?: Address;
  };
  /** Tokens by symbol (WETH, WBTC, USDC, DAI, wstETH, …). */
  tokens: Record<
    string,
    {
      address: Address;
      symbol: string;
      decimals: number;
      /** Chainlink-style USD feed (settable on a devnet). */
      feed: Address;
      /** Keel price adapter the pools read. */
      oracle: Address;
      /** Exchange-rate source, for liquid staking tokens. */
      rateProvider?: Address;
    }
  >;
  pools: {
    /** Pool id as a decimal string. */
    id: string;
    name: string;
    kind: "cross" | "isolated";
    /** Reserves in index order. */
    reserves: { index: number; symbol: string }[];
    /** E-mode categories of the pool, if any. */
    eModes?: { category: number; label: string; symbols: string[] }[];
  }[];
  uniswap: { factory: Address; router: Address; pairs: Record<string, Address> };
  /** The kUSD stablecoin engine, when deployed. kUSD itself is also listed in `tokens`. */
  cdp?: {
    kusd: Address;
    engine: Address;
    /** Takes from auctions without capital, selling through the Uniswap router (and the peg module). */
    auctionTaker: Address;
    /** Collateral types in id order; `symbol` is a key of `tokens`. */
    collateralTypes: { id: number; name: string; symbol: string }[];
    /** Peg stability modules; `gem` is a key of `tokens`. */
    pegModules: { address: Address; gem: string }[];
  };
  /**
   * The bundler (one-transaction flows), the protection-policy contract keepers execute signed policies
   * through, the registry of swap adapters and swap-check oracles both read, and the Uniswap V2 swap
   * adapter, when deployed.
   */
  periphery?: { bundler: Address; registry: Address; swapAdapter: Address; policies: Address };
  /**
   * Other lending protocols on the same chain, when deployed beside Keel (a devnet runs Aave v3 and
   * Morpho Blue at the same feeds' prices, with liquidity and a seeded borrower each), for tools that
   * move positions into Keel. Token symbols are keys of `tokens`.
   */
  external?: {
    aave?: {
      /** Aave v3 Pool (the proxy): supply, borrow, repay, withdraw, flash loans, getUserAccountData. */
      pool: Address;
      /** PoolAddressesProvider: finds the pool, oracle, ACL and data provider. */
      addressesProvider: Address;
      /** AaveOracle: USD per whole token with 8 decimals, read from the same feeds as Keel. */
      oracle: Address;
      /** AaveProtocolDataProvider: per-reserve configuration and per-user balances. */
      dataProvider: Address;
      /** Listed reserves by symbol, with the tokens that record deposits and variable-rate debt. */
      reserves: Record<string, { aToken: Address; variableDebtToken: Address }>;
    };
    morpho?: {
      /** Morpho Blue (the singleton). */
      morpho: Address;
      /** Markets in creation order; `id` is keccak256 of the ABI-encoded market parameters. */
      markets: {
        id: Hex;
        /** `COLLATERAL/LOAN`, e.g. `WETH/USDC`. */
        label: string;
        loanToken: string;
        collateralToken: string;
        oracle: Address;
        irm: Address;
        /** Liquidation LTV in WAD, as a decimal string (860000000000000000 is 86%). */
        lltv: string;
      }[];
    };
  };
  accounts: { label: string; role: string; address: Address; privateKey: Hex }[];
};

/**
 * Checks a parsed deployment manifest (`JSON.parse` of the file, or a `fetch` response's JSON in a
 * browser) and returns it typed. `source` names it in the error.
 */
export function parseDeployment(manifest: unknown, source = "the manifest"): KeelDeployment {
  const version = (manifest as { version?: unknown } | null)?.version;
  if (version !== 1) throw new Error(`unsupported deployment manifest version ${String(version)} in ${source}`);
  return manifest as KeelDeployment;
}
