import {
  type AccountSnapshot,
  type Action,
  accountHealthFactor,
  type PoolSnapshot,
  SimulationError,
  type SimulationResult,
  simulate,
} from "@keel/sdk";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor } from "../../lib/format.ts";
import type { NamedReserve } from "../../lib/market.ts";

/** How people call each operation, for sentences. */
const NOUN: Record<string, string> = {
  supply: "supply",
  withdraw: "withdrawal",
  supplyCollateral: "collateral deposit",
  withdrawCollateral: "collateral withdrawal",
  borrow: "borrow",
  repay: "repayment",
};
const VERB: Record<string, string> = {
  withdraw: "withdraw",
  withdrawCollateral: "withdraw",
  borrow: "borrow",
  repay: "repay",
};

/** The outcome of an operation before it is sent: health before and after, and the amounts it moves. */
export type Preview = { before: bigint; result: SimulationResult };

/**
 * Simulates `action` on the snapshots with the SDK (the contracts' own math, no RPC call). A revert the
 * pool would raise becomes a UsageError with a sentence such as "This borrow would put your health
 * factor at 0.93. The most you can borrow is 1,234.56 USDC." Nothing is sent in that case.
 */
export function preview(pool: PoolSnapshot, account: AccountSnapshot, action: Action, reserve: NamedReserve): Preview {
  const before = accountHealthFactor(pool, account);
  try {
    return { before, result: simulate(pool, account, [action]) };
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    const noun = NOUN[action.type] ?? action.type;
    const decimals = reserve.config.decimals;
    const most =
      error.maxAmount !== undefined && VERB[action.type]
        ? ` The most you can ${VERB[action.type]} is ${formatAmount(error.maxAmount, decimals)} ${reserve.symbol}.`
        : "";
    if (error.healthFactorAfter !== undefined) {
      throw new UsageError(
        `This ${noun} would put your health factor at ${formatHealthFactor(error.healthFactorAfter)}, below what the pool allows.${most}`,
      );
    }
    // The SDK's sentence names the pool's rule (cap reached, reserve frozen, not enough liquidity, …).
    throw new UsageError(`${error.message.replace(/^Action \d+ \(\w+\) would revert: /, "This would fail: ")}${most}`);
  }
}
