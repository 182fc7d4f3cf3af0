import { BPS } from "./constants.ts";
import { MathLib } from "./MathLib.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedAdd, checkedSub } from "./uint.ts";

/** Interest accrued on a reserve over a period and the treasury's cut of it. */
export type Accrued = {
  /** Added to both total debt and total supply; rounded down, so suppliers never get more than borrowers owe. */
  interest: bigint;
  /** Supply shares minted to the treasury; rounded down, in favour of the other suppliers. */
  feeShares: bigint;
};

/**
 * InterestLib.accrued: the interest on `totalBorrowAssets` at `ratePerSecond` (WAD) over `elapsed`
 * seconds, compounded with the three-term Taylor expansion, and the reserve factor paid as supply
 * shares priced against the supply that already includes the suppliers' part of the interest.
 */
function accrued(
  totalSupplyAssets: bigint,
  totalSupplyShares: bigint,
  totalBorrowAssets: bigint,
  ratePerSecond: bigint,
  elapsed: bigint,
  reserveFactorBps: bigint,
): Accrued {
  const interest = MathLib.wMulDown(totalBorrowAssets, MathLib.wTaylorCompounded(ratePerSecond, elapsed));
  let feeShares = 0n;
  if (reserveFactorBps !== 0n && interest !== 0n) {
    const feeAssets = MathLib.mulDivDown(interest, reserveFactorBps, BPS);
    const supplyAfter = checkedSub(checkedAdd(totalSupplyAssets, interest), feeAssets);
    feeShares = SharesMathLib.toSharesDown(feeAssets, supplyAfter, totalSupplyShares);
  }
  return { interest, feeShares };
}

/** The contracts' InterestLib. */
export const InterestLib = { accrued } as const;
