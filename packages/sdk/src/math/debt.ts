import type { ReserveState } from "../types.ts";
import { MAX_UINT128 } from "./constants.ts";
import { MathLib } from "./MathLib.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedAdd, checkedSub, toUint128 } from "./uint.ts";

/**
 * PoolState._repayAssets: what repaying `shares` of debt costs, rounded up; for the reserve's last
 * shares at least the whole total, so the virtual offset's dust is paid rather than left behind.
 */
export function repayAssets(state: ReserveState, shares: bigint): bigint {
  const assets = SharesMathLib.toAssetsUp(shares, state.totalBorrowAssets, state.totalBorrowShares);
  return shares === state.totalBorrowShares ? MathLib.max(assets, state.totalBorrowAssets) : assets;
}

/**
 * PoolState._removeDebt: removes `shares` worth `owed` from the debt totals. The last shares take the
 * whole total with them; while shares remain, at least one unit stays owed. Returns the new state and
 * how much left the total.
 */
export function removeDebt(
  state: ReserveState,
  shares: bigint,
  owed: bigint,
): { state: ReserveState; removed: bigint } {
  const sharesLeft = checkedSub(state.totalBorrowShares, shares);
  const totalAssets = state.totalBorrowAssets;
  const removed = sharesLeft === 0n ? totalAssets : MathLib.min(owed, checkedSub(totalAssets, 1n));
  return {
    state: { ...state, totalBorrowShares: sharesLeft, totalBorrowAssets: totalAssets - removed },
    removed,
  };
}

/**
 * PoolState._repayDebt: settles a repayment of `shares` for `paid` assets; whatever was paid beyond what
 * left the total (a few units of rounding dust at most) is credited to the suppliers.
 */
export function repayDebt(state: ReserveState, shares: bigint, paid: bigint): ReserveState {
  const { state: after, removed } = removeDebt(state, shares, paid);
  if (paid <= removed) return after;
  return {
    ...after,
    totalSupplyAssets: checkedAdd(after.totalSupplyAssets, toUint128(paid - removed), MAX_UINT128),
  };
}
