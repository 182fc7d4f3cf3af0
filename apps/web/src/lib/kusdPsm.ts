// A swap at the peg stability module and its preview: the module's own rounding and checks (frozen, off
// its peg, cap, what it holds) from the SDK, with the fee, the output and the approval it needs.
import { CdpRevertError, explainCdpRevert, formatBps, type PsmInfo, previewBuyGem, previewSellGem } from "@keel/sdk";
import { tokens } from "./format.ts";
import { KUSD, kusdText } from "./kusdFormat.ts";

/** Sell the stablecoin for kUSD, or buy it with kUSD. */
export type SwapDirection = "sell" | "buy";

export type SwapInput = {
  psm: PsmInfo;
  direction: SwapDirection;
  /** Stablecoin units, or "max": the wallet's balance (sell) or all the module holds (buy). */
  amount: { kind: "exact"; units: bigint } | { kind: "max" };
  wallet: { gem: bigint; gemAllowance: bigint; kusd: bigint };
};

export type SwapPlan = {
  amount: bigint;
  kusd: bigint;
  fee: bigint;
  /** The stablecoin the module pulls beyond the allowance: an approval of exactly the amount goes first. */
  approval: bigint | undefined;
  rows: [string, string][];
};

export class SwapPlanError extends Error {}

export const gemSymbol = (psm: PsmInfo, fallback: string) => psm.gemSymbol ?? fallback;

export function planSwap({ psm, direction, amount, wallet }: SwapInput, fallbackSymbol: string): SwapPlan {
  const symbol = gemSymbol(psm, fallbackSymbol);
  const gem = (units: bigint) => tokens(units, psm.gemDecimals, symbol);
  const units = amount.kind === "exact" ? amount.units : direction === "sell" ? wallet.gem : psm.gemHeld;
  if (units === 0n)
    throw new SwapPlanError(direction === "sell" ? `You hold no ${symbol}.` : `The module holds no ${symbol}.`);
  let quote: { kusd: bigint; fee: bigint };
  try {
    quote = direction === "sell" ? previewSellGem(psm, units) : previewBuyGem(psm, units);
  } catch (error) {
    if (error instanceof CdpRevertError) {
      const token = { symbol, decimals: psm.gemDecimals };
      throw new SwapPlanError(explainCdpRevert(error, { token, collateral: token }));
    }
    throw error;
  }
  let approval: bigint | undefined;
  if (direction === "sell") {
    if (wallet.gem < units) throw new SwapPlanError(`You hold ${gem(wallet.gem)}; this swap needs ${gem(units)}.`);
    if (wallet.gemAllowance < units) approval = units;
  } else if (wallet.kusd < quote.kusd) {
    throw new SwapPlanError(`You hold ${kusdText(wallet.kusd)}; this swap needs ${kusdText(quote.kusd)}.`);
  }
  const feeBps = direction === "sell" ? psm.feeInBps : psm.feeOutBps;
  const rows: [string, string][] =
    direction === "sell"
      ? [
          ["You pay", gem(units)],
          ["You receive", kusdText(quote.kusd)],
        ]
      : [
          ["You pay", kusdText(quote.kusd)],
          ["You receive", gem(units)],
        ];
  rows.push(
    ["Fee", `${kusdText(quote.fee)} (${formatBps(feeBps)})`],
    [
      "Approval",
      approval !== undefined
        ? `a transaction approving exactly ${gem(approval)} to the peg module first`
        : direction === "sell"
          ? "none needed"
          : `none: ${KUSD.symbol} is burned without an allowance`,
    ],
  );
  return { amount: units, kusd: quote.kusd, fee: quote.fee, approval, rows };
}
