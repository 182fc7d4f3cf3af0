// Aave v3.0.2 from the prebuilt artifacts of @aave/core-v3: addresses provider, ACL, Pool and
// PoolConfigurator behind Aave's own proxies (libraries linked), AaveOracle over the shared feeds,
// token implementations, rate strategies, and two reserves (USDC, WETH) with realistic parameters.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type Address, type Hex, maxUint256, parseUnits, zeroAddress } from "viem";
import { deployAssets } from "./assets.ts";
import { Chain, type RawContract, type Wallet } from "./chain.ts";
import { type Market, type Run, runScenario } from "./scenario.ts";
import type { Artifact, Artifacts } from "./solc.ts";

const require = createRequire(import.meta.url);

type LinkReferences = Record<string, Record<string, { start: number; length: number }[]>>;
type AaveArtifact = Artifact & { linkReferences: LinkReferences };

const PATHS: Record<string, string> = {
  PoolAddressesProvider: "protocol/configuration",
  ACLManager: "protocol/configuration",
  Pool: "protocol/pool",
  PoolConfigurator: "protocol/pool",
  DefaultReserveInterestRateStrategy: "protocol/pool",
  AToken: "protocol/tokenization",
  StableDebtToken: "protocol/tokenization",
  VariableDebtToken: "protocol/tokenization",
  AaveOracle: "misc",
  SupplyLogic: "protocol/libraries/logic",
  BorrowLogic: "protocol/libraries/logic",
  LiquidationLogic: "protocol/libraries/logic",
  EModeLogic: "protocol/libraries/logic",
  BridgeLogic: "protocol/libraries/logic",
  FlashLoanLogic: "protocol/libraries/logic",
  PoolLogic: "protocol/libraries/logic",
  ConfiguratorLogic: "protocol/libraries/logic",
};

function aaveArtifact(name: string): AaveArtifact {
  const file = require.resolve(`@aave/core-v3/artifacts/contracts/${PATHS[name]}/${name}.sol/${name}.json`);
  const json = JSON.parse(readFileSync(file, "utf8"));
  return { abi: json.abi, bytecode: json.bytecode, linkReferences: json.linkReferences ?? {} };
}

/** Writes library addresses into an artifact's bytecode at its link references. */
function link(artifact: AaveArtifact, libraries: Record<string, Address>): Artifact {
  let code = artifact.bytecode.slice(2);
  for (const refs of Object.values(artifact.linkReferences)) {
    for (const [library, positions] of Object.entries(refs)) {
      const address = libraries[library];
      if (!address) throw new Error(`library ${library} is not deployed`);
      for (const { start, length } of positions) {
        code = code.slice(0, start * 2) + address.slice(2).toLowerCase() + code.slice((start + length) * 2);
      }
    }
  }
  if (code.includes("__$")) throw new Error("unlinked library left in bytecode");
  return { abi: artifact.abi, bytecode: `0x${code}` as Hex };
}

const ray = (percent: string) => (parseUnits(percent, 27) / 100n) as bigint;

/** Variable-rate curve like Keel's kinked model; stable borrowing is disabled (Aave's own default). */
const USDC_RATES = [ray("90"), 0n, ray("4"), ray("75"), 0n, 0n, ray("2"), ray("8"), ray("20")] as const;
const WETH_RATES = [ray("80"), 0n, ray("3.8"), ray("80"), ray("4"), ray("80"), ray("2"), ray("8"), ray("20")] as const;

