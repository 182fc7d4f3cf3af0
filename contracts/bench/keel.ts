// Keel: configurator, pool, kinked rate model, Chainlink adapters over the shared feeds, and one
// pool: isolated (reserve 0 WETH collateral, reserve 1 USDC loan) or cross-collateral (five reserves).
import { type Address, zeroAddress } from "viem";
import type { Artifacts } from "../external/solc.ts";
import { DEFAULT_KINKED_MODEL, DEFAULT_RISK_BOUNDS } from "../ignition/defaults.ts";
import { type Asset, type Assets, deployAssets, TOKENS } from "./assets.ts";
import { Chain, type Wallet } from "./chain.ts";
import { type Market, type Run, runScenario } from "./scenario.ts";

/** The fields of Keel's Position and ReserveState structs the bench reads. */
type Position = { supplyShares: bigint; collateral: bigint; debtShares: bigint };
type ReserveState = { totalBorrowAssets: bigint; totalBorrowShares: bigint };

const POOL = 0n;
const WAD = 10n ** 18n;
const VIRTUAL_SHARES = 10n ** 6n;

/** Reserve order of both pools (the cross pool follows the test suite's CrossPoolTest). */
const RESERVES: Record<"isolated" | "cross", Asset[]> = {
  isolated: ["WETH", "USDC"],
  cross: ["WETH", "USDC", "WBTC", "LST", "DAI"],
};

type RiskParams = {
  ltvBps: number;
  liquidationThresholdBps: number;
  maxLiquidationBonusBps: number;
  collateralEnabled: boolean;
  borrowEnabled: boolean;
};

const RISK: Record<Asset, RiskParams> = {
  WETH: {
    ltvBps: 8000,
    liquidationThresholdBps: 8500,
    maxLiquidationBonusBps: 800,
    collateralEnabled: true,
    borrowEnabled: false,
  },
  USDC: {
    ltvBps: 0,
    liquidationThresholdBps: 0,
    maxLiquidationBonusBps: 0,
    collateralEnabled: false,
    borrowEnabled: true,
  },
  WBTC: {
    ltvBps: 7000,
    liquidationThresholdBps: 7500,
    maxLiquidationBonusBps: 800,
    collateralEnabled: true,
    borrowEnabled: false,
  },
  LST: {
    ltvBps: 7500,
    liquidationThresholdBps: 8000,
    maxLiquidationBonusBps: 800,
    collateralEnabled: true,
    borrowEnabled: false,
  },
  DAI: {
    ltvBps: 7500,
    liquidationThresholdBps: 8000,
    maxLiquidationBonusBps: 500,
    collateralEnabled: true,
    borrowEnabled: true,
  },
};

