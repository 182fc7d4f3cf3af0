import { type BadDebtWriteOff, type CollapsedReserveFreeze, isCollapsed, realizeBadDebt } from "../../math/badDebt.ts";
import { FLAG_FROZEN, MAX_UINT120 } from "../../math/constants.ts";
import { repayDebt } from "../../math/debt.ts";
import { PoolRevertError } from "../../math/errors.ts";
import { liquidationAmounts } from "../../math/liquidation.ts";
import { accountMasks, maskIndexes } from "../../math/masks.ts";
import { checkedAdd, checkedSub, toUint120, toUint128 } from "../../math/uint.ts";
import type { ActionResult } from "../actions.ts";
import { accrueDebts, listedReserve, setPosition, setReserve, type WorkingState } from "../state.ts";

/**
 * KeelPool.liquidate of the simulated account: accrues its debts, sizes the liquidation
 * (liquidationAmounts), repays debt, moves seized collateral out (the protocol fee stays as treasury
 * collateral) and writes off bad debt when no collateral is left, freezing a reserve the write-off
 * leaves collapsed.
 */
export function liquidate(
  state: WorkingState,
  collateralReserve: number,
  debtReserve: number,
  maxRepayAssets: bigint,
): ActionResult {
  listedReserve(state.pool, collateralReserve);
  listedReserve(state.pool, debtReserve);
  if (maxRepayAssets === 0n) throw new PoolRevertError("ZeroAmount");
  const { positions } = state.account;
  if (positions[collateralReserve].collateral === 0n || positions[debtReserve].debtShares === 0n) {
    throw new PoolRevertError("NothingToLiquidate");
  }
  accrueDebts(state);
  const amounts = liquidationAmounts(state.pool, state.account, collateralReserve, debtReserve, maxRepayAssets);
  const { repaidAssets, repaidShares, seizedAssets, protocolFee } = amounts;

  const debtPosition = state.account.positions[debtReserve];
  setPosition(state, debtReserve, {
    ...debtPosition,
    debtShares: checkedSub(debtPosition.debtShares, toUint128(repaidShares)),
  });
  const rd = state.pool.reserves[debtReserve];
  setReserve(state, { ...rd, state: repayDebt(rd.state, repaidShares, repaidAssets) });

  const collateralPosition = state.account.positions[collateralReserve];
  setPosition(state, collateralReserve, {
    ...collateralPosition,
    collateral: checkedSub(collateralPosition.collateral, toUint128(seizedAssets)),
  });
  const rc = state.pool.reserves[collateralReserve];
  setReserve(state, {
    ...rc,
    state: {
      ...rc.state,
      totalCollateral: checkedSub(rc.state.totalCollateral, toUint128(seizedAssets - protocolFee)),
      treasuryCollateral: checkedAdd(rc.state.treasuryCollateral, toUint120(protocolFee), MAX_UINT120),
    },
  });

  const badDebt: BadDebtWriteOff[] = [];
  const frozenReserves: CollapsedReserveFreeze[] = [];
  const { collateralMask, debtMask } = accountMasks(state.account);
  if (collateralMask === 0 && debtMask !== 0) {
    for (const i of maskIndexes(debtMask)) {
      const position = state.account.positions[i];
      const reserve = state.pool.reserves[i];
      const { state: after, writeOff } = realizeBadDebt(reserve.state, i, position.debtShares);
      setPosition(state, i, { ...position, debtShares: 0n });
      badDebt.push(writeOff);
      // KeelPool._freezeIfCollapsed: a write-off that leaves the reserve's shares nearly worthless freezes it.
      let { flags } = reserve.config;
      if ((flags & FLAG_FROZEN) === 0 && isCollapsed(after)) {
        flags |= FLAG_FROZEN;
        frozenReserves.push({
          reserve: i,
          totalSupplyAssets: after.totalSupplyAssets,
          totalSupplyShares: after.totalSupplyShares,
        });
      }
      setReserve(state, { ...reserve, config: { ...reserve.config, flags }, state: after });
    }
  }
  return { type: "liquidate", collateralReserve, debtReserve, ...amounts, badDebt, frozenReserves };
}
