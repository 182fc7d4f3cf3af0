import type { AccountHealth, AccountSnapshot, PoolSnapshot, ReserveConfig } from "../types.ts";
import { expectedReserveState } from "./accrual.ts";
import { BPS, FLAG_FROZEN, FLAG_PAUSED, MAX_UINT256, PRICE_SCALE } from "./constants.ts";
import { MathLib } from "./MathLib.ts";
import { accountMasks, maskIndexes } from "./masks.ts";
import { collateralPrice, debtPrice, requirePrice } from "./price.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedAdd } from "./uint.ts";

/**
 * PoolHealth._accountCategory: the e-mode category shared by every reserve in `debtMask`, or 0 when the
 * mask is empty or spans categories (including a reserve without one).
 */
export function accountCategory(pool: PoolSnapshot, debtMask: number): number {
  let category = 0;
  for (const i of maskIndexes(debtMask)) {
    const reserveCategory = pool.reserves[i].config.eModeCategory;
    if (reserveCategory === 0) return 0;
    if (category === 0) category = reserveCategory;
    else if (category !== reserveCategory) return 0;
  }
  return category;
}

/** LTV, liquidation threshold and incentive bound of a collateral, in BPS. */
export type CollateralParams = { ltvBps: bigint; thresholdBps: bigint; maxBonusBps: bigint };

/** PoolHealth._collateralParams: the collateral's limits, e-mode's when `category` is the collateral's own. */
export function collateralParams(pool: PoolSnapshot, config: ReserveConfig, category: number): CollateralParams {
  const limits = category !== 0 && config.eModeCategory === category ? eModeOf(pool, category) : config;
  return {
    ltvBps: BigInt(limits.ltvBps),
    thresholdBps: BigInt(limits.liquidationThresholdBps),
    maxBonusBps: BigInt(limits.maxLiquidationBonusBps),
  };
}

function eModeOf(pool: PoolSnapshot, category: number) {
  // A category never set reads as zeros on chain.
  return pool.eModes[category] ?? { ltvBps: 0, liquidationThresholdBps: 0, maxLiquidationBonusBps: 0 };
}

/**
 * What a valuation is for (PoolHealth.Valuation). Reserve indexes a field does not name are not
 * special.
 */
export type Valuation = {
  /**
   * true: debts include interest accrued up to `pool.timestamp` (the views). false: debts use the
   * stored totals, as the pool does right after accruing them (operations).
   */
  accrue: boolean;
  /**
   * true (borrow, withdrawCollateral): a debt whose price fails throws the adapter's error. false
   * (liquidations, views): it is valued at its last reported price, throwing only when there is none.
   */
  strictDebt: boolean;
  /** A frozen or paused collateral whose LTV still counts: the one withdrawCollateral takes from. */
  exemptReserve?: number;
  /** The collateral a liquidation seizes: its price must be live (else the adapter's error). */
  collateralReserve?: number;
  /** The debt a liquidation repays: its price must be live (else the adapter's error). */
  debtReserve?: number;
};

/** What `valueAccount` returns. */
export type AccountValuation = {
  health: AccountHealth;
  /** The live price read for `collateralReserve`, 0 when the account holds none of it (or none was named). */
  collateralPrice: bigint;
  /** The price read for `debtReserve`, 0 when the account owes none of it (or none was named). */
  debtPrice: bigint;
  /**
   * The last collateral in mask order, open and with an LTV, whose price was not live, if any (PoolHealth's
   * `unpricedCollateral`): one that would have given borrowing power.
   */
  unpricedCollateral: number | undefined;
};

/**
 * PoolHealth._value: Σ debt value (debt rounded up, value rounded up), then over the collateral in mask
 * order Σ collateral value (rounded down) and liquidation value (each term rounded down) at whatever
 * price was found (live, last reported, or 0), and borrowing power (each term rounded down) from live
 * collateral in a reserve neither frozen nor paused (or the exempt one). Every rounding goes against
 * the account. Throws PriceUnavailableError, with the adapter's error, where the pool reverts: a debt
 * without any price (without a live one when strict or repaid), or a seized collateral without a live one.
 */
