// "What if prices fall": the account's health factor with one collateral's price (or every collateral's)
// lowered by a share, computed with the SDK's own valuation on a changed copy of the snapshot.
import { type AccountSnapshot, accountHealthFactor, type PoolSnapshot } from "@keel/sdk";

/** `dropBps` of 10,000 is a fall to zero; `reserve` undefined drops every reserve the account holds as collateral. */
export function healthAfterDrop(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  dropBps: number,
  reserve?: number,
): bigint {
  const keep = BigInt(10_000 - dropBps);
  const dropped = pool.reserves.map((r) => {
    const hit = reserve === undefined ? account.positions[r.index]?.collateral > 0n : r.index === reserve;
    if (!hit) return r;
    return {
      ...r,
      price: r.price === undefined ? undefined : (r.price * keep) / 10_000n,
      lastPrice: r.lastPrice === undefined ? undefined : (r.lastPrice * keep) / 10_000n,
    };
  });
  return accountHealthFactor({ ...pool, reserves: dropped }, account);
}
