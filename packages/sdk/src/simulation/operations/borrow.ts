import { FLAG_BORROWABLE, MAX_UINT128 } from "../../math/constants.ts";
import { PoolRevertError } from "../../math/errors.ts";
import { SharesMathLib } from "../../math/SharesMathLib.ts";
import { checkedAdd, checkedSub, toUint128 } from "../../math/uint.ts";
import type { ActionResult, AssetsOrShares } from "../actions.ts";
import {
  accrue,
  listedReserve,
  requireBorrowPower,
  requireOpen,
  setPosition,
  setReserve,
  type WorkingState,
} from "../state.ts";

/**
 * KeelPool.borrow, by the account itself: mints debt shares for assets (shares rounded up) or lends
 * assets for shares (assets rounded down), within idle liquidity, the borrow cap and borrowing power.
 */
export function borrow(state: WorkingState, index: number, amount: AssetsOrShares): ActionResult {
  const reserve = listedReserve(state.pool, index);
  let assets = amount.assets ?? 0n;
  let shares = amount.shares ?? 0n;
  if ((assets === 0n) === (shares === 0n)) throw new PoolRevertError("InconsistentInput");
  if ((reserve.config.flags & FLAG_BORROWABLE) === 0) {
    throw new PoolRevertError("NotBorrowable", [state.pool.poolId, BigInt(index)]);
  }
  requireOpen(state.pool, reserve);
  accrue(state, index);

  const accrued = state.pool.reserves[index];
  const s = accrued.state;
  if (assets !== 0n) shares = SharesMathLib.toSharesUp(assets, s.totalBorrowAssets, s.totalBorrowShares);
  else assets = SharesMathLib.toAssetsDown(shares, s.totalBorrowAssets, s.totalBorrowShares);
  if (assets === 0n) throw new PoolRevertError("ZeroAmount");
  const totalAfter = checkedAdd(s.totalBorrowAssets, assets);
  const available = checkedSub(s.totalSupplyAssets, s.totalBorrowAssets);
  if (assets > available) throw new PoolRevertError("InsufficientLiquidity", [available, assets]);
  const cap = BigInt(accrued.config.borrowCap) * 10n ** BigInt(accrued.config.decimals);
  if (cap !== 0n && totalAfter > cap) throw new PoolRevertError("BorrowCapExceeded", [cap, totalAfter]);

  setReserve(state, {
    ...accrued,
    state: {
      ...s,
      totalBorrowAssets: toUint128(totalAfter),
      totalBorrowShares: checkedAdd(s.totalBorrowShares, toUint128(shares), MAX_UINT128),
    },
  });
  const position = state.account.positions[index];
  setPosition(state, index, {
    ...position,
    debtShares: checkedAdd(position.debtShares, toUint128(shares), MAX_UINT128),
  });
  requireBorrowPower(state);
  return { type: "borrow", reserve: index, assets, shares };
}
