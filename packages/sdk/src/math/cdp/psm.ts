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
  depegToleranceBps: bigint;
  /** The gem oracle's price (PRICE_SCALE); undefined skips the depeg check (the oracle could not be read). */
  gemPrice?: bigint;
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

/** PegStabilityModule._requireLive: not frozen, and the gem's oracle within the tolerance of the peg. */
function requireLive(psm: PsmState): void {
  if (psm.frozen) throw new CdpRevertError("PsmFrozen");
  const peg = pegPrice(psm.gemDecimals);
  if (psm.gemPrice !== undefined && isDepegged(psm.gemPrice, peg, psm.depegToleranceBps))
    throw new CdpRevertError("GemDepegged", [psm.gemPrice, peg]);
}

/** A swap's amounts: kUSD out (sell) or in (buy), the fee (kUSD wei, rounded up) and `minted` after. */
export type PsmSwap = { kusd: bigint; fee: bigint; minted: bigint };

/**
 * PegStabilityModule.sellGem: `gemAmount` of gem in, its value in kUSD less the in-fee out. Checks frozen,
 * depeg, zero output and the cap.
 */
export function previewSellGem(psm: PsmState, gemAmount: bigint): PsmSwap {
  requireLive(psm);
  const value = checkedMul(gemAmount, gemToKusd(psm.gemDecimals));
  const fee = MathLib.mulDivUp(value, psm.feeInBps, BPS);
  const out = value - fee;
  if (out === 0n) throw new CdpRevertError("ZeroAmount");
  const minted = checkedAdd(psm.minted, value);
  if (minted > psm.cap) throw new CdpRevertError("PsmCapExceeded", [minted, psm.cap]);
  return { kusd: out, fee, minted };
}

/** PegStabilityModule.buyGem: `gemAmount` of gem out, its value in kUSD plus the out-fee burned from the caller. */
export function previewBuyGem(psm: PsmState, gemAmount: bigint): PsmSwap {
  requireLive(psm);
  if (gemAmount === 0n) throw new CdpRevertError("ZeroAmount");
  const unit = gemToKusd(psm.gemDecimals);
  const value = checkedMul(gemAmount, unit);
  if (value > psm.minted) throw new CdpRevertError("PsmInsufficientGem", [psm.minted / unit, gemAmount]);
  const fee = MathLib.mulDivUp(value, psm.feeOutBps, BPS);
  return { kusd: value + fee, fee, minted: psm.minted - value };
}
