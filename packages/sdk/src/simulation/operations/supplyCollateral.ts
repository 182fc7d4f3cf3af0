import { type Address, getAddress, isAddressEqual } from "viem";
import { FLAG_COLLATERAL, MAX_UINT128 } from "../../math/constants.ts";
import { PoolRevertError } from "../../math/errors.ts";
import { checkedAdd, toUint128 } from "../../math/uint.ts";
import type { ActionResult } from "../actions.ts";
import { listedReserve, requireSupplyCap, setPosition, setReserve, type WorkingState } from "../state.ts";

/** Who calls supplyCollateral when it is not the account itself. */
export type CollateralSender = { address: Address; authorized: boolean };

/**
 * KeelPool.supplyCollateral: adds collateral; it accrues nothing and needs no price. Anyone may top up
 * a collateral the account already holds; adding a reserve it does not hold yet takes the account or
 * one of its operators (Unauthorized(caller, account) otherwise).
 */
export function supplyCollateral(
  state: WorkingState,
  index: number,
  assets: bigint,
  sender?: CollateralSender,
): ActionResult {
  const reserve = listedReserve(state.pool, index);
  if (assets === 0n) throw new PoolRevertError("ZeroAmount");
  if ((reserve.config.flags & FLAG_COLLATERAL) === 0) {
    throw new PoolRevertError("NotCollateral", [state.pool.poolId, BigInt(index)]);
  }
  requireSupplyCap(reserve, assets);
  const position = state.account.positions[index];
  const onBehalf = state.account.account;
  if (position.collateral === 0n && sender && !sender.authorized && !isAddressEqual(sender.address, onBehalf)) {
    // Checksummed, as a decoder of the revert data gives them.
    throw new PoolRevertError("Unauthorized", [getAddress(sender.address), getAddress(onBehalf)]);
  }

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
