// Aave v3.0.2 from the prebuilt artifacts of @aave/core-v3: addresses provider, ACL, Pool and
// PoolConfigurator behind Aave's own proxies (libraries linked), AaveOracle over the shared feeds,
// token implementations, rate strategies, and two reserves (USDC, WETH) with realistic parameters.
import { type Address, type Hex, maxUint256, zeroAddress } from "viem";
import {
  AAVE_POOL_LIBRARIES,
  AAVE_RESERVES,
  type AaveArtifact,
  aaveArtifact,
  aaveReserveInput,
} from "../external/aave.ts";
import type { Artifact, Artifacts } from "../external/solc.ts";
import { deployAssets } from "./assets.ts";
import { Chain, type RawContract, type Wallet } from "./chain.ts";
import { type Market, type Run, runScenario } from "./scenario.ts";

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

export async function benchAave(helpers: Artifacts): Promise<Run> {
  const chain = await Chain.open();
  const assets = await deployAssets(chain, ["WETH", "USDC"]);
  const { tokens, feeds } = assets;
  const admin = chain.deployer.account.address;

  const libraries: Record<string, Address> = {};
  for (const name of AAVE_POOL_LIBRARIES) {
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
  const usdcStrategy = await chain.deployRaw(strategy, [provider.address, ...AAVE_RESERVES.USDC.rates]);
  const wethStrategy = await chain.deployRaw(strategy, [provider.address, ...AAVE_RESERVES.WETH.rates]);

  const reserveInput = (symbol: "WETH" | "USDC", rates: RawContract) =>
    aaveReserveInput(symbol, {
      asset: tokens[symbol].address,
      aToken: aTokenImpl.address,
      stableDebtToken: stableDebtImpl.address,
      variableDebtToken: variableDebtImpl.address,
      rateStrategy: rates.address,
      treasury: admin,
    });
  await chain.write(configurator, "initReserves", [
    [reserveInput("USDC", usdcStrategy), reserveInput("WETH", wethStrategy)],
  ]);
  // Mainnet-like risk parameters (external/aave.ts): WETH 80% LTV, 82.5% threshold, 5% bonus; USDC 77% / 80% / 4.5%.
  const weth = tokens.WETH.address;
  const usdc = tokens.USDC.address;
  for (const [symbol, asset] of [
    ["WETH", weth],
    ["USDC", usdc],
  ] as const) {
    const { ltvBps, liquidationThresholdBps, liquidationBonusBps } = AAVE_RESERVES[symbol];
    await chain.write(configurator, "configureReserveAsCollateral", [
      asset,
      ltvBps,
      liquidationThresholdBps,
      liquidationBonusBps,
    ]);
  }
  for (const [symbol, asset] of [
    ["WETH", weth],
    ["USDC", usdc],
  ] as const) {
    await chain.write(configurator, "setReserveBorrowing", [asset, true]);
    await chain.write(configurator, "setReserveFactor", [asset, AAVE_RESERVES[symbol].reserveFactorBps]);
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
