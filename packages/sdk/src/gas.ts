/**
 * Gas margin for every write. A gas estimate is made against one block and the transaction lands in a
 * later one. Keel's interest accrual does nothing when no time has passed (`elapsed == 0`) and its
 * exponentiation grows with the time elapsed, so the same call costs more once a second has passed; on
 * a real network the two blocks always differ. Sending the bare estimate runs out of gas.
 *
 * The margin is a quarter of the estimate plus a fixed 30,000, enough for a first accrual of every
 * reserve or collateral type a call touches. Unused gas is refunded, so the margin costs nothing but
 * block-space headroom. See docs/decisions/0025-gas-margin.md.
 */
export const GAS_MARGIN_FIXED = 30_000n;

/** The gas limit to send for a call whose estimate is `estimate`: estimate + 25% + 30,000. */
export function withGasMargin(estimate: bigint): bigint {
  if (estimate < 0n) throw new RangeError("a gas estimate cannot be negative");
  return estimate + estimate / 4n + GAS_MARGIN_FIXED;
}
