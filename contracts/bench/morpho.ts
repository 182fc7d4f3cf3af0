// Morpho Blue 1.0 (solc 0.8.19, its own settings): one WETH/USDC market at 86% LLTV with a
// fixed-rate IRM and an oracle over the shared feeds.
import type { Address } from "viem";
import { MORPHO_LLTV, MORPHO_RATE_PER_SECOND, morphoMarketId, morphoOracleScaleExponent } from "../external/morpho.ts";
import type { Artifacts } from "../external/solc.ts";
import { deployAssets } from "./assets.ts";
import { Chain, type Wallet } from "./chain.ts";
import { type Market, type Run, runScenario } from "./scenario.ts";

const WAD = 10n ** 18n;
const LLTV = MORPHO_LLTV;
const RATE_PER_SECOND = MORPHO_RATE_PER_SECOND;

type Position = readonly [bigint, bigint, bigint]; // supplyShares, borrowShares, collateral

export async function benchMorpho(artifacts: Artifacts): Promise<Run> {
  const chain = await Chain.open();
  const assets = await deployAssets(chain, ["WETH", "USDC"]);
  const { tokens, feeds } = assets;
  const owner = chain.deployer.account.address;

  const morpho = await chain.deployRaw(artifacts.Morpho, [owner]);
  const irm = await chain.deployRaw(artifacts.FixedRateIrm, [RATE_PER_SECOND]);
  const scaleExponent = morphoOracleScaleExponent({
    loanDecimals: 6,
    collateralDecimals: 18,
    loanFeedDecimals: 8,
    collateralFeedDecimals: 8,
  });
  const oracle = await chain.deployRaw(artifacts.MorphoFeedOracle, [
    feeds.WETH.address,
    feeds.USDC.address,
    scaleExponent,
  ]);
  const marketParams = {
    loanToken: tokens.USDC.address,
    collateralToken: tokens.WETH.address,
    oracle: oracle.address,
    irm: irm.address,
    lltv: LLTV,
  };
  const id = morphoMarketId(marketParams);
  chain.label(morpho.address, "Morpho");
  chain.label(irm.address, "rate model");
  chain.label(oracle.address, "Morpho oracle");
  await chain.write(morpho, "enableIrm", [irm.address]);
  await chain.write(morpho, "enableLltv", [LLTV]);
  await chain.write(morpho, "createMarket", [marketParams]);
  await assets.approveAll(morpho.address);
  const receiver = await chain.deployRaw(artifacts.MorphoFlashReceiver, [morpho.address]);
  chain.label(receiver.address, "flash receiver");

  const position = (who: Address) => chain.read<Position>(morpho, "position", [id, who]);
  const call = (fn: string, args: readonly unknown[], who: Wallet) => chain.writeGas(morpho, fn, args, who);
  const flash = (amount: bigint) => chain.writeGas(receiver, "borrow", [tokens.USDC.address, amount], chain.deployer);

  const market: Market = {
    supply: (who, amount) => call("supply", [marketParams, amount, 0n, who.account.address, "0x"], who),
    supplyCollateral: (who, _symbol, amount) =>
      call("supplyCollateral", [marketParams, amount, who.account.address, "0x"], who),
    borrow: (who, amount) => call("borrow", [marketParams, amount, 0n, who.account.address, who.account.address], who),
    repay: (who, amount) => call("repay", [marketParams, amount, 0n, who.account.address, "0x"], who),
    async repayAll(who) {
      const [, borrowShares] = await position(who.account.address);
      return call("repay", [marketParams, 0n, borrowShares, who.account.address, "0x"], who);
    },
    withdrawCollateral: (who, _symbol, amount) =>
      call("withdrawCollateral", [marketParams, amount, who.account.address, who.account.address], who),
    async withdrawAll(who) {
      const [supplyShares] = await position(who.account.address);
      return call("withdraw", [marketParams, 0n, supplyShares, who.account.address, who.account.address], who);
    },
    async liquidateHalf(liquidator, borrower) {
      const [, borrowShares] = await position(borrower.account.address);
      return call("liquidate", [marketParams, borrower.account.address, 0n, borrowShares / 2n, "0x"], liquidator);
    },
    async debtOf(who) {
      // Morpho's own math: three-term Taylor growth since the last accrual, then shares to assets rounded up.
      const [, borrowShares] = await position(who.account.address);
      const [, , totalBorrowAssets, totalBorrowShares, lastUpdate] = await chain.read<readonly bigint[]>(
        morpho,
        "market",
        [id],
      );
      const now = (await chain.publicClient.getBlock()).timestamp;
      const x = RATE_PER_SECOND * (now - lastUpdate);
      const second = (x * x) / (2n * WAD);
      const growth = x + second + (second * x) / (3n * WAD);
      const assetsTotal = totalBorrowAssets + (totalBorrowAssets * growth) / WAD + 1n;
      const sharesTotal = totalBorrowShares + 10n ** 6n;
      return (borrowShares * assetsTotal + sharesTotal - 1n) / sharesTotal;
    },
    flashLoan: flash,
    flashLoanLean: flash,
  };
  return runScenario(market, assets, false);
}