export async function benchAave(helpers: Artifacts): Promise<Run> {
  const chain = await Chain.open();
  const assets = await deployAssets(chain, ["WETH", "USDC"]);
  const { tokens, feeds } = assets;
  const admin = chain.deployer.account.address;

  const libraries: Record<string, Address> = {};
  for (const name of ["SupplyLogic", "BorrowLogic", "LiquidationLogic", "EModeLogic", "BridgeLogic", "PoolLogic"]) {
    libraries[name] = (await chain.deployRaw(aaveArtifact(name))).address;
  }
  libraries.FlashLoanLogic = (await chain.deployRaw(link(aaveArtifact("FlashLoanLogic"), libraries))).address;
  libraries.ConfiguratorLogic = (await chain.deployRaw(aaveArtifact("ConfiguratorLogic"))).address;

  const provider = await chain.deployRaw(aaveArtifact("PoolAddressesProvider"), ["Keel gas bench", admin]);
  await chain.write(provider, "setACLAdmin", [admin]);
  const acl = await chain.deployRaw(aaveArtifact("ACLManager"), [provider.address]);
  await chain.write(provider, "setACLManager", [acl.address]);
  await chain.write(acl, "addPoolAdmin", [admin]);

  const poolImpl = await chain.deployRaw(link(aaveArtifact("Pool"), libraries), [provider.address]);
  await chain.write(poolImpl, "initialize", [provider.address]);
  await chain.write(provider, "setPoolImpl", [poolImpl.address]);
  const pool: RawContract = { address: await chain.read<Address>(provider, "getPool"), abi: poolImpl.abi };

  const configuratorImpl = await chain.deployRaw(link(aaveArtifact("PoolConfigurator"), libraries));
  await chain.write(configuratorImpl, "initialize", [provider.address]);
  await chain.write(provider, "setPoolConfiguratorImpl", [configuratorImpl.address]);
  const configurator: RawContract = {
    address: await chain.read<Address>(provider, "getPoolConfigurator"),
    abi: configuratorImpl.abi,
  };

  // AaveOracle reads latestAnswer(); the adapters forward to the shared DevPriceFeeds. USD base, 8 decimals.
  const ethSource = await chain.deployRaw(helpers.AaveFeedAdapter, [feeds.WETH.address]);
  const usdcSource = await chain.deployRaw(helpers.AaveFeedAdapter, [feeds.USDC.address]);
  const oracle = await chain.deployRaw(aaveArtifact("AaveOracle"), [
    provider.address,
    [tokens.WETH.address, tokens.USDC.address],
    [ethSource.address, usdcSource.address],
    zeroAddress,
    zeroAddress,
    10n ** 8n,
  ]);
  await chain.write(provider, "setPriceOracle", [oracle.address]);

  const aTokenImpl = await chain.deployRaw(aaveArtifact("AToken"), [pool.address]);
  const stableDebtImpl = await chain.deployRaw(aaveArtifact("StableDebtToken"), [pool.address]);
  const variableDebtImpl = await chain.deployRaw(aaveArtifact("VariableDebtToken"), [pool.address]);
  const strategy = aaveArtifact("DefaultReserveInterestRateStrategy");
  const usdcStrategy = await chain.deployRaw(strategy, [provider.address, ...USDC_RATES]);
  const wethStrategy = await chain.deployRaw(strategy, [provider.address, ...WETH_RATES]);

  const reserveInput = (symbol: "WETH" | "USDC", decimals: number, rates: RawContract) => ({
    aTokenImpl: aTokenImpl.address,
    stableDebtTokenImpl: stableDebtImpl.address,
    variableDebtTokenImpl: variableDebtImpl.address,
    underlyingAssetDecimals: decimals,
    interestRateStrategyAddress: rates.address,
    underlyingAsset: tokens[symbol].address,
    treasury: admin,
    incentivesController: zeroAddress,
    aTokenName: `Aave ${symbol}`,
    aTokenSymbol: `a${symbol}`,
    variableDebtTokenName: `Aave variable debt ${symbol}`,
    variableDebtTokenSymbol: `variableDebt${symbol}`,
    stableDebtTokenName: `Aave stable debt ${symbol}`,
    stableDebtTokenSymbol: `stableDebt${symbol}`,
    params: "0x",
  });
  await chain.write(configurator, "initReserves", [
    [reserveInput("USDC", 6, usdcStrategy), reserveInput("WETH", 18, wethStrategy)],
  ]);
  // Mainnet-like risk parameters: WETH 80% LTV, 82.5% threshold, 5% bonus; USDC 77% / 80% / 4.5%.
  const weth = tokens.WETH.address;
  const usdc = tokens.USDC.address;
  await chain.write(configurator, "configureReserveAsCollateral", [weth, 8000n, 8250n, 10500n]);
  await chain.write(configurator, "configureReserveAsCollateral", [usdc, 7700n, 8000n, 10450n]);
  for (const [asset, factor] of [
    [weth, 1500n],
    [usdc, 1000n],
  ] as const) {
    await chain.write(configurator, "setReserveBorrowing", [asset, true]);
    await chain.write(configurator, "setReserveFactor", [asset, factor]);
    await chain.write(configurator, "setReserveFlashLoaning", [asset, true]);
  }
  await assets.approveAll(pool.address);
  const receiver = await chain.deployRaw(helpers.AaveFlashReceiver, [pool.address]);

  const { variableDebtTokenAddress } = await chain.read<{ variableDebtTokenAddress: Address }>(pool, "getReserveData", [
    usdc,
  ]);
  const debtToken: RawContract = { address: variableDebtTokenAddress, abi: variableDebtImpl.abi };

  const call = (fn: string, args: readonly unknown[], who: Wallet) => chain.writeGas(pool, fn, args, who);
  const flash = async (amount: bigint) => {
    // The receiver holds the premium in advance (Aave's premium, 0 after Pool.initialize unless governance sets one).
    const premium = (amount * (await chain.read<bigint>(pool, "FLASHLOAN_PREMIUM_TOTAL"))) / 10_000n;
    if (premium > 0n) await chain.tx(() => tokens.USDC.write.mint([receiver.address, premium]));
    return chain.writeGas(receiver, "borrow", [usdc, amount], chain.deployer);
  };

  const market: Market = {
    supply: (who, amount) => call("supply", [usdc, amount, who.account.address, 0], who),
    supplyCollateral: (who, _symbol, amount) => call("supply", [weth, amount, who.account.address, 0], who),
    borrow: (who, amount) => call("borrow", [usdc, amount, 2n, 0, who.account.address], who),
    repay: (who, amount) => call("repay", [usdc, amount, 2n, who.account.address], who),
    repayAll: (who) => call("repay", [usdc, maxUint256, 2n, who.account.address], who),
    withdrawCollateral: (who, _symbol, amount) => call("withdraw", [weth, amount, who.account.address], who),
    withdrawAll: (who) => call("withdraw", [usdc, maxUint256, who.account.address], who),
    async liquidateHalf(liquidator, borrower) {
      const debt = await chain.read<bigint>(debtToken, "balanceOf", [borrower.account.address]);
      return call("liquidationCall", [weth, usdc, borrower.account.address, debt / 2n, false], liquidator);
    },
    debtOf: (who) => chain.read<bigint>(debtToken, "balanceOf", [who.account.address]),
    flashLoan: flash,
    flashLoanLean: flash,
  };
  return runScenario(market, assets, false);
}
