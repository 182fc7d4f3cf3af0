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
import { formatTarget } from "../../lib/poolRisk.ts";

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
 * For operations whose "max" keeps a health buffer (borrow, collateral withdrawal; decision 0030): the
 * target, the pool's own limit on this account (which a balance error's "most" does not know), what
 * `--amount max` would take (sized exactly as that path sizes it), and how to build the operation for
 * an amount, so a refusal can name the buffered most too.
 */
export type HealthBuffer = {
  minHealth: bigint;
  limit: () => bigint;
  maxAmount: () => bigint;
  build: (assets: bigint) => Action;
};

/**
 * Simulates `action` on the snapshots with the SDK (the contracts' own math, no RPC call). A revert the
 * pool would raise becomes a UsageError with a sentence such as "This borrow would put your health
 * factor at 0.93, below what the pool allows. The most you can borrow is 1,234.56 USDC (health factor
 * 1.03); `--amount max` takes 1,100.00 USDC, which keeps it at 1.10." Nothing is sent in that case.
 */
export function preview(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  action: Action,
  reserve: NamedReserve,
  words: OperationWords,
  buffer?: HealthBuffer,
): Preview {
  const before = accountHealthFactor(pool, account);
  try {
    return { before, result: simulate(pool, account, [action]) };
  } catch (error) {
    if (!(error instanceof SimulationError)) throw error;
    const most =
      error.maxAmount !== undefined && words.most
        ? ` ${mostSentence(pool, account, error.maxAmount, words.most, reserve, buffer)}`
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

/**
 * "The most you can borrow is X." and, for a buffered operation whose buffer makes it smaller, what
 * `--amount max` would take instead: the pool's limit leaves the account at the edge of liquidation
 * (health about 1.03 for an 80% / 82.5% collateral), which is not what most people asking mean.
 */
function mostSentence(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  limit: bigint,
  verb: string,
  reserve: NamedReserve,
  buffer: HealthBuffer | undefined,
): string {
  const tokens = (units: bigint) => `${formatAmount(units, reserve.config.decimals)} ${reserve.symbol}`;
  // The error's most can be a balance (2 WETH held) where debt allows less to leave.
  const poolLimitNow = buffer?.limit();
  if (poolLimitNow !== undefined && poolLimitNow < limit) limit = poolLimitNow;
  const poolLimit = `The most you can ${verb} is ${tokens(limit)}`;
  const maxAmount = buffer?.maxAmount();
  if (!buffer || maxAmount === undefined || limit === 0n || maxAmount >= limit) return `${poolLimit}.`;
  const atLimit = healthAfter(pool, account, buffer.build(limit));
  const edge = atLimit === undefined ? "" : ` (health factor ${formatHealthFactor(atLimit)})`;
  const target = formatTarget(buffer.minHealth);
  const max =
    maxAmount === 0n
      ? `none of it keeps the health factor at ${target} or above`
      : `\`--amount max\` takes ${tokens(maxAmount)}, which keeps the health factor at ${target} or above`;
  return `${poolLimit}${edge}; ${max}.`;
}

function healthAfter(pool: PoolSnapshot, account: AccountSnapshot, action: Action): bigint | undefined {
  try {
    return simulate(pool, account, [action]).healthFactor;
  } catch {
    return undefined;
  }
}
