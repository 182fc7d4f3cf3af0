import {
  type AccountSnapshot,
  accountCategory,
  accountMasks,
  expectedReserveState,
  formatHealthFactor,
  formatWadPercent,
  type PoolSnapshot,
  type ReserveSnapshot,
  SharesMathLib,
  WAD,
} from "@keel/sdk";
import { parseUnits } from "viem";
import { UsageError } from "./errors.ts";
import { formatBps, formatUsd } from "./format.ts";
import { parsePositiveDecimal } from "./input.ts";
import { usdPerToken } from "./market.ts";

// How close an account is to liquidation, said the same way by every pool command: the buffer a "max"
// keeps (decision 0030), the warning below it, e-mode, and the liquidation price of the collateral that
// matters, in the debt asset when the pair is correlated.

/**
 * The health factor a "max" borrow or collateral withdrawal keeps unless --min-health says otherwise,
 * and below which every write warns: 1.10, the CLI's yellow.
 */
export const DEFAULT_MIN_HEALTH = (WAD * 110n) / 100n;

/** A pool whose reserves may carry their symbols (a NamedPool does). */
type PoolLike = Omit<PoolSnapshot, "reserves"> & { reserves: (ReserveSnapshot & { symbol?: string })[] };

/**
 * Reads --min-health: a health factor of 1 or more (1 is the pool's own limit). Below 1 an account can
 * be liquidated, so no operation may aim there: refused with a sentence (exit 2).
 */
export function parseMinHealth(text: string): bigint {
  const digits = parsePositiveDecimal(text, "--min-health");
  if ((digits.split(".")[1] ?? "").length > 18) {
    throw new UsageError(`--min-health "${text}" has more than 18 decimals.`);
  }
  const wad = parseUnits(digits, 18);
  if (wad < WAD) {
    throw new UsageError(
      `--min-health ${text} is below 1: an account below 1 can be liquidated, so no operation aims there. Give 1 or more (1 takes the most the pool allows).`,
    );
  }
  return wad;
}

/** A health factor target for sentences: "1.10", "1.00", "1.25". */
export function formatTarget(wad: bigint): string {
  return formatHealthFactor(wad);
}

// The largest amount that keeps a health factor is the SDK's own search (simulation/largestKeepingHealth.ts).
export { largestKeepingHealth } from "@keel/sdk";

/**
 * The warning a write leaves when the account's health factor after it is below 1.10 (none at or above,
 * or without a known health factor). `whose` is "your" or "the account's".
 */
export function healthWarnings(after: bigint | undefined, whose: string): string[] {
  if (after === undefined || after >= DEFAULT_MIN_HEALTH) return [];
  const shown = formatHealthFactor(after);
  if (after < WAD) return [`This leaves ${whose} health factor at ${shown}, below 1: the account can be liquidated.`];
  // Liquidation comes when the collateral's value falls by 1 − 1/HF (the debt unchanged).
  const fall = WAD - (WAD * WAD) / after;
  return [
    `This leaves ${whose} health factor at ${shown}, below 1.10: a fall of ${formatWadPercent(fall)} in the collateral's value would make the account liquidatable.`,
  ];
}

/** The price the pool values a reserve at for display: live, else the last reported one, else 0. */
export function shownPrice(reserve: ReserveSnapshot): bigint {
  return reserve.price ?? reserve.lastPrice ?? 0n;
}

/** USD value (WAD) of token units at the shown price, rounded down. */
export function shownValue(reserve: ReserveSnapshot, units: bigint): bigint {
  return (shownPrice(reserve) * units) / WAD;
}

/** The account's debt in a reserve, in token units with interest to the pool's time (rounded up). */
export function debtUnits(pool: PoolSnapshot, account: AccountSnapshot, index: number): bigint {
  const state = expectedReserveState(pool.reserves[index], pool.timestamp);
  return SharesMathLib.toAssetsUp(
    account.positions[index]?.debtShares ?? 0n,
    state.totalBorrowAssets,
    state.totalBorrowShares,
  );
}

/** The reserve holding most of the account's collateral by value; undefined without collateral. */
export function mainCollateral(pool: PoolSnapshot, account: AccountSnapshot): number | undefined {
  return largest(
    pool,
    account,
    (index) => shownValue(pool.reserves[index], account.positions[index].collateral),
    "collateral",
  );
}

/** The reserve the account owes most of by value; undefined without debt. */
export function mainDebt(pool: PoolSnapshot, account: AccountSnapshot): number | undefined {
  return largest(pool, account, (index) => shownValue(pool.reserves[index], debtUnits(pool, account, index)), "debt");
}

function largest(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  value: (index: number) => bigint,
  side: "collateral" | "debt",
): number | undefined {
  const masks = accountMasks(account);
  const mask = side === "collateral" ? masks.collateralMask : masks.debtMask;
  let best: number | undefined;
  let bestValue = -1n;
  for (let index = 0; index < pool.reserves.length; index++) {
    if (((mask >> index) & 1) === 0) continue;
    const v = value(index);
    if (v > bestValue) {
      best = index;
      bestValue = v;
    }
  }
  return best;
}

