import type { AccountSnapshot, PoolSnapshot } from "../types.ts";
import { expectedReserveState } from "./accrual.ts";
import { BPS, FLAG_BORROWABLE, FLAG_FROZEN, FLAG_PAUSED, PRICE_SCALE } from "./constants.ts";
import { accountCategory, accountHealth, collateralParams, isOpenCollateral, valueAccount } from "./health.ts";
import { MathLib } from "./MathLib.ts";
import { accountMasks, maskIndexes } from "./masks.ts";
import { collateralPrice, isPriceLive, requirePrice } from "./price.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedAdd, checkedMul, checkedSub } from "./uint.ts";

// KeelLens's questions, offline, answered by the pool's own rules (PoolHealth): borrowing power counts
// only collateral with a live price in a reserve neither frozen nor paused (the reserve a collateral
// withdrawal takes from counts though frozen or paused), and a debt whose price fails blocks borrowing
// and collateral withdrawals. Every answer includes interest accrued up to `pool.timestamp` and rounds
// amounts down, so that acting on the answer at that moment succeeds.

/**
 * Σ live, open collateral value × LTV with the e-mode a debt mask of `debtMask` would give (the
 * borrowing power KeelLens._borrowPower estimates, as PoolHealth._value counts it).
 */
function borrowPowerWith(pool: PoolSnapshot, account: AccountSnapshot, debtMask: number): bigint {
  const category = accountCategory(pool, debtMask);
  let power = 0n;
  for (const i of maskIndexes(accountMasks(account).collateralMask)) {
    const reserve = pool.reserves[i];
    const { price, live } = collateralPrice(reserve);
    if (!live || !isOpenCollateral(reserve.config.flags, i)) continue;
    const value = MathLib.mulDivDown(account.positions[i].collateral, price, PRICE_SCALE);
    power = checkedAdd(power, MathLib.mulDivDown(value, collateralParams(pool, reserve.config, category).ltvBps, BPS));
  }
  return power;
}

/** Whether every debt of the account has a live price: a borrow or a collateral withdrawal needs them all. */
function debtPricesLive(pool: PoolSnapshot, debtMask: number): boolean {
  return maskIndexes(debtMask).every((i) => isPriceLive(pool.reserves[i]));
}

/**
 * KeelLens.maxBorrow: the most `account` can borrow of `reserve` now, in token units, rounded down:
 * within its borrowing power with the e-mode that would apply after the borrow, the reserve's idle
 * liquidity and its borrow cap. 0 when the reserve is not borrowable, frozen or paused, or when its
 * price or the price of a debt the account owes fails (the borrow would revert with the adapter's error).
 */
export function maxBorrow(pool: PoolSnapshot, account: AccountSnapshot, reserve: number): bigint {
  const target = pool.reserves[reserve];
  const { flags, borrowCap, decimals } = target.config;
  if ((flags & FLAG_BORROWABLE) === 0 || (flags & (FLAG_FROZEN | FLAG_PAUSED)) !== 0) return 0n;
  const debtMask = accountMasks(account).debtMask | (1 << reserve);
  if (!debtPricesLive(pool, debtMask)) return 0n;
  const power = borrowPowerWith(pool, account, debtMask);
  const debt = accountHealth(pool, account).debtValue;
  if (power <= debt) return 0n;
  const price = requirePrice(target);
  const byPower = MathLib.mulDivDown(power - debt, PRICE_SCALE, price);
  const s = expectedReserveState(target, pool.timestamp);
  let result = MathLib.min(byPower, checkedSub(s.totalSupplyAssets, s.totalBorrowAssets));
  if (borrowCap !== 0) {
    const cap = BigInt(borrowCap) * 10n ** BigInt(decimals);
    result = MathLib.min(result, MathLib.zeroFloorSub(cap, s.totalBorrowAssets));
  }
  const shares = account.positions[reserve].debtShares;
  return withinPower(result, power, debt, shares, s.totalBorrowAssets, s.totalBorrowShares, price);
}

/**
 * KeelLens._withinPower: the largest amount up to `assets` the pool accepts by value. A borrow mints its
 * debt shares rounded up and the pool values the reserve's debt from the new totals rounded up again, so
 * the amount the power allows by value alone can be a unit or two too many (an account's first borrow,
 * typically). Each step takes off the units worth the excess, rounded up; after four steps without a fit
 * the answer is 0.
 */
