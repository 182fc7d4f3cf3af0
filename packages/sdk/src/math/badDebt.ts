import type { ReserveState } from "../types.ts";
import { removeDebt } from "./debt.ts";
import { MathLib } from "./MathLib.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedSub } from "./uint.ts";

/** One reserve's write-off, as the RealizeBadDebt event reports it. */
export type BadDebtWriteOff = {
  reserve: number;
  /** The account's debt shares burned. */
  debtShares: bigint;
  /** Paid by burning the treasury's uncollected supply shares. */
  coveredAssets: bigint;
  /** Taken from the reserve's suppliers pro rata. */
  socializedAssets: bigint;
};

/**
 * One reserve's step of KeelPool._realizeBadDebt: writes off `debtShares` (valued rounded up) from the
 * debt totals, first against the treasury's supply shares (burned rounding up, capped at what it holds,
 * all of them when the loss takes all of it), then against the suppliers (total supply floored at 0).
 */
export function realizeBadDebt(
  state: ReserveState,
  reserve: number,
  debtShares: bigint,
): { state: ReserveState; writeOff: BadDebtWriteOff } {
  const owed = SharesMathLib.toAssetsUp(debtShares, state.totalBorrowAssets, state.totalBorrowShares);
  const { state: s, removed: assets } = removeDebt(state, debtShares, owed);
  const treasuryAssets = SharesMathLib.toAssetsDown(s.treasuryShares, s.totalSupplyAssets, s.totalSupplyShares);
  const coveredAssets = MathLib.min(assets, treasuryAssets);
  const burned =
    coveredAssets === treasuryAssets
      ? s.treasuryShares
      : MathLib.min(
          SharesMathLib.toSharesUp(coveredAssets, s.totalSupplyAssets, s.totalSupplyShares),
          s.treasuryShares,
        );
  return {
    state: {
      ...s,
      treasuryShares: checkedSub(s.treasuryShares, burned),
      totalSupplyShares: checkedSub(s.totalSupplyShares, burned),
      totalSupplyAssets: MathLib.zeroFloorSub(s.totalSupplyAssets, assets),
    },
    writeOff: { reserve, debtShares, coveredAssets, socializedAssets: assets - coveredAssets },
  };
}
