// Keel's kUSD engine: the gas of each vault, auction, peg-module and flash-mint operation on a
// fresh chain, next to the published Liquity figures the issue sets as targets. Liquity is not
// packaged for npm, so its figures are the published ones, not measured in this run.
import { maxUint256, parseUnits, zeroAddress } from "viem";
import type { Artifacts } from "../external/solc.ts";
import { deployAssets, TOKENS } from "./assets.ts";
import { Chain, type Wallet } from "./chain.ts";

export const CDP_OPERATIONS = [
  { key: "openDepositMint", label: "open + deposit + mint (first vault)", liquity: 422_000, peer: "Liquity v1 open" },
  { key: "openDepositMint2", label: "open + deposit + mint (second vault)", liquity: 422_000, peer: "Liquity v1 open" },
  { key: "deposit", label: "add collateral", liquity: 200_000, peer: "Liquity v2 add collateral" },
  { key: "mint", label: "mint more (adjust debt)", liquity: 196_000, peer: "Liquity v2 adjust" },
  { key: "repay", label: "repay part (after 30 days)", liquity: 196_000, peer: "Liquity v2 adjust" },
  { key: "close", label: "close (repay all + withdraw all)", liquity: 130_000, peer: "Liquity v1 close" },
  { key: "startAuction", label: "start auction", liquity: null, peer: "" },
  { key: "take", label: "take with callback (whole lot)", liquity: null, peer: "" },
  { key: "psmSell", label: "peg module: USDC → kUSD", liquity: null, peer: "" },
  { key: "psmBuy", label: "peg module: kUSD → USDC", liquity: null, peer: "" },
  { key: "flashMint", label: "flash mint 1M kUSD, minimal receiver", liquity: null, peer: "" },
  { key: "operatorRevoke", label: "revoke a vault operator", liquity: null, peer: "" },
  { key: "settle", label: "settle a vault after a shutdown", liquity: null, peer: "" },
] as const;

export type CdpKey = (typeof CDP_OPERATIONS)[number]["key"];
export type CdpGas = Record<CdpKey, number>;

const DAY = 24n * 3600n;
/** RAY × 1.05^(1/31_536_000): a 5% a year stability fee, per second. */
const FEE_5_PERCENT = 1_000_000_001_547_125_957_863_212_449n;

