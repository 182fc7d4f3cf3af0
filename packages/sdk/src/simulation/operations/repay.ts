import { repayAssets, repayDebt } from "../../math/debt.ts";
import { PoolRevertError } from "../../math/errors.ts";
import { MathLib } from "../../math/MathLib.ts";
import { SharesMathLib } from "../../math/SharesMathLib.ts";
import type { ActionResult, AssetsOrShares } from "../actions.ts";
import { accrue, listedReserve, setPosition, setReserve, type WorkingState } from "../state.ts";

/**
 * KeelPool.repay: burns debt shares for assets (shares rounded down) or pulls assets for shares
 * (rounded up, and the reserve's last dust with its last shares). Repaying more assets than owed
 * repays everything and pulls only what is owed.
 */
export function repay(state: WorkingState, index: number, amount: AssetsOrShares): ActionResult {
  listedReserve(state.pool, index);
  let assets = amount.assets ?? 0n;
  let shares = amount.shares ?? 0n;
  if ((assets === 0n) === (shares === 0n)) throw new PoolRevertError("InconsistentInput");
  accrue(state, index);

  const accrued = state.pool.reserves[index];
  const s = accrued.state;
  if (assets !== 0n) shares = SharesMathLib.toSharesDown(assets, s.totalBorrowAssets, s.totalBorrowShares);
  if (shares === 0n) throw new PoolRevertError("ZeroAmount");
  const position = state.account.positions[index];
  const debtShares = position.debtShares;
  if (assets !== 0n && shares > debtShares) {
    shares = debtShares;
    assets = 0n;
  }
  if (shares > debtShares) throw new PoolRevertError("RepayExceedsDebt", [debtShares, shares]);
  assets = MathLib.max(assets, repayAssets(s, shares));

  setPosition(state, index, { ...position, debtShares: debtShares - shares });
  setReserve(state, { ...accrued, state: repayDebt(s, shares, assets) });
  return { type: "repay", reserve: index, assets, shares };
}
