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

/** The outcome of an operation before it is sent: health before and after, and the amounts it moves. */
export type Preview = { before: bigint; result: SimulationResult };

/** How sentences name an operation: "This borrow would…", "The most you can borrow is…". */
export type OperationWords = {
  /** "supply", "withdrawal", "collateral deposit", "collateral withdrawal", "borrow", "repayment". */
  noun: string;
  /** The verb of "The most you can … is", for operations that have a most; none for deposits. */
  most?: string;
};

/**
 * Simulates `action` on the snapshots with the SDK (the contracts' own math, no RPC call). A revert the
 * pool would raise becomes a UsageError with a sentence such as "This borrow would put your health
 * factor at 0.93. The most you can borrow is 1,234.56 USDC." Nothing is sent in that case.
 */
export function preview(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  action: Action,
  reserve: NamedReserve,
  words: OperationWords,
): Preview {
  const before = accountHealthFactor(pool, account);
  try {
    return { before, result: simulate(pool, account, [action]) };
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    const decimals = reserve.config.decimals;
    const most =
      error.maxAmount !== undefined && words.most
        ? ` The most you can ${words.most} is ${formatAmount(error.maxAmount, decimals)} ${reserve.symbol}.`
        : "";
    if (error.healthFactorAfter !== undefined) {
      throw new UsageError(
        `This ${words.noun} would put your health factor at ${formatHealthFactor(error.healthFactorAfter)}, below what the pool allows.${most}`,
      );
    }
    // The SDK's sentence names the pool's rule (cap reached, reserve frozen, not enough liquidity, …).
    throw new UsageError(`${error.message.replace(/^Action \d+ \(\w+\) would revert: /, "This would fail: ")}${most}`);
  }
}