export function valueAccount(pool: PoolSnapshot, account: AccountSnapshot, v: Valuation): AccountValuation {
  const { collateralMask, debtMask } = accountMasks(account);
  const health: AccountHealth = { collateralValue: 0n, borrowPower: 0n, liquidationValue: 0n, debtValue: 0n };
  let priceOfCollateral = 0n;
  let priceOfDebt = 0n;
  let unpricedCollateral: number | undefined;
  for (const i of maskIndexes(debtMask)) {
    const reserve = pool.reserves[i];
    const totals = v.accrue ? expectedReserveState(reserve, pool.timestamp) : reserve.state;
    const debt = SharesMathLib.toAssetsUp(
      account.positions[i].debtShares,
      totals.totalBorrowAssets,
      totals.totalBorrowShares,
    );
    const price = debtPrice(reserve, v.strictDebt || i === v.debtReserve);
    if (i === v.debtReserve) priceOfDebt = price;
    health.debtValue = checkedAdd(health.debtValue, MathLib.mulDivUp(debt, price, PRICE_SCALE));
  }
  const category = accountCategory(pool, debtMask);
  for (const i of maskIndexes(collateralMask)) {
    const reserve = pool.reserves[i];
    let price: bigint;
    let live = true;
    // The collateral a liquidation seizes is sold at its price: that price must be live.
    if (i === v.collateralReserve) price = priceOfCollateral = requirePrice(reserve);
    else ({ price, live } = collateralPrice(reserve));
    const value = MathLib.mulDivDown(account.positions[i].collateral, price, PRICE_SCALE);
    const { ltvBps, thresholdBps } = collateralParams(pool, reserve.config, category);
    health.collateralValue = checkedAdd(health.collateralValue, value);
    health.liquidationValue = checkedAdd(health.liquidationValue, MathLib.mulDivDown(value, thresholdBps, BPS));
    if (!isOpenCollateral(reserve.config.flags, i, v.exemptReserve) || ltvBps === 0n) continue;
    // A collateral without a live price is named only if it would otherwise have given borrowing power.
    if (live) health.borrowPower = checkedAdd(health.borrowPower, MathLib.mulDivDown(value, ltvBps, BPS));
    else unpricedCollateral = i;
  }
  return { health, collateralPrice: priceOfCollateral, debtPrice: priceOfDebt, unpricedCollateral };
}

/**
 * Whether a collateral reserve's LTV counts for borrowing power: neither frozen nor paused (the
 * guardian's lever on a compromised collateral), unless it is `exemptReserve`.
 */
export function isOpenCollateral(flags: number, index: number, exemptReserve?: number): boolean {
  return (flags & (FLAG_FROZEN | FLAG_PAUSED)) === 0 || index === exemptReserve;
}

/** Options of `accountHealth`. */
export type AccountHealthOptions = {
  /**
   * true (default, the `accountHealth` view): debts include interest accrued up to `pool.timestamp`.
   * false: debts use the stored totals, as the pool does right after accruing them.
   */
  accrue?: boolean;
};

/**
 * PoolHealth._accountHealth, the `accountHealth` view: `valueAccount` with debts at their last
 * reported price when the checked one fails, collateral at its live price, else its last, else 0, and
 * borrowing power from live collateral in open reserves only. Throws PriceUnavailableError where the
 * view reverts (a debt with no price at all).
 */
export function accountHealth(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  options: AccountHealthOptions = {},
): AccountHealth {
  return valueAccount(pool, account, { accrue: options.accrue !== false, strictDebt: false }).health;
}

/**
 * PoolHealth._healthFactor: liquidation value / debt value in WAD, rounded down (against the account);
 * MAX_UINT256 without debt.
 */
export function healthFactor(health: AccountHealth): bigint {
  return health.debtValue === 0n ? MAX_UINT256 : MathLib.wDivDown(health.liquidationValue, health.debtValue);
}

/** The pool's `healthFactor` view: MAX_UINT256 without debt, else the health factor with interest to `pool.timestamp`. */
export function accountHealthFactor(pool: PoolSnapshot, account: AccountSnapshot): bigint {
  if (accountMasks(account).debtMask === 0) return MAX_UINT256;
  return healthFactor(accountHealth(pool, account));
}