export async function benchKeel(kind: "isolated" | "cross", helpers: Artifacts): Promise<Run> {
  const chain = await Chain.open();
  const symbols = RESERVES[kind];
  const assets = await deployAssets(chain, symbols);
  const { viem } = chain;
  const deployer = chain.deployer.account.address;

  const configurator = await chain.deploy(() =>
    viem.deployContract("KeelConfigurator", [deployer, deployer, DEFAULT_RISK_BOUNDS]),
  );
  const pool = await chain.deploy(() => viem.deployContract("KeelPool", [configurator.address]));
  await chain.tx(() => configurator.write.bindPool([pool.address]));
  chain.label(pool.address, "KeelPool");
  await chain.tx(() => configurator.write.setTreasury([deployer]));
  const irm = await chain.deploy(() =>
    viem.deployContract("KinkedRateModel", [
      DEFAULT_KINKED_MODEL.baseRate,
      DEFAULT_KINKED_MODEL.slope1,
      DEFAULT_KINKED_MODEL.slope2,
      DEFAULT_KINKED_MODEL.optimalUtilization,
    ]),
  );
  await chain.tx(() => configurator.write.setRateModelEnabled([irm.address, true]));
  chain.label(irm.address, "rate model");

  const reserves: (RiskParams & {
    asset: Address;
    oracle: Address;
    irm: Address;
    reserveFactorBps: number;
    liquidationFeeBps: number;
    supplyCap: number;
    borrowCap: number;
    eModeCategory: number;
  })[] = [];
  for (const symbol of symbols) {
    const feed = assets.feeds[symbol] as NonNullable<Assets["feeds"][Asset]>;
    const token = assets.tokens[symbol] as NonNullable<Assets["tokens"][Asset]>;
    const oracle = await chain.deploy(() =>
      viem.deployContract("ChainlinkAdapter", [
        feed.address,
        TOKENS[symbol].decimals,
        24n * 3600n,
        1n,
        10n ** 20n,
        zeroAddress,
        0n,
      ]),
    );
    chain.label(oracle.address, `${symbol} price adapter`);
    reserves.push({
      asset: token.address,
      oracle: oracle.address,
      irm: irm.address,
      ...RISK[symbol],
      reserveFactorBps: 1000,
      liquidationFeeBps: 1000,
      supplyCap: 0,
      borrowCap: 0,
      eModeCategory: 0,
    });
    // The listing seed every reserve must deposit (MIN_SEED = 1000 token units).
    await chain.tx(() => token.write.mint([deployer, 1000n]));
    await chain.tx(() => token.write.approve([configurator.address, 1000n]));
  }
  await chain.tx(() => configurator.write.createPool([deployer, reserves, symbols.map(() => 1000n)]));
  await assets.approveAll(pool.address);

  const example = await chain.deploy(() => viem.deployContract("FlashBorrowerExample", [pool.address]));
  const lean = await chain.deployRaw(helpers.Erc3156LeanReceiver, [pool.address]);
  chain.label(example.address, "FlashBorrowerExample");
  chain.label(lean.address, "lean receiver");

  const index = (symbol: Asset) => BigInt(symbols.indexOf(symbol));
  const USDC = index("USDC");
  const WETH = index("WETH");
  const usdc = assets.tokens.USDC.address;
  const as = (who: Wallet) => ({ account: who.account });

  const debtOf = async (who: Address) => {
    const { debtShares } = (await pool.read.position([POOL, who, USDC])) as Position;
    const s = (await pool.read.expectedReserveState([POOL, USDC])) as ReserveState;
    // SharesMathLib.toAssetsUp: 1 virtual asset, 1e6 virtual shares.
    const num = debtShares * (s.totalBorrowAssets + 1n);
    const den = s.totalBorrowShares + VIRTUAL_SHARES;
    return (num + den - 1n) / den;
  };

  const market: Market = {
    supply: (who, amount) => chain.gas(() => pool.write.supply([POOL, USDC, amount, 0n, who.account.address], as(who))),
    supplyCollateral: (who, symbol, amount) =>
      chain.gas(() => pool.write.supplyCollateral([POOL, index(symbol), amount, who.account.address], as(who))),
    borrow: (who, amount) =>
      chain.gas(() => pool.write.borrow([POOL, USDC, amount, 0n, who.account.address, who.account.address], as(who))),
    repay: (who, amount) => chain.gas(() => pool.write.repay([POOL, USDC, amount, 0n, who.account.address], as(who))),
    async repayAll(who) {
      const { debtShares } = (await pool.read.position([POOL, who.account.address, USDC])) as Position;
      return chain.gas(() => pool.write.repay([POOL, USDC, 0n, debtShares, who.account.address], as(who)));
    },
    withdrawCollateral: (who, symbol, amount) =>
      chain.gas(() =>
        pool.write.withdrawCollateral([POOL, index(symbol), amount, who.account.address, who.account.address], as(who)),
      ),
    async withdrawAll(who) {
      const { supplyShares } = (await pool.read.position([POOL, who.account.address, USDC])) as Position;
      return chain.gas(() =>
        pool.write.withdraw([POOL, USDC, 0n, supplyShares, who.account.address, who.account.address], as(who)),
      );
    },
    async liquidateHalf(liquidator, borrower) {
      const health = (await pool.read.healthFactor([POOL, borrower.account.address])) as bigint;
      if (health >= WAD) throw new Error(`Keel ${kind}: the position is not liquidatable (health ${health})`);
      const half = (await debtOf(borrower.account.address)) / 2n;
      return chain.gas(() =>
        pool.write.liquidate(
          [POOL, borrower.account.address, WETH, USDC, half, liquidator.account.address],
          as(liquidator),
        ),
      );
    },
    debtOf: (who) => debtOf(who.account.address),
    flashLoan: (amount) => chain.gas(() => example.write.borrow([usdc, amount])),
    flashLoanLean: (amount) => chain.writeGas(lean, "borrow", [usdc, amount], chain.deployer),
  };
  return runScenario(market, assets, kind === "cross");
}
