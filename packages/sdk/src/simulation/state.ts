import { accrueInterest } from "../math/accrual.ts";
import { FLAG_FROZEN, FLAG_PAUSED, MAX_RESERVES } from "../math/constants.ts";
import { PoolRevertError } from "../math/errors.ts";
import { valueAccount } from "../math/health.ts";
import { accountMasks, maskIndexes } from "../math/masks.ts";
import { checkedAdd } from "../math/uint.ts";
import type { AccountSnapshot, PoolSnapshot, Position, ReserveSnapshot } from "../types.ts";

/** The pool and the account as a simulation changes them, like the contract's storage. */
export type WorkingState = { pool: PoolSnapshot; account: AccountSnapshot };

/** A deep copy: one action's failure must leave the state as it was, as a revert does. */
export function copyState(state: WorkingState): WorkingState {
  return structuredClone(state);
}

/** PoolState._reserve: the listed reserve, or UnknownReserve. */
export function listedReserve(pool: PoolSnapshot, index: number): ReserveSnapshot {
  const reserve = Number.isInteger(index) && index >= 0 && index < MAX_RESERVES ? pool.reserves[index] : undefined;
  if (reserve === undefined) throw new PoolRevertError("UnknownReserve", [pool.poolId, BigInt(index)]);
  return reserve;
}

/** Replaces one reserve's stored state. */
export function setReserve(state: WorkingState, reserve: ReserveSnapshot): void {
  state.pool.reserves[reserve.index] = reserve;
}

/** Replaces one of the account's positions. */
export function setPosition(state: WorkingState, index: number, position: Position): void {
  state.account.positions[index] = position;
}

/** PoolState._accrue on the working state; returns the accrual's interest and treasury shares. */
export function accrue(state: WorkingState, index: number): { interest: bigint; feeShares: bigint } {
  const accrual = accrueInterest(state.pool.reserves[index], state.pool.timestamp);
  setReserve(state, accrual.reserve);
  return { interest: accrual.interest, feeShares: accrual.feeShares };
}

/** PoolState._accrueDebts: accrues every reserve the account owes. */
export function accrueDebts(state: WorkingState): void {
  for (const i of maskIndexes(accountMasks(state.account).debtMask)) accrue(state, i);
}

/**
 * PoolHealth._requireBorrowPower: after raising debt or lowering collateral, debt must stay within
 * borrowing power (Σ live, open collateral × LTV; `exemptReserve` counts though frozen or paused). A
 * debt whose price fails reverts with the adapter's error. When the debt is above the power and some
 * collateral has no live price, the revert names the last such reserve (UnpricedCollateral).
 */
export function requireBorrowPower(state: WorkingState, exemptReserve?: number): void {
  if (accountMasks(state.account).debtMask === 0) return;
  accrueDebts(state);
  const { health: h, unpricedCollateral } = valueAccount(state.pool, state.account, {
    accrue: false,
    strictDebt: true,
    exemptReserve,
  });
  if (h.debtValue <= h.borrowPower) return;
  if (unpricedCollateral !== undefined) {
    throw new PoolRevertError("UnpricedCollateral", [state.pool.poolId, BigInt(unpricedCollateral)]);
  }
  throw new PoolRevertError("InsufficientCollateral", [h.debtValue, h.borrowPower]);
}

/** KeelPool._requireOpen: new supply and borrowing stop while a reserve is frozen or paused. */
export function requireOpen(pool: PoolSnapshot, reserve: ReserveSnapshot): void {
  const args = [pool.poolId, BigInt(reserve.index)];
  if ((reserve.config.flags & FLAG_FROZEN) !== 0) throw new PoolRevertError("ReserveFrozen", args);
  if ((reserve.config.flags & FLAG_PAUSED) !== 0) throw new PoolRevertError("ReservePaused", args);
}

/** KeelPool._requireSupplyCap: lent supply plus collateral stays within the cap (whole tokens; 0 = none). */
export function requireSupplyCap(reserve: ReserveSnapshot, assets: bigint): void {
  const capTokens = BigInt(reserve.config.supplyCap);
  if (capTokens === 0n) return;
  const cap = capTokens * 10n ** BigInt(reserve.config.decimals);
  const totalAfter = checkedAdd(checkedAdd(reserve.state.totalSupplyAssets, reserve.state.totalCollateral), assets);
  if (totalAfter > cap) throw new PoolRevertError("SupplyCapExceeded", [cap, totalAfter]);
}