function withinPower(
  assets: bigint,
  power: bigint,
  debt: bigint,
  shares: bigint,
  totalAssets: bigint,
  totalShares: bigint,
  price: bigint,
): bigint {
  const others = checkedSub(
    debt,
    MathLib.mulDivUp(SharesMathLib.toAssetsUp(shares, totalAssets, totalShares), price, PRICE_SCALE),
  );
  for (let i = 0; i < 4 && assets !== 0n; i++) {
    const minted = SharesMathLib.toSharesUp(assets, totalAssets, totalShares);
    const owed = SharesMathLib.toAssetsUp(shares + minted, totalAssets + assets, totalShares + minted);
    const value = others + MathLib.mulDivUp(owed, price, PRICE_SCALE);
    if (value <= power) return assets;
    assets = MathLib.zeroFloorSub(assets, MathLib.max(MathLib.mulDivUp(value - power, PRICE_SCALE, price), 1n));
  }
  return 0n;
}

/**
 * KeelLens.maxWithdraw: the most of its lending supply `account` can withdraw now, in token units:
 * its balance (shares to assets rounded down) within the reserve's idle liquidity.
 */
export function maxWithdraw(pool: PoolSnapshot, account: AccountSnapshot, reserve: number): bigint {
  const s = expectedReserveState(pool.reserves[reserve], pool.timestamp);
  const balance = SharesMathLib.toAssetsDown(
    account.positions[reserve].supplyShares,
    s.totalSupplyAssets,
    s.totalSupplyShares,
  );
  return MathLib.min(balance, checkedSub(s.totalSupplyAssets, s.totalBorrowAssets));
}

/**
 * KeelLens.maxWithdrawCollateral: the most collateral of `reserve` `account` can withdraw while its debt
 * stays within its borrowing power, in token units, rounded down. All of it without debt. The reserve's
 * own LTV counts though it is frozen or paused (as withdrawCollateral counts it); a collateral without a
 * live price gives no power, so all of it can go while the rest covers the debt. 0 while a debt's price
 * fails (any withdrawal would revert with the adapter's error).
 */
export function maxWithdrawCollateral(pool: PoolSnapshot, account: AccountSnapshot, reserve: number): bigint {
  const balance = account.positions[reserve].collateral;
  const { debtMask } = accountMasks(account);
  if (debtMask === 0) return balance;
  if (!debtPricesLive(pool, debtMask)) return 0n;
  const h = valueAccount(pool, account, { accrue: true, strictDebt: true, exemptReserve: reserve }).health;
  if (h.borrowPower <= h.debtValue) return 0n;
  const target = pool.reserves[reserve];
  const { ltvBps } = collateralParams(pool, target.config, accountCategory(pool, debtMask));
  if (ltvBps === 0n || !isPriceLive(target)) return balance;
  const units = MathLib.mulDivDown(
    h.borrowPower - h.debtValue,
    PRICE_SCALE * BPS,
    checkedMul(requirePrice(target), ltvBps),
  );
  return MathLib.min(balance, units);
}

/**
 * KeelLens.liquidationPrice: the price of `collateralReserve` (oracle scale) at which the account's
 * health factor reaches 1, other prices unchanged; rounded up. 0 when no price of it would make the
 * account liquidatable, or when it holds none of it or owes nothing. The collateral's current part of
 * the liquidation value is taken at the price the pool values it at (live, else last reported, else 0).
 */
export function liquidationPrice(pool: PoolSnapshot, account: AccountSnapshot, collateralReserve: number): bigint {
  const amount = account.positions[collateralReserve].collateral;
  const { debtMask } = accountMasks(account);
  if (amount === 0n || debtMask === 0) return 0n;
  const h = accountHealth(pool, account);
  const target = pool.reserves[collateralReserve];
  const { thresholdBps } = collateralParams(pool, target.config, accountCategory(pool, debtMask));
  const price = collateralPrice(target).price;
  const own = MathLib.mulDivDown(MathLib.mulDivDown(amount, price, PRICE_SCALE), thresholdBps, BPS);
  const others = h.liquidationValue - MathLib.min(own, h.liquidationValue);
  if (h.debtValue <= others) return 0n;
  return MathLib.mulDivUp(h.debtValue - others, PRICE_SCALE * BPS, checkedMul(amount, thresholdBps));
}
