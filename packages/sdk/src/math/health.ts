import type { AccountHealth, AccountSnapshot, PoolSnapshot, ReserveConfig } from "../types.ts";
import { expectedReserveState } from "./accrual.ts";
import { BPS, MAX_UINT256, PRICE_SCALE } from "./constants.ts";
import { MathLib } from "./MathLib.ts";
import { accountMasks, maskIndexes } from "./masks.ts";
import { requirePrice } from "./price.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedAdd } from "./uint.ts";

/**
 * PoolState._accountCategory: the e-mode category shared by every reserve in `debtMask`, or 0 when the
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

/** PoolState._collateralParams: the collateral's limits, e-mode's when `category` is the collateral's own. */
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

/** Options of `accountHealth`. */
export type AccountHealthOptions = {
  /**
   * true (default, the `accountHealth` view): debts include interest accrued up to `pool.timestamp`.
   * false: debts use the stored totals, as the pool does right after accruing them.
   */
  accrue?: boolean;
};

/**
 * PoolState._accountHealth: Σ collateral value (rounded down), borrowing power and liquidation value
 * (each term rounded down), and Σ debt value (debt rounded up, value rounded up): every rounding goes
 * against the account. Throws PriceUnavailableError for a needed price the oracle cannot give.
 */
export function accountHealth(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  options: AccountHealthOptions = {},
): AccountHealth {
  const { collateralMask, debtMask } = accountMasks(account);
  const health: AccountHealth = { collateralValue: 0n, borrowPower: 0n, liquidationValue: 0n, debtValue: 0n };
  for (const i of maskIndexes(debtMask)) {
    const reserve = pool.reserves[i];
    const totals = options.accrue === false ? reserve.state : expectedReserveState(reserve, pool.timestamp);
    const debt = SharesMathLib.toAssetsUp(
      account.positions[i].debtShares,
      totals.totalBorrowAssets,
      totals.totalBorrowShares,
    );
    health.debtValue = checkedAdd(health.debtValue, MathLib.mulDivUp(debt, requirePrice(reserve), PRICE_SCALE));
  }
  const category = accountCategory(pool, debtMask);
  for (const i of maskIndexes(collateralMask)) {
    const reserve = pool.reserves[i];
    const value = MathLib.mulDivDown(account.positions[i].collateral, requirePrice(reserve), PRICE_SCALE);
    const { ltvBps, thresholdBps } = collateralParams(pool, reserve.config, category);
    health.collateralValue = checkedAdd(health.collateralValue, value);
    health.borrowPower = checkedAdd(health.borrowPower, MathLib.mulDivDown(value, ltvBps, BPS));
    health.liquidationValue = checkedAdd(health.liquidationValue, MathLib.mulDivDown(value, thresholdBps, BPS));
  }
  return health;
}

/**
 * PoolState._healthFactor: liquidation value / debt value in WAD, rounded down (against the account);
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
