import {
  type CdpVault,
  type CollateralTypeInfo,
  collateralRatio,
  currentRate,
  debtOf,
  isSafe,
  vaultLiquidationPrice,
  vaultMaxMint,
  vaultMaxWithdraw,
} from "@keel/sdk";
import { parseUnits } from "viem";
import { KUSD } from "./cdp.ts";
import { UsageError } from "./errors.ts";
import { formatAmount, formatBps, formatPercent, formatUsd } from "./format.ts";
import { parsePositiveDecimal } from "./input.ts";
import { usdPerToken } from "./market.ts";
import type { PreviewRow } from "./transaction.ts";

// How close to its minimum ratio the CLI lets a vault go: "max" keeps a buffer above the minimum
// (decision 0031), and any write that leaves less is previewed with a warning.

/** The buffer "max" keeps above the type's minimum ratio, and below which a write warns: 10 points. */
export const RATIO_BUFFER_BPS = 1_000;

/** Prices at or above this mean "any price" (debt with no collateral behind it). */
const UNLIMITED = 2n ** 255n;

/** A vault's collateral and debt, before or after an operation. */
export type Figures = { collateral: bigint; debt: bigint };

/** The ratio "max" keeps: the type's minimum plus the buffer, or the one --min-ratio gave. */
export type TargetRatio = { bps: number; explicit: boolean };

/**
 * Parses --min-ratio, a percentage ("160", "160%", "162.5"), into basis points. Only its form is
 * checked here, before the chain is asked; `targetRatio` compares it with the type's minimum.
 */
export function parseMinRatio(text: string): number {
  let digits: string;
  try {
    digits = parsePositiveDecimal(text.trim().replace(/%$/, ""), "--min-ratio");
  } catch {
    throw new UsageError(`--min-ratio "${text}" must be a positive percentage, such as 160 or 162.5.`);
  }
  const fraction = digits.split(".")[1] ?? "";
  if (fraction.length > 2)
    throw new UsageError(`--min-ratio "${text}" has more than two decimals; give a percentage such as 160 or 162.5.`);
  const bps = parseUnits(digits, 2);
  if (bps > 10_000_000n) throw new UsageError(`--min-ratio "${text}" is not a collateral ratio a vault can keep.`);
  return Number(bps);
}

/**
 * The ratio "max" keeps for this type: --min-ratio when given, else the minimum plus 10 points. Below
 * the type's minimum it is refused: the engine would refuse such a vault, or auction it.
 */
export function targetRatio(type: CollateralTypeInfo, minRatio: string | undefined): TargetRatio {
  if (minRatio === undefined) return { bps: type.minRatioBps + RATIO_BUFFER_BPS, explicit: false };
  const bps = parseMinRatio(minRatio);
  if (bps < type.minRatioBps) {
    throw new UsageError(
      `--min-ratio ${formatBps(bps)} is below the minimum ratio of ${type.symbol ?? "this collateral"} vaults, ${formatBps(type.minRatioBps)}: the engine refuses a vault below it. Give ${formatBps(type.minRatioBps).replace(/\.00%$/, "")} or more.`,
    );
  }
  return { bps, explicit: true };
}

/** The price a preview needs, or the oracle's refusal as a sentence (the engine refuses too). */
export function requirePrice(type: CollateralTypeInfo, doing: string): bigint {
  if (type.price === undefined)
    throw new UsageError(`The ${type.symbol} oracle gives no price, so ${doing} would fail: ${type.priceError}`);
  return type.price;
}

/**
 * The most collateral `vault` can withdraw at `timestamp` with its ratio staying at or above `target`:
 * the SDK's own `vaultMaxWithdraw` at that ratio, with the debt accrued to `timestamp`. All of it
 * without debt.
 */
export function maxWithdrawKeeping(
  vault: CdpVault,
  type: CollateralTypeInfo,
  target: TargetRatio,
  timestamp: bigint,
): bigint {
  const debt = debtOf(vault.normalizedDebt, currentRate(type, timestamp));
  if (debt === 0n) return vault.collateral;
  return vaultMaxWithdraw(vault.collateral, debt, requirePrice(type, "withdrawing"), target.bps);
}

