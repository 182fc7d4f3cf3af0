import { PoolRevertError } from "../../math/errors.ts";
import { SharesMathLib } from "../../math/SharesMathLib.ts";
import { checkedSub, toUint128 } from "../../math/uint.ts";
import type { ActionResult, AssetsOrShares } from "../actions.ts";
import { accrue, listedReserve, setPosition, setReserve, type WorkingState } from "../state.ts";

/**
 * KeelPool.withdraw: burns supply shares for assets (shares rounded up) or pays assets for shares
 * (assets rounded down), within the account's shares and the reserve's idle liquidity.
 */
export function withdraw(state: WorkingState, index: number, amount: AssetsOrShares): ActionResult {
  listedReserve(state.pool, index);
  let assets = amount.assets ?? 0n;
  let shares = amount.shares ?? 0n;
  if ((assets === 0n) === (shares === 0n)) throw new PoolRevertError("InconsistentInput");
  accrue(state, index);

  const accrued = state.pool.reserves[index];
  const s = accrued.state;
  if (assets !== 0n) shares = SharesMathLib.toSharesUp(assets, s.totalSupplyAssets, s.totalSupplyShares);
  else assets = SharesMathLib.toAssetsDown(shares, s.totalSupplyAssets, s.totalSupplyShares);
  if (assets === 0n) throw new PoolRevertError("ZeroAmount");
  const position = state.account.positions[index];
  if (shares > position.supplyShares) throw new PoolRevertError("InsufficientBalance", [position.supplyShares, shares]);
  const available = checkedSub(s.totalSupplyAssets, s.totalBorrowAssets);
  if (assets > available) throw new PoolRevertError("InsufficientLiquidity", [available, assets]);

  setPosition(state, index, { ...position, supplyShares: position.supplyShares - toUint128(shares) });
  setReserve(state, {
    ...accrued,
    state: {
      ...s,
      totalSupplyShares: checkedSub(s.totalSupplyShares, toUint128(shares)),
      totalSupplyAssets: checkedSub(s.totalSupplyAssets, toUint128(assets)),
    },
  });
  return { type: "withdraw", reserve: index, assets, shares };
}