/** The e-mode an account is in (decision 0005: automatic, while every reserve it owes is in one category). */
export type EModeStatus = {
  category: number;
  /** The manifest's name for it ("ETH correlated"), when it gives one. */
  label?: string;
  ltvBps: number;
  liquidationThresholdBps: number;
  /** The category's reserves, by symbol: the collateral that gets its limits. */
  members: string[];
};

/**
 * The e-mode category the pool applies to the account now, computed as the pool does
 * (`accountCategory` of its debt mask), or undefined when none applies (no debt, or debts outside one
 * category). `labels` are the manifest's names of the pool's categories.
 */
export function activeEMode(
  pool: PoolLike,
  account: AccountSnapshot,
  labels: readonly { category: number; label: string }[] = [],
): EModeStatus | undefined {
  const category = accountCategory(pool as PoolSnapshot, accountMasks(account).debtMask);
  const params = category === 0 ? undefined : pool.eModes[category];
  if (!params) return undefined;
  return {
    category,
    label: labels.find((l) => l.category === category)?.label,
    ltvBps: params.ltvBps,
    liquidationThresholdBps: params.liquidationThresholdBps,
    members: pool.reserves.filter((r) => r.config.eModeCategory === category).map((r) => r.symbol ?? r.config.asset),
  };
}

/** "E-mode 1 (ETH correlated) is active: LTV 90.00%, liquidation threshold 93.00% on WETH, wstETH collateral." */
export function describeEMode(eMode: EModeStatus): string {
  const name = eMode.label ? ` (${eMode.label})` : "";
  return `E-mode ${eMode.category}${name} is active: LTV ${formatBps(eMode.ltvBps)}, liquidation threshold ${formatBps(eMode.liquidationThresholdBps)} on ${eMode.members.join(", ")} collateral, while every debt is in the category.`;
}

/** Where a collateral's liquidation price stands, in USD or, for a correlated pair, in the debt asset. */
export type LiquidationQuote = {
  reserve: number;
  symbol: string;
  /** Oracle scale (KeelLens.liquidationPrice); 0 when no price of this collateral alone liquidates the account. */
  price: bigint;
  /** USD per whole token, WAD. */
  usdPerToken: bigint;
  /** USD per whole token now, WAD. */
  usdPerTokenNow: bigint;
  /**
   * In e-mode with this collateral in the category: the main debt asset per whole collateral token
   * at liquidation and now, WAD. The pair moves together, so this is the price that matters.
   */
  inDebt?: { reserve: number; symbol: string; perToken: bigint; perTokenNow: bigint };
};

/** Prices `liquidationPrice` (oracle scale) of `collateral` for people: in the debt asset when the pair is correlated. */
export function quoteLiquidationPrice(
  pool: PoolLike,
  account: AccountSnapshot,
  collateral: number,
  liquidationPrice: bigint,
): LiquidationQuote {
  const reserve = pool.reserves[collateral];
  const decimals = reserve.config.decimals;
  const quote: LiquidationQuote = {
    reserve: collateral,
    symbol: reserve.symbol ?? reserve.config.asset,
    price: liquidationPrice,
    usdPerToken: usdPerToken(liquidationPrice, decimals),
    usdPerTokenNow: usdPerToken(shownPrice(reserve), decimals),
  };
  const eMode = activeEMode(pool, account);
  const debt = mainDebt(pool as PoolSnapshot, account);
  if (!eMode || debt === undefined || reserve.config.eModeCategory !== eMode.category || debt === collateral) {
    return quote;
  }
  const debtReserve = pool.reserves[debt];
  const debtUsd = usdPerToken(shownPrice(debtReserve), debtReserve.config.decimals);
  if (debtUsd === 0n) return quote;
  quote.inDebt = {
    reserve: debt,
    symbol: debtReserve.symbol ?? debtReserve.config.asset,
    perToken: (quote.usdPerToken * WAD) / debtUsd,
    perTokenNow: (quote.usdPerTokenNow * WAD) / debtUsd,
  };
  return quote;
}

/** The liquidation price alone: "$2,400.00", or "1.0312 WETH per wstETH" for a correlated pair; "-" for none. */
export function formatLiquidationPrice(quote: LiquidationQuote): string {
  if (quote.price === 0n) return "-";
  if (quote.inDebt) return `${fourDecimals(quote.inDebt.perToken)} ${quote.inDebt.symbol} per ${quote.symbol}`;
  return formatUsd(quote.usdPerToken);
}

/** The liquidation price with the price now: "WETH at $2,400.00 (now $3,000.00)". */
export function formatLiquidationPriceWithNow(quote: LiquidationQuote): string {
  if (quote.price === 0n) return `none for ${quote.symbol} alone`;
  const now = quote.inDebt ? fourDecimals(quote.inDebt.perTokenNow) : formatUsd(quote.usdPerTokenNow);
  return `${quote.symbol} at ${formatLiquidationPrice(quote)} (now ${now})`;
}

/** A WAD ratio with exactly four decimals, rounded down: 1.03125e18 → "1.0312". */
export function fourDecimals(wad: bigint): string {
  const scaled = wad / 10n ** 14n;
  const text = scaled.toString().padStart(5, "0");
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}
