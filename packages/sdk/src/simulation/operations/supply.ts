import { MAX_UINT128 } from "../../math/constants.ts";
import { PoolRevertError } from "../../math/errors.ts";
import { SharesMathLib } from "../../math/SharesMathLib.ts";
import { checkedAdd, toUint128 } from "../../math/uint.ts";
import type { ActionResult, AssetsOrShares } from "../actions.ts";
import {
  accrue,
  listedReserve,
  requireOpen,
  requireSupplyCap,
  setPosition,
  setReserve,
  type WorkingState,
} from "../state.ts";

/**
 * KeelPool.supply: mints supply shares for assets (shares rounded down) or pulls assets for shares
 * (assets rounded up): the supplier pays the dust.
 */
export function supply(state: WorkingState, index: number, amount: AssetsOrShares): ActionResult {
  const reserve = listedReserve(state.pool, index);
  let assets = amount.assets ?? 0n;
  let shares = amount.shares ?? 0n;
  if ((assets === 0n) === (shares === 0n)) throw new PoolRevertError("InconsistentInput");
  requireOpen(state.pool, reserve);
  accrue(state, index);

  const accrued = state.pool.reserves[index];
  const s = accrued.state;
  if (assets !== 0n) shares = SharesMathLib.toSharesDown(assets, s.totalSupplyAssets, s.totalSupplyShares);
  else assets = SharesMathLib.toAssetsUp(shares, s.totalSupplyAssets, s.totalSupplyShares);
  if (shares === 0n) throw new PoolRevertError("ZeroAmount");
  requireSupplyCap(accrued, assets);

  setReserve(state, {
    ...accrued,
    state: {
      ...s,
      totalSupplyAssets: toUint128(checkedAdd(s.totalSupplyAssets, assets)),
      totalSupplyShares: checkedAdd(s.totalSupplyShares, toUint128(shares), MAX_UINT128),
    },
  });
  const position = state.account.positions[index];
  setPosition(state, index, {
    ...position,
    supplyShares: checkedAdd(position.supplyShares, toUint128(shares), MAX_UINT128),
  });
  return { type: "supply", reserve: index, assets, shares };
}
