import type { AccountSnapshot } from "../types.ts";

/**
 * The contract's collateral and debt bitmaps of an account: bit i is set exactly when the account
 * holds collateral (or owes debt shares) in reserve i, which every operation keeps true on chain.
 */
export function accountMasks(account: AccountSnapshot): { collateralMask: number; debtMask: number } {
  let collateralMask = 0;
  let debtMask = 0;
  account.positions.forEach((position, i) => {
    if (position.collateral !== 0n) collateralMask |= 1 << i;
    if (position.debtShares !== 0n) debtMask |= 1 << i;
  });
  return { collateralMask, debtMask };
}

/** The reserve indexes whose bit is set in `mask`, lowest first (the contracts' loop order). */
export function maskIndexes(mask: number): number[] {
  const indexes: number[] = [];
  for (let i = 0; mask >> i !== 0; ++i) if (((mask >> i) & 1) !== 0) indexes.push(i);
  return indexes;
}
