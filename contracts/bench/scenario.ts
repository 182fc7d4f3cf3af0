// The one scenario every protocol runs, through a small adapter per protocol, so that each
// measured operation is the same user action with the same amounts at the same moment.
import { formatUnits, type Hex } from "viem";
import type { Asset, Assets } from "./assets.ts";
import type { Chain, Wallet } from "./chain.ts";

export const OPERATIONS = [
  { key: "supplyFirst", label: "supply USDC, first lender" },
  { key: "supplySecond", label: "supply USDC, second lender" },
  { key: "supplyCollateral", label: "supply collateral (WETH)" },
  { key: "supplyCollateral2", label: "supply 2nd collateral (WBTC)" },
  { key: "borrowFirst", label: "borrow USDC, first" },
  { key: "borrowSecond", label: "borrow USDC, second" },
  { key: "repayPartial", label: "repay part (after 30 days)" },
  { key: "repayFull", label: "repay in full" },
  { key: "withdrawCollateral", label: "withdraw collateral (WETH)" },
  { key: "withdrawAll", label: "lender withdraws all" },
  { key: "liquidate", label: "liquidate half the debt" },
  { key: "flashLoan", label: "flash loan 1M USDC" },
  { key: "flashLoanLean", label: "flash loan 1M USDC, same minimal receiver" },
] as const;

export type OpKey = (typeof OPERATIONS)[number]["key"];
export type Gas = Partial<Record<OpKey, number>>;
/** A protocol's run: each measured operation's gas and transaction, and the chain, still open, to trace them on. */
export type Run = { gas: Gas; notes: string[]; hashes: Partial<Record<OpKey, Hex>>; chain: Chain };

/** What each protocol's adapter implements; each action is one transaction and returns its gas. */
export interface Market {
  supply(who: Wallet, amount: bigint): Promise<number>;
  supplyCollateral(who: Wallet, symbol: Asset, amount: bigint): Promise<number>;
  borrow(who: Wallet, amount: bigint): Promise<number>;
  repay(who: Wallet, amount: bigint): Promise<number>;
  /** Repays the whole debt, exactly (by shares or Aave's max amount). */
  repayAll(who: Wallet): Promise<number>;
  withdrawCollateral(who: Wallet, symbol: Asset, amount: bigint): Promise<number>;
  /** Withdraws the whole supply position, exactly. */
  withdrawAll(who: Wallet): Promise<number>;
  /** Liquidates `borrower`'s WETH collateral for half its current USDC debt (the protocol may cap it). */
  liquidateHalf(liquidator: Wallet, borrower: Wallet): Promise<number>;
  /** The account's current USDC debt, interest included (a view, for checks and the liquidation note). */
  debtOf(who: Wallet): Promise<bigint>;
  /** Flash loan through the protocol's reference receiver (Keel: FlashBorrowerExample). */
  flashLoan(amount: bigint): Promise<number>;
  /** Flash loan through a receiver doing exactly what the Morpho and Aave receivers do. */
  flashLoanLean(amount: bigint): Promise<number>;
}

const DAY = 24n * 3600n;

/**
 * 1. Lender A supplies 1M USDC (the market's first lender), lender B 2M USDC.
 * 2. The borrower supplies 10 WETH (cross pool: then 0.5 WBTC too) and borrows 10,000 then 5,000 USDC.
 * 3. 30 days pass; the borrower repays 5,000 USDC, then the rest, and withdraws its 10 WETH;
 *    lender A withdraws everything.
 * 4. A second borrower puts up 10 WETH (cross pool: 5 WETH and 0.25 WBTC) and borrows 21,000
 *    (cross: 20,000) USDC; a day later ETH (and BTC) fall 20% and a liquidator repays half the debt.
 * 5. A flash loan of 1M USDC, then the same with the minimal receiver.
 */
export async function runScenario(market: Market, assets: Assets, cross: boolean): Promise<Run> {
  const { chain, actors, units } = assets;
  const { lenderA, lenderB, borrower, borrower2, liquidator } = actors;
  const usdc = (amount: string) => units("USDC", amount);
  const gas: Gas = {};
  const hashes: Run["hashes"] = {};
  const notes: string[] = [];
  /** Records an operation's gas and its transaction. */
  const measured = async (key: OpKey, operation: Promise<number>) => {
    gas[key] = await operation;
    hashes[key] = chain.lastHash;
  };
  const show = (amount: bigint) => Number(formatUnits(amount, 6)).toFixed(2);

  await measured("supplyFirst", market.supply(lenderA, usdc("1000000")));
  await measured("supplySecond", market.supply(lenderB, usdc("2000000")));
  await measured("supplyCollateral", market.supplyCollateral(borrower, "WETH", units("WETH", "10")));
  if (cross) await measured("supplyCollateral2", market.supplyCollateral(borrower, "WBTC", units("WBTC", "0.5")));
  await measured("borrowFirst", market.borrow(borrower, usdc("10000")));
  await measured("borrowSecond", market.borrow(borrower, usdc("5000")));

  chain.advance(30n * DAY);
  await assets.publish(false);
  await assets.fundInterest();
  await measured("repayPartial", market.repay(borrower, usdc("5000")));
  await measured("repayFull", market.repayAll(borrower));
  const left = await market.debtOf(borrower);
  if (left !== 0n) throw new Error(`debt left after repaying in full: ${left}`);
  await measured("withdrawCollateral", market.withdrawCollateral(borrower, "WETH", units("WETH", "10")));
  await measured("withdrawAll", market.withdrawAll(lenderA));

  if (cross) {
    await market.supplyCollateral(borrower2, "WETH", units("WETH", "5"));
    await market.supplyCollateral(borrower2, "WBTC", units("WBTC", "0.25"));
    await market.borrow(borrower2, usdc("20000"));
  } else {
    await market.supplyCollateral(borrower2, "WETH", units("WETH", "10"));
    await market.borrow(borrower2, usdc("21000"));
  }
  chain.advance(DAY);
  await assets.publish(true);
  const debtBefore = await market.debtOf(borrower2);
  await measured("liquidate", market.liquidateHalf(liquidator, borrower2));
  const repaid = debtBefore - (await market.debtOf(borrower2));
  if (repaid <= 0n) throw new Error("the liquidation repaid nothing");
  notes.push(`liquidation repaid ${show(repaid)} of ${show(debtBefore)} USDC debt`);

  await measured("flashLoan", market.flashLoan(usdc("1000000")));
  await measured("flashLoanLean", market.flashLoanLean(usdc("1000000")));
  return { gas, notes, hashes, chain };
}