export async function benchCdp(helpers: Artifacts): Promise<{ gas: CdpGas; notes: string[] }> {
  const chain = await Chain.open();
  const assets = await deployAssets(chain, ["WETH", "USDC"]);
  const { viem } = chain;
  const { deployer, borrower, borrower2, liquidator, lenderA } = assets.actors;
  const me = deployer.account.address;
  const as = (who: Wallet) => ({ account: who.account });
  const kusdUnits = (amount: string) => parseUnits(amount, 18);

  const kusd = await chain.deploy(() => viem.deployContract("Kusd", [me, kusdUnits("10000000")]));
  const engine = await chain.deploy(() => viem.deployContract("CdpEngine", [kusd.address, me, me]));
  const adapter = (symbol: "WETH" | "USDC") =>
    chain.deploy(() =>
      viem.deployContract("ChainlinkAdapter", [
        assets.feeds[symbol].address,
        TOKENS[symbol].decimals,
        DAY,
        1n,
        10n ** 20n,
        zeroAddress,
        0n,
      ]),
    );
  const ethOracle = await adapter("WETH");
  const usdcOracle = await adapter("USDC");
  const psm = await chain.deploy(() =>
    viem.deployContract("PegStabilityModule", [
      assets.tokens.USDC.address,
      kusd.address,
      engine.address,
      usdcOracle.address,
      me,
      me,
      kusdUnits("10000000"),
      100n,
    ]),
  );
  await chain.tx(() => psm.write.setFees([10n, 10n]));
  await chain.tx(() => kusd.write.setMinter([engine.address, true]));
  await chain.tx(() => kusd.write.setMinter([psm.address, true]));
  await chain.tx(() => engine.write.setGlobalDebtCeiling([kusdUnits("100000000")]));
  await chain.tx(() =>
    engine.write.addCollateralType([
      assets.tokens.WETH.address,
      {
        oracle: ethOracle.address,
        stabilityFee: FEE_5_PERCENT,
        minRatioBps: 15_000,
        liquidationPenaltyBps: 1_300,
        auctionStartBufferBps: 12_000,
        auctionFloorBps: 4_000,
        keeperFeeBps: 10,
        auctionHalfLife: 600,
        auctionMaxDuration: 6 * 3600,
        debtCeiling: kusdUnits("50000000"),
        debtFloor: kusdUnits("100"),
        keeperTip: kusdUnits("10"),
        auctionLimit: kusdUnits("5000000"),
      },
    ]),
  );
  await assets.approveAll(engine.address);
  await assets.approveAll(psm.address);
  const callee = await chain.deployRaw(helpers.CdpTakeCallee, [engine.address]);
  const lean = await chain.deployRaw(helpers.Erc3156LeanReceiver, [kusd.address]);

  const gas: Partial<CdpGas> = {};
  const notes: string[] = [];
  const weth = (amount: string) => assets.units("WETH", amount);

  // 1. Two borrowers open vaults in one call each: 10 WETH, 10,000 kUSD (150% is 20,000 at 3,000 USD).
  gas.openDepositMint = await chain.gas(() =>
    engine.write.open(
      [0n, borrower.account.address, weth("10"), kusdUnits("10000"), borrower.account.address],
      as(borrower),
    ),
  );
  gas.openDepositMint2 = await chain.gas(() =>
    engine.write.open(
      [0n, borrower2.account.address, weth("10"), kusdUnits("19000"), borrower2.account.address],
      as(borrower2),
    ),
  );
  gas.deposit = await chain.gas(() => engine.write.deposit([1n, weth("1")], as(borrower)));
  gas.mint = await chain.gas(() => engine.write.mint([1n, kusdUnits("1000"), borrower.account.address], as(borrower)));

  // 2. Thirty days later: repay part, then close (the fee accrued is bought through the peg module).
  chain.advance(30n * DAY);
  await assets.publish(false);
  await chain.tx(() => psm.write.sellGem([assets.units("USDC", "1000"), borrower.account.address], as(lenderA)));
  gas.repay = await chain.gas(() => engine.write.repay([1n, kusdUnits("5000")], as(borrower)));
  gas.close = await chain.gas(() => engine.write.close([1n, borrower.account.address], as(borrower)));
  const left = (await engine.read.debtOf([1n])) as bigint;
  if (left !== 0n) throw new Error(`debt left after close: ${left}`);

  // 3. ETH falls 20%: the second vault (19,000 kUSD on 10 WETH) is at 126% and goes to auction.
  await assets.publish(true);
  gas.startAuction = await chain.gas(() => engine.write.startAuction([2n, liquidator.account.address], as(liquidator)));
  const { tab } = (await engine.read.auction([2n])) as { tab: bigint };
  notes.push(`auction tab ${Number(tab / 10n ** 16n) / 100} kUSD`);

  // 4. A taker holding kUSD (bought through the peg module) takes the whole lot with a callback.
  gas.psmSell = await chain.gas(() => psm.write.sellGem([assets.units("USDC", "100000"), callee.address], as(lenderA)));
  gas.take = await chain.writeGas(callee, "take", [2n, weth("10"), maxUint256], liquidator);
  const { tab: tabAfter } = (await engine.read.auction([2n])) as { tab: bigint };
  if (tabAfter !== 0n) throw new Error("the take did not meet the tab");

  // 5. The peg module the other way, then a flash mint.
  await chain.tx(() => psm.write.sellGem([assets.units("USDC", "10000"), lenderA.account.address], as(lenderA)));
  gas.psmBuy = await chain.gas(() =>
    psm.write.buyGem([assets.units("USDC", "5000"), lenderA.account.address], as(lenderA)),
  );
  gas.flashMint = await chain.writeGas(lean, "borrow", [kusd.address, kusdUnits("1000000")], deployer);

  // 6. An owner approves an operator, then revokes it (the revoke also kills its signed approvals).
  await chain.tx(() => engine.write.setOperator([lenderA.account.address, true], as(borrower)));
  gas.operatorRevoke = await chain.gas(() => engine.write.setOperator([lenderA.account.address, false], as(borrower)));

  // 7. A safe vault (10 WETH, 10,000 kUSD) is settled after governance shuts the type down.
  await chain.tx(() =>
    engine.write.open(
      [0n, borrower.account.address, weth("10"), kusdUnits("10000"), borrower.account.address],
      as(borrower),
    ),
  );
  await chain.tx(() => engine.write.shutdown([0n]));
  gas.settle = await chain.gas(() => engine.write.settle([3n], as(borrower)));
  return { gas: gas as CdpGas, notes };
}

export type CdpRow = {
  key: CdpKey;
  operation: string;
  keel: number;
  peer: string;
  peerGas: number | null;
  ratio: number | null;
  target: "met" | "missed" | null;
};

/** Target: every vault operation cheaper than the corresponding published Liquity figure. */
export function buildCdpRows(gas: CdpGas): CdpRow[] {
  return CDP_OPERATIONS.map(({ key, label, liquity, peer }) => ({
    key,
    operation: label,
    keel: gas[key],
    peer,
    peerGas: liquity,
    ratio: liquity === null ? null : gas[key] / liquity,
    target: liquity === null ? null : gas[key] < liquity ? "met" : "missed",
  }));
}

export const CDP_HEADERS = ["operation", "Keel", "published peer figure", "peer gas", "Keel / peer", "< 1.00"];

export function cdpCells(row: CdpRow, markdown: boolean): string[] {
  const missed = markdown ? "**missed**" : "MISSED";
  return [
    row.operation,
    row.keel.toLocaleString("en-US"),
    row.peer || "—",
    row.peerGas === null ? "—" : `~${row.peerGas.toLocaleString("en-US")}`,
    row.ratio === null ? "—" : `${row.ratio.toFixed(2)}×`,
    row.target === null ? "" : row.target === "met" ? "met" : missed,
  ];
}