/**
 * The most kUSD `vault` can mint at `timestamp` with its ratio staying at or above `target`: the SDK's
 * `vaultMaxMint` (the engine's rounding, the type's ceiling and floor) with the target as the minimum.
 */
export function maxMintKeeping(
  vault: CdpVault,
  type: CollateralTypeInfo,
  target: TargetRatio,
  timestamp: bigint,
): bigint {
  const price = requirePrice(type, "minting");
  return vaultMaxMint(vault, { ...type, minRatioBps: target.bps }, currentRate(type, timestamp), price);
}

/** The collateral ratio of `figures` at the type's price, as the engine computes it (WAD, rounded down). */
export function ratioOf(figures: Figures, type: CollateralTypeInfo): bigint | undefined {
  if (figures.debt === 0n || type.price === undefined) return undefined;
  return collateralRatio(figures.collateral, figures.debt, type.price);
}

/** Whether `figures` keep a collateral ratio of at least `bps` at the type's price (the engine's test). */
export function keepsAtLeast(figures: Figures, type: CollateralTypeInfo, bps: number): boolean {
  return type.price === undefined || isSafe(figures.collateral, figures.debt, type.price, bps);
}

export function ratioText(figures: Figures, type: CollateralTypeInfo): string {
  if (figures.debt === 0n) return "no debt";
  const ratio = ratioOf(figures, type);
  return ratio === undefined ? "no price" : formatPercent(ratio);
}

/** The collateral price below which `figures` can be auctioned, in USD per whole token. */
export function liquidationPriceText(figures: Figures, type: CollateralTypeInfo): string {
  if (figures.debt === 0n) return "none (no debt)";
  const price = vaultLiquidationPrice(figures.collateral, figures.debt, type.minRatioBps);
  return price >= UNLIMITED ? "any price" : formatUsd(usdPerToken(price, type.decimals));
}

/** The stability fee as the yearly rate it compounds to, e.g. "2.00% a year". */
export function stabilityFeeText(type: CollateralTypeInfo): string {
  return `${(type.stabilityFeeApy * 100).toFixed(2)}% a year`;
}

export function collateralText(units: bigint, type: Pick<CollateralTypeInfo, "decimals" | "symbol">): string {
  return `${formatAmount(units, type.decimals)} ${type.symbol ?? "collateral"}`;
}

export function kusdText(units: bigint): string {
  return `${formatAmount(units, KUSD.decimals, 6)} ${KUSD.symbol}`;
}

/**
 * The rows every vault preview shows: debt, collateral ratio and liquidation price before → after (after
 * alone for a new vault), and the stability fee as a yearly rate.
 */
export function vaultRows(type: CollateralTypeInfo, before: Figures | undefined, after: Figures): PreviewRow[] {
  const change = (show: (figures: Figures) => string) =>
    before === undefined ? show(after) : `${show(before)} → ${show(after)}`;
  return [
    ["Debt", change((f) => kusdText(f.debt))],
    ["Collateral ratio", `${change((f) => ratioText(f, type))} (minimum ${formatPercent(type.minRatio)})`],
    ["Liquidation price", change((f) => liquidationPriceText(f, type))],
    ["Stability fee", stabilityFeeText(type)],
  ];
}

/**
 * The warning a vault write gets when it leaves the ratio less than 10 points above the type's minimum:
 * a small fall in price, or fees accruing, would let anyone send it to auction with the penalty.
 */
export function thinRatioWarnings(type: CollateralTypeInfo, after: Figures): string[] {
  if (after.debt === 0n || type.price === undefined) return [];
  if (isSafe(after.collateral, after.debt, type.price, type.minRatioBps + RATIO_BUFFER_BPS)) return [];
  const symbol = type.symbol ?? "the collateral";
  const ratio = collateralRatio(after.collateral, after.debt, type.price);
  return [
    `This leaves the collateral ratio at ${formatPercent(ratio)}, less than 10 points above the minimum of ${formatPercent(type.minRatio)}: if ${symbol} falls below ${liquidationPriceText(after, type)}, or fees add to the debt, anyone may send the vault to auction, with a ${formatBps(type.liquidationPenaltyBps)} penalty.`,
  ];
}
