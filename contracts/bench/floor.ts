// The physical floor (bench/sol/GasFloor.sol): the scenario's operations with only their token
// transfers and unavoidable storage writes, on the isolated pool's two tokens, seeded as Keel's
// reserves are. Keel's distance to it is what its checks, prices, interest and layout cost.
import type { Address } from "viem";
import type { Artifacts } from "../external/solc.ts";
import { deployAssets } from "./assets.ts";
import { Chain } from "./chain.ts";
import { type Market, type Run, runScenario } from "./scenario.ts";

/** Keel's listing seed, MIN_SEED token units of each asset. */
const SEED = 1000n;

export async function benchFloor(artifacts: Artifacts): Promise<Run> {
  const chain = await Chain.open();
  const assets = await deployAssets(chain, ["WETH", "USDC"]);
  const { tokens } = assets;
  const floor = await chain.deployRaw(artifacts.GasFloor, [tokens.USDC.address, tokens.WETH.address, SEED]);
  chain.label(floor.address, "GasFloor");
  await chain.tx(() => tokens.USDC.write.mint([floor.address, SEED]));
  await chain.tx(() => tokens.WETH.write.mint([floor.address, SEED]));
  await assets.approveAll(floor.address);
  const lean = await chain.deployRaw(artifacts.Erc3156LeanReceiver, [floor.address]);
  chain.label(lean.address, "lean receiver");

  const debtOf = async (who: Address) => (await chain.read<readonly [bigint, bigint]>(floor, "positions", [who]))[1];
  const market: Market = {
    supply: (who, amount) => chain.writeGas(floor, "supply", [amount], who),
    supplyCollateral: (who, _symbol, amount) => chain.writeGas(floor, "supplyCollateral", [amount], who),
    borrow: (who, amount) => chain.writeGas(floor, "borrow", [amount], who),
    repay: (who, amount) => chain.writeGas(floor, "repay", [amount], who),
    async repayAll(who) {
      return chain.writeGas(floor, "repay", [await debtOf(who.account.address)], who);
    },
    withdrawCollateral: (who, _symbol, amount) => chain.writeGas(floor, "withdrawCollateral", [amount], who),
    withdrawAll: (who) => chain.writeGas(floor, "withdrawAll", [], who),
    async liquidateHalf(liquidator, borrower) {
      // Half the debt, and WETH at the dropped 2,400 USD with a 5% bonus: the floor prices nothing.
      const repaid = (await debtOf(borrower.account.address)) / 2n;
      const seized = (repaid * 10n ** 12n * 105n) / (100n * 2400n);
      return chain.writeGas(floor, "liquidate", [borrower.account.address, repaid, seized], liquidator);
    },
    debtOf: (who) => debtOf(who.account.address),
    flashLoan: (amount) => chain.writeGas(lean, "borrow", [tokens.USDC.address, amount], chain.deployer),
    flashLoanLean: (amount) => chain.writeGas(lean, "borrow", [tokens.USDC.address, amount], chain.deployer),
  };
  return runScenario(market, assets, false);
}
