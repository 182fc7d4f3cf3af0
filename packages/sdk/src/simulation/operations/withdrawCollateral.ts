import { PoolRevertError } from "../../math/errors.ts";
import { checkedSub } from "../../math/uint.ts";
import type { ActionResult } from "../actions.ts";
import { listedReserve, requireBorrowPower, setPosition, setReserve, type WorkingState } from "../state.ts";

/**
 * KeelPool.withdrawCollateral: removes collateral, then requires the debt to stay within borrowing power
 * (the reserve withdrawn from counts though frozen or paused).
 */
export function withdrawCollateral(state: WorkingState, index: number, assets: bigint): ActionResult {
  const reserve = listedReserve(state.pool, index);
  if (assets === 0n) throw new PoolRevertError("ZeroAmount");
  const position = state.account.positions[index];
  const balance = position.collateral;
  if (assets > balance) throw new PoolRevertError("InsufficientBalance", [balance, assets]);

  setPosition(state, index, { ...position, collateral: balance - assets });
  setReserve(state, {
    ...reserve,
    state: { ...reserve.state, totalCollateral: checkedSub(reserve.state.totalCollateral, assets) },
  });
  // Withdrawing a frozen or paused collateral lowers the exposure the freeze is about: its own LTV counts.
  requireBorrowPower(state, index);
  return { type: "withdrawCollateral", reserve: index, assets };
}
