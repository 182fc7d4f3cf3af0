import {
  type AccountSnapshot,
  accountHealth,
  accountHealthFactor,
  FLAG_BORROWABLE,
  liquidationPrice,
  maxBorrow,
  reserveRates,
  SharesMathLib,
} from "@keel/sdk";
import { accruedState, type NamedPool } from "./market.ts";
import { activeEMode, type EModeStatus, type LiquidationQuote, quoteLiquidationPrice, shownValue } from "./poolRisk.ts";

/** One reserve line of an account's position, in token units. */
export type ReserveLine = {
  index: number;
  symbol: string;
  decimals: number;
  /** Lending supply, shares converted down (what a withdrawal of all shares pays). */
  supplied: bigint;
  collateral: bigint;
  /** Debt, shares converted up (what repaying all shares costs). */
  debt: bigint;
  /** Price (oracle scale) at which health reaches 1 through this collateral alone; 0 = none. */
  liquidationPrice: bigint;
  /**
   * The same price in the debt asset, when the account is in e-mode and this collateral is in its
   * category (a correlated pair: wstETH against WETH): debt tokens per whole collateral token, WAD.
   */
  liquidationPriceInDebt?: { asset: string; perToken: bigint };
  /** Most the account could borrow of this reserve now. */
  maxBorrow: bigint;
  /** The reserve's yearly rates now (display only; undefined when its rate model cannot be computed offline). */
  supplyApy?: number;
  borrowApy?: number;
};

/** What the account earns and pays in a year at today's rates, on what it is worth. */
export type NetApy = {
  /** Supplied value + collateral value − debt value, USD WAD. */
  netWorth: bigint;
  /** USD a year: supply interest earned (collateral earns none: it is not lent). */
  earnedPerYear: number;
  /** USD a year: borrow interest paid. */
  paidPerYear: number;
  /** (earned − paid) / net worth; undefined when the net worth is not positive. */
  netApy?: number;
};

/** An account's position in a pool, computed from snapshots with the SDK's math (the contracts' rules). */
export type PositionSummary = {
  healthFactor: bigint;
  collateralValue: bigint;
  borrowPower: bigint;
  liquidationValue: bigint;
  debtValue: bigint;
  /** The e-mode category the pool applies to the account now (decision 0005), or null. */
  eMode: EModeStatus | null;
  reserves: ReserveLine[];
} & NetApy;

/**
 * Summarises an account in a pool; reserves where it holds nothing and cannot borrow are left out.
 * `eModeLabels` are the manifest's names of the pool's categories.
 */
export function summarise(
  pool: NamedPool,
  account: AccountSnapshot,
  eModeLabels: readonly { category: number; label: string }[] = [],
): PositionSummary {
  const health = accountHealth(pool, account);
  let earnedPerYear = 0;
  let paidPerYear = 0;
  let suppliedValue = 0n;
  const reserves = pool.reserves.map((reserve, index) => {
    const state = accruedState(pool, reserve);
    const position = account.positions[index];
    const borrowable = (reserve.config.flags & FLAG_BORROWABLE) !== 0;
    const supplied = SharesMathLib.toAssetsDown(
      position.supplyShares,
      state.totalSupplyAssets,
      state.totalSupplyShares,
    );
    const debt = SharesMathLib.toAssetsUp(position.debtShares, state.totalBorrowAssets, state.totalBorrowShares);
    const rates = ratesOf(pool, index);
    suppliedValue += shownValue(reserve, supplied);
    earnedPerYear += usd(shownValue(reserve, supplied)) * (rates?.supplyApy ?? 0);
    paidPerYear += usd(shownValue(reserve, debt)) * (rates?.borrowApy ?? 0);
    const price = liquidationPrice(pool, account, index);
    const line: ReserveLine = {
      index,
      symbol: reserve.symbol,
      decimals: reserve.config.decimals,
      supplied,
      collateral: position.collateral,
      debt,
      liquidationPrice: price,
      maxBorrow: borrowable ? maxBorrow(pool, account, index) : 0n,
      supplyApy: rates?.supplyApy,
      borrowApy: rates?.borrowApy,
    };
    const quote = price > 0n ? quoteLiquidationPrice(pool, account, index, price) : undefined;
    if (quote?.inDebt) line.liquidationPriceInDebt = { asset: quote.inDebt.symbol, perToken: quote.inDebt.perToken };
    return line;
  });
  const netWorth = suppliedValue + health.collateralValue - health.debtValue;
  return {
    healthFactor: accountHealthFactor(pool, account),
    ...health,
    eMode: activeEMode(pool, account, eModeLabels) ?? null,
    reserves,
    ...netApy(netWorth, earnedPerYear, paidPerYear),
  };
}

/** The liquidation quote of one line, for display (in the debt asset for a correlated pair). */
export function lineQuote(pool: NamedPool, account: AccountSnapshot, line: ReserveLine): LiquidationQuote {
  return quoteLiquidationPrice(pool, account, line.index, line.liquidationPrice);
}

/** Net APY from a net worth (USD WAD) and yearly interest earned and paid (USD). */
export function netApy(netWorth: bigint, earnedPerYear: number, paidPerYear: number): NetApy {
  const worth = usd(netWorth);
  return {
    netWorth,
    earnedPerYear,
    paidPerYear,
    netApy: worth > 0 ? (earnedPerYear - paidPerYear) / worth : undefined,
  };
}

/** A USD WAD value as a float, for rates (display only). */
export function usd(wad: bigint): number {
  return Number(wad) / 1e18;
}

function ratesOf(pool: NamedPool, index: number) {
  try {
    return reserveRates(pool.reserves[index], pool.timestamp);
  } catch {
    return undefined;
  }
}

/** Whether the account has anything in the pool. */
export function isEmpty(account: AccountSnapshot): boolean {
  return account.positions.every((p) => p.supplyShares === 0n && p.collateral === 0n && p.debtShares === 0n);
}
