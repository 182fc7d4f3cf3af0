import { FLAG_COLLATERAL, MAX_UINT128 } from "../../math/constants.ts";
import { PoolRevertError } from "../../math/errors.ts";
import { checkedAdd, toUint128 } from "../../math/uint.ts";
import type { ActionResult } from "../actions.ts";
import { listedReserve, requireSupplyCap, setPosition, setReserve, type WorkingState } from "../state.ts";

/** KeelPool.supplyCollateral: adds collateral; it accrues nothing and needs no price. */
export function supplyCollateral(state: WorkingState, index: number, assets: bigint): ActionResult {
  const reserve = listedReserve(state.pool, index);
  if (assets === 0n) throw new PoolRevertError("ZeroAmount");
  if ((reserve.config.flags & FLAG_COLLATERAL) === 0) {
    throw new PoolRevertError("NotCollateral", [state.pool.poolId, BigInt(index)]);
  }
  requireSupplyCap(reserve, assets);

  const position = state.account.positions[index];
  setPosition(state, index, {
    ...position,
    collateral: checkedAdd(position.collateral, toUint128(assets), MAX_UINT128),
  });
  setReserve(state, {
    ...reserve,
    state: {
      ...reserve.state,
      totalCollateral: checkedAdd(reserve.state.totalCollateral, toUint128(assets), MAX_UINT128),
    },
  });
  return { type: "supplyCollateral", reserve: index, assets };
}
