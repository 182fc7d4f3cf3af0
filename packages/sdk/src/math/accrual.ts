import type { ReserveSnapshot, ReserveState } from "../types.ts";
import { MAX_UINT128 } from "./constants.ts";
import { InterestLib } from "./InterestLib.ts";
import { quoteBorrowRate } from "./rateModel.ts";
import { checkedAdd, checkedSub, toUint128 } from "./uint.ts";

/** What one accrual did: the reserve brought to the timestamp, and the values of the AccrueInterest event it emits (only when the reserve had debt; without debt nothing accrues). */
export type Accrual = {
  reserve: ReserveSnapshot;
  ratePerSecond: bigint;
  interest: bigint;
  feeShares: bigint;
};

/**
 * PoolState._accrue: brings a reserve's totals to `timestamp`. The rate model sees the totals before
 * the accrual, and an adaptive model's curve moves to `timestamp`. Interest rounds down to whole units,
 * the fraction is carried in `interestRemainder`, and the treasury's shares round down (see InterestLib). Nothing happens when no time has passed.
 */
export function accrueInterest(reserve: ReserveSnapshot, timestamp: bigint): Accrual {
  const s = reserve.state;
  const elapsed = checkedSub(timestamp, BigInt(s.lastUpdate));
  if (elapsed === 0n) return { reserve, ratePerSecond: 0n, interest: 0n, feeShares: 0n };
  const { ratePerSecond, rateModel } = quoteBorrowRate(reserve, timestamp);
  const { interest, feeShares, remainderOut } = InterestLib.accrued(
    s.totalSupplyAssets,
    s.totalSupplyShares,
    s.totalBorrowAssets,
    ratePerSecond,
    elapsed,
    BigInt(reserve.config.reserveFactorBps),
    s.interestRemainder,
  );
  // The remainder is stored even when no whole unit accrued (uint64: it is below WAD).
  const state: ReserveState = {
    ...s,
    lastUpdate: Number(BigInt.asUintN(40, timestamp)),
    interestRemainder: remainderOut,
  };
  if (interest !== 0n) {
    state.totalBorrowAssets = toUint128(checkedAdd(s.totalBorrowAssets, interest));
    state.totalSupplyAssets = toUint128(checkedAdd(s.totalSupplyAssets, interest));
    if (feeShares !== 0n) {
      state.totalSupplyShares = checkedAdd(s.totalSupplyShares, toUint128(feeShares), MAX_UINT128);
      state.treasuryShares = checkedAdd(s.treasuryShares, toUint128(feeShares), MAX_UINT128);
    }
  }
  return { reserve: { ...reserve, state, rateModel }, ratePerSecond, interest, feeShares };
}

/**
 * PoolState._expectedState (the `expectedReserveState` view): the reserve's totals as they would be
 * after an accrual at `timestamp`, with the same rounding as the accrual.
 */
export function expectedReserveState(reserve: ReserveSnapshot, timestamp: bigint): ReserveState {
  const s = reserve.state;
  if (timestamp === BigInt(s.lastUpdate)) return s;
  const elapsed = checkedSub(timestamp, BigInt(s.lastUpdate));
  const { ratePerSecond } = quoteBorrowRate(reserve, timestamp);
  const { interest, feeShares, remainderOut } = InterestLib.accrued(
    s.totalSupplyAssets,
    s.totalSupplyShares,
    s.totalBorrowAssets,
    ratePerSecond,
    elapsed,
    BigInt(reserve.config.reserveFactorBps),
    s.interestRemainder,
  );
  return {
    ...s,
    totalBorrowAssets: checkedAdd(s.totalBorrowAssets, toUint128(interest), MAX_UINT128),
    totalSupplyAssets: checkedAdd(s.totalSupplyAssets, toUint128(interest), MAX_UINT128),
    totalSupplyShares: checkedAdd(s.totalSupplyShares, toUint128(feeShares), MAX_UINT128),
    treasuryShares: checkedAdd(s.treasuryShares, toUint128(feeShares), MAX_UINT128),
    lastUpdate: Number(BigInt.asUintN(40, timestamp)),
    interestRemainder: remainderOut,
  };
}
