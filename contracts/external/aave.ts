// Aave v3.0.2 as @aave/core-v3 ships it (prebuilt Hardhat artifacts), and the reserve parameters the
// gas bench and the devnet both list. The artifacts are Hardhat's own shape, so Ignition deploys and
// links them as they are.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Artifact as IgnitionArtifact } from "@nomicfoundation/ignition-core";
import { type Abi, type Hex, parseUnits } from "viem";

const require = createRequire(import.meta.url);

/** Folder of each contract under the package's `artifacts/contracts`. */
const AAVE_PATHS = {
  PoolAddressesProvider: "protocol/configuration",
  ACLManager: "protocol/configuration",
  Pool: "protocol/pool",
  PoolConfigurator: "protocol/pool",
  DefaultReserveInterestRateStrategy: "protocol/pool",
  AToken: "protocol/tokenization",
  StableDebtToken: "protocol/tokenization",
  VariableDebtToken: "protocol/tokenization",
  AaveOracle: "misc",
  AaveProtocolDataProvider: "misc",
  SupplyLogic: "protocol/libraries/logic",
  BorrowLogic: "protocol/libraries/logic",
  LiquidationLogic: "protocol/libraries/logic",
  EModeLogic: "protocol/libraries/logic",
  BridgeLogic: "protocol/libraries/logic",
  FlashLoanLogic: "protocol/libraries/logic",
  PoolLogic: "protocol/libraries/logic",
  ConfiguratorLogic: "protocol/libraries/logic",
} as const;

export type AaveContractName = keyof typeof AAVE_PATHS;
export type AaveArtifact = IgnitionArtifact<Abi> & { abi: Abi; bytecode: Hex };

/** Reads an Aave v3.0.2 artifact from @aave/core-v3 (link references included). */
export function aaveArtifact(name: AaveContractName): AaveArtifact {
  const file = require.resolve(`@aave/core-v3/artifacts/contracts/${AAVE_PATHS[name]}/${name}.sol/${name}.json`);
  const json = JSON.parse(readFileSync(file, "utf8"));
  return {
    ...json,
    linkReferences: json.linkReferences ?? {},
    deployedLinkReferences: json.deployedLinkReferences ?? {},
  };
}

/**
 * The logic libraries Pool links that link nothing themselves. FlashLoanLogic links BorrowLogic, so it is
 * deployed after them; PoolConfigurator links ConfiguratorLogic alone.
 */
export const AAVE_POOL_LIBRARIES = [
  "SupplyLogic",
  "BorrowLogic",
  "LiquidationLogic",
  "EModeLogic",
  "BridgeLogic",
  "PoolLogic",
] as const;

/** The names of the libraries an artifact's bytecode links. */
export function linkedLibraries(artifact: AaveArtifact): string[] {
  return Object.values(artifact.linkReferences).flatMap((bySource) => Object.keys(bySource));
}

/** A percentage as a ray (Aave's rate scale, 1e27 = 100%). */
const ray = (percent: string) => parseUnits(percent, 27) / 100n;

/**
 * The arguments of DefaultReserveInterestRateStrategy after the addresses provider, all rays:
 * optimal usage, base variable rate, variable slopes 1 and 2, stable slopes 1 and 2, base stable
 * offset, stable excess offset, optimal stable-to-total debt. Stable borrowing stays disabled
 * (Aave's own default), so the stable terms only have to be valid.
 */
export type AaveRateCurve = readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];

/** A reserve's risk parameters (basis points; the bonus includes the repaid debt: 10500 is a 5% bonus). */
export type AaveReserveParams = {
  decimals: number;
  ltvBps: bigint;
  liquidationThresholdBps: bigint;
  liquidationBonusBps: bigint;
  reserveFactorBps: bigint;
  rates: AaveRateCurve;
};

/** Mainnet-like parameters of Aave v3 on Ethereum (2023), by the devnet's symbols. */
export const AAVE_RESERVES = {
  WETH: {
    decimals: 18,
    ltvBps: 8000n,
    liquidationThresholdBps: 8250n,
    liquidationBonusBps: 10500n,
    reserveFactorBps: 1500n,
    rates: [ray("80"), 0n, ray("3.8"), ray("80"), ray("4"), ray("80"), ray("2"), ray("8"), ray("20")],
  },
  WBTC: {
    decimals: 8,
    ltvBps: 7300n,
    liquidationThresholdBps: 7800n,
    liquidationBonusBps: 10500n,
    reserveFactorBps: 2000n,
    rates: [ray("45"), 0n, ray("4"), ray("300"), ray("7"), ray("300"), ray("2"), ray("8"), ray("20")],
  },
  USDC: {
    decimals: 6,
    ltvBps: 7700n,
    liquidationThresholdBps: 8000n,
    liquidationBonusBps: 10450n,
    reserveFactorBps: 1000n,
    rates: [ray("90"), 0n, ray("4"), ray("75"), 0n, 0n, ray("2"), ray("8"), ray("20")],
  },
  DAI: {
    decimals: 18,
    ltvBps: 7700n,
    liquidationThresholdBps: 8000n,
    liquidationBonusBps: 10500n,
    reserveFactorBps: 1000n,
    rates: [ray("90"), 0n, ray("4"), ray("75"), 0n, 0n, ray("2"), ray("8"), ray("20")],
  },
} as const satisfies Record<string, AaveReserveParams>;

export type AaveSymbol = keyof typeof AAVE_RESERVES;

/** The `initReserves` input of one reserve: Aave's token implementations behind proxies named after the symbol. */
export function aaveReserveInput<A>(
  symbol: AaveSymbol,
  addresses: Record<"asset" | "aToken" | "stableDebtToken" | "variableDebtToken" | "rateStrategy" | "treasury", A>,
) {
  return {
    aTokenImpl: addresses.aToken,
    stableDebtTokenImpl: addresses.stableDebtToken,
    variableDebtTokenImpl: addresses.variableDebtToken,
    underlyingAssetDecimals: AAVE_RESERVES[symbol].decimals,
    interestRateStrategyAddress: addresses.rateStrategy,
    underlyingAsset: addresses.asset,
    treasury: addresses.treasury,
    incentivesController: "0x0000000000000000000000000000000000000000",
    aTokenName: `Aave ${symbol}`,
    aTokenSymbol: `a${symbol}`,
    variableDebtTokenName: `Aave variable debt ${symbol}`,
    variableDebtTokenSymbol: `variableDebt${symbol}`,
    stableDebtTokenName: `Aave stable debt ${symbol}`,
    stableDebtTokenSymbol: `stableDebt${symbol}`,
    params: "0x",
  };
}
