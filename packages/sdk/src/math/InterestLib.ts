import { BPS, WAD } from "./constants.ts";
import { MathLib } from "./MathLib.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedAdd, checkedMul, checkedSub } from "./uint.ts";

/** Interest accrued on a reserve over a period and the treasury's cut of it. */
export type Accrued = {
  /** Added to both total debt and total supply; rounded down, so suppliers never get more than borrowers owe. */
  interest: bigint;
  /** Supply shares minted to the treasury; rounded down, in favour of the other suppliers. */
  feeShares: bigint;
  /**
   * The part of a unit that rounding `interest` down left over, in WAD of a unit (< WAD), carried to
   * the next accrual. 0 for a reserve without debt.
   */
  remainderOut: bigint;
};

/**
 * InterestLib.accrued: the interest on `totalBorrowAssets` at `ratePerSecond` (WAD) over `elapsed`
 * seconds, compounded with the three-term Taylor expansion, plus `remainderIn` (WAD of a unit, left
 * over by the last accrual); whole units are interest (rounded down), the fraction is carried out.
 * The reserve factor is paid as supply shares priced against the supply that already includes the
 * suppliers' part of the interest. A reserve without debt accrues nothing and carries nothing.
 */
function accrued(
  totalSupplyAssets: bigint,
  totalSupplyShares: bigint,
  totalBorrowAssets: bigint,
  ratePerSecond: bigint,
  elapsed: bigint,
  reserveFactorBps: bigint,
  remainderIn: bigint,
): Accrued {
  if (totalBorrowAssets === 0n) return { interest: 0n, feeShares: 0n, remainderOut: 0n };
  const interestWad = checkedAdd(
    checkedMul(totalBorrowAssets, MathLib.wTaylorCompounded(ratePerSecond, elapsed)),
    remainderIn,
  );
  // Rounding: down to whole units; the fraction (< WAD) is not dropped but carried.
  const interest = interestWad / WAD;
  const remainderOut = interestWad % WAD;
  let feeShares = 0n;
  if (reserveFactorBps !== 0n && interest !== 0n) {
    const feeAssets = MathLib.mulDivDown(interest, reserveFactorBps, BPS);
    const supplyAfter = checkedSub(checkedAdd(totalSupplyAssets, interest), feeAssets);
    feeShares = SharesMathLib.toSharesDown(feeAssets, supplyAfter, totalSupplyShares);
  }
  return { interest, feeShares, remainderOut };
}

/** The contracts' InterestLib. */
export const InterestLib = { accrued } as const;
