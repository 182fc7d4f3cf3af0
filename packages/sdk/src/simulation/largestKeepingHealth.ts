// The largest borrow or collateral withdrawal that keeps a health factor: what a "max" with a safety
// buffer means, for every tool (the CLI's --min-health, the app's max button).
import type { AccountSnapshot, PoolSnapshot } from "../types.ts";
import type { Action } from "./actions.ts";
import { SimulationError } from "./errors.ts";
import { simulate } from "./simulate.ts";

/**
 * The largest amount in [0, limit] whose operation (`action(amount)`, simulated with the SDK, the
 * contracts' own rounding) leaves the account's health factor at or above `minHealth`; 0 when even the
 * smallest would not. A health factor only falls as a borrow or a collateral withdrawal grows (the
 * e-mode category depends on which reserves are owed, not on how much), so a binary search over the
 * amount finds it exactly: at most about 100 simulations, each a few microseconds, no RPC call.
 */
export function largestKeepingHealth(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  limit: bigint,
  minHealth: bigint,
  action: (assets: bigint) => Action,
): bigint {
  if (limit <= 0n) return 0n;
  const keeps = (assets: bigint): boolean => {
    try {
      const after = simulate(pool, account, [action(assets)]).healthFactor;
      return after !== undefined && after >= minHealth;
    } catch (error) {
      if (error instanceof SimulationError) return false;
      throw error;
    }
  };
  if (keeps(limit)) return limit;
  let low = 0n; // keeps(low), or nothing at all
  let high = limit; // !keeps(high)
  while (high - low > 1n) {
    const middle = (low + high) / 2n;
    if (keeps(middle)) low = middle;
    else high = middle;
  }
  return low;
}
