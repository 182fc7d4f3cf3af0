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

/** A reserve frozen for good after a write-off collapsed its share price, as the FreezeCollapsedReserve event reports it. */
export type CollapsedReserveFreeze = { reserve: number; totalSupplyAssets: bigint; totalSupplyShares: bigint };

/** Supply shares per asset unit beyond which a reserve counts as collapsed: 1,000 × the offset's (KeelPool). */
export const COLLAPSED_SHARES_PER_UNIT = 10n ** 9n;

/**
 * KeelPool._isCollapsed: a supply share is worth less than a thousandth of what it was at listing
 * (totalSupplyShares + VIRTUAL_SHARES > (totalSupplyAssets + VIRTUAL_ASSETS) × 1e9). A write-off that
 * leaves a reserve collapsed freezes it, and the configurator may not unfreeze it (CollapsedReserve).
 */
export function isCollapsed(state: ReserveState): boolean {
  return (
    state.totalSupplyShares + SharesMathLib.VIRTUAL_SHARES >
    (state.totalSupplyAssets + SharesMathLib.VIRTUAL_ASSETS) * COLLAPSED_SHARES_PER_UNIT
  );
}
