import { BPS } from "../constants.ts";
import { MathLib } from "../MathLib.ts";
import { checkedAdd, checkedMul } from "../uint.ts";
import { CdpRevertError } from "./errors.ts";

/** What a peg stability module's swaps depend on. Fees and tolerance in BPS; kUSD amounts in wei. */
export type PsmState = {
  /** The gem's decimals (at most 18). */
  gemDecimals: number;
  /** kUSD minted against gem held. */
  minted: bigint;
  cap: bigint;
  feeInBps: bigint;
  feeOutBps: bigint;
  frozen: boolean;
  /**
   * Whether the gem's oracle is within the depeg tolerance (see `isDepegged`); leave undefined to skip
   * the check, e.g. when the oracle could not be read.
   */
  depegged?: boolean;
};

/** One gem unit in kUSD wei at par: 10^(18 − gem decimals). */
export function gemToKusd(gemDecimals: number): bigint {
  return 10n ** BigInt(18 - gemDecimals);
}

/** The oracle price of one gem unit at par (PRICE_SCALE): 10^(36 − gem decimals). */
export function pegPrice(gemDecimals: number): bigint {
  return 10n ** BigInt(36 - gemDecimals);
}

/** Whether `price` is further from `peg` than the tolerance (the module's GemDepegged test). */
export function isDepegged(price: bigint, peg: bigint, toleranceBps: bigint): boolean {
  const distance = price > peg ? price - peg : peg - price;
  return checkedMul(distance, BPS) > checkedMul(peg, toleranceBps);
}

function requireLive(psm: PsmState): void {
  if (psm.frozen) throw new CdpRevertError("PsmFrozen");
}

/** A swap's amounts: kUSD out (sell) or in (buy), the fee (kUSD wei, rounded up) and `minted` after. */
export type PsmSwap = { kusd: bigint; fee: bigint; minted: bigint };

/**
 * PegStabilityModule.sellGem: `gemAmount` of gem in, its value in kUSD less the in-fee out. Checks frozen,
 * zero output and the cap (a depeg is checked by the contract against its oracle; see PsmState.depegged).
 */
export function previewSellGem(psm: PsmState, gemAmount: bigint): PsmSwap {
  requireLive(psm);
  if (psm.depegged) throw new CdpRevertError("PsmFrozen");
  const value = checkedMul(gemAmount, gemToKusd(psm.gemDecimals));
  const fee = MathLib.mulDivUp(value, psm.feeInBps, BPS);
  const out = value - fee;
  if (out === 0n) throw new CdpRevertError("PsmZeroAmount");
  const minted = checkedAdd(psm.minted, value);
  if (minted > psm.cap) throw new CdpRevertError("PsmCapExceeded", [minted, psm.cap]);
  return { kusd: out, fee, minted };
}

/** PegStabilityModule.buyGem: `gemAmount` of gem out, its value in kUSD plus the out-fee burned from the caller. */
export function previewBuyGem(psm: PsmState, gemAmount: bigint): PsmSwap {
  requireLive(psm);
  if (psm.depegged) throw new CdpRevertError("PsmFrozen");
  if (gemAmount === 0n) throw new CdpRevertError("PsmZeroAmount");
  const unit = gemToKusd(psm.gemDecimals);
  const value = checkedMul(gemAmount, unit);
  if (value > psm.minted) throw new CdpRevertError("PsmInsufficientGem", [psm.minted / unit, gemAmount]);
  const fee = MathLib.mulDivUp(value, psm.feeOutBps, BPS);
  return { kusd: value + fee, fee, minted: psm.minted - value };
}
