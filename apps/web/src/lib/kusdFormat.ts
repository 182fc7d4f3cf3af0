// How the kUSD pages speak of amounts, ratios and prices: the SDK's formatters, rounding toward zero, so
// nothing shown overstates a vault's safety or a balance.
import {
  type CollateralTypeInfo,
  collateralRatio,
  formatBps,
  formatTokenAmount,
  formatUsdWad,
  formatWadPercent,
  vaultLiquidationPrice,
} from "@keel/sdk";
import { usdPerToken } from "./market.ts";

export const KUSD = { symbol: "kUSD", decimals: 18 } as const;

/** Prices at or above this mean "any price": debt with no collateral behind it. */
const UNLIMITED = 2n ** 255n;

/** A vault's collateral and debt, before or after an operation. */
export type Figures = { collateral: bigint; debt: bigint };

export type TypeDisplay = Pick<CollateralTypeInfo, "symbol" | "decimals">;

export const symbolOfType = (type: TypeDisplay) => type.symbol ?? "collateral";

export const kusdText = (units: bigint, maxDecimals = 6) => formatTokenAmount(units, KUSD, { maxDecimals });

export const collateralText = (units: bigint, type: TypeDisplay) =>
  formatTokenAmount(units, { decimals: type.decimals, symbol: symbolOfType(type) }, { maxDecimals: 6 });

/** An engine price (kUSD wei per unit × 1e18) as kUSD per whole token, e.g. "3,420.00 kUSD". */
export const perTokenText = (price: bigint, decimals: number) =>
  `${formatUsdWad(usdPerToken(price, decimals)).slice(1)} kUSD`;

/** The collateral ratio as the engine computes it (value rounded down over debt), or why there is none. */
export function ratioText(figures: Figures, type: CollateralTypeInfo): string {
  if (figures.debt === 0n) return "no debt";
  if (type.price === undefined) return "no price";
  return formatWadPercent(collateralRatio(figures.collateral, figures.debt, type.price));
}

/** The collateral price below which the vault can be sent to auction, in USD per whole token. */
export function liquidationPriceText(figures: Figures, type: CollateralTypeInfo): string {
  if (figures.debt === 0n) return "none (no debt)";
  const price = vaultLiquidationPrice(figures.collateral, figures.debt, type.minRatioBps);
  return price >= UNLIMITED ? "any price" : formatUsdWad(usdPerToken(price, type.decimals));
}

export const minRatioText = (type: CollateralTypeInfo) => formatBps(type.minRatioBps);

/** The stability fee as the yearly rate it compounds to. */
export const stabilityFeeText = (type: CollateralTypeInfo) => `${(type.stabilityFeeApy * 100).toFixed(2)}% a year`;
