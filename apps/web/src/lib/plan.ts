// The preview of one pool operation, computed with the SDK's simulation at the block the transaction
// is expected in: health before and after, the liquidation price of each collateral, the rate it
// moves, the approval the pool needs, and the warnings. Nothing here reads the chain: it is given the
// snapshots and the wallet's balance and allowance, so the preview updates as the user types.
import {
  type AccountSnapshot,
  accountHealthFactor,
  FLAG_FROZEN,
  FLAG_PAUSED,
  largestKeepingHealth,
  liquidationPrice,
  MAX_UINT256,
  type PoolSnapshot,
  type ReserveSnapshot,
  reserveRates,
  SimulationError,
  type SimulationResult,
  simulate,
  WAD,
} from "@keel/sdk";
import { formatHealthFactor, tokens } from "./format.ts";
import { symbolOf, usdPerToken } from "./market.ts";
import { OPERATIONS, type OperationKind } from "./operations.ts";

/** The health factor a "max" borrow or collateral withdrawal keeps, and below which the app warns. */
export const BUFFER_HEALTH = (WAD * 110n) / 100n;
/** A max that interest shrinks is sized this far ahead, so it still holds when the transaction lands. */
const MAX_AHEAD_SECONDS = 120n;
/** Repaying everything pulls the debt with interest up to its block: the approval covers 0.1% more. */
const REPAY_ALL_MARGIN = 1000n;

export type AmountInput = { kind: "exact"; units: bigint } | { kind: "max" };

export type PlanInput = {
  kind: OperationKind;
  pool: PoolSnapshot;
  account: AccountSnapshot;
  reserve: number;
  amount: AmountInput;
  wallet: { balance: bigint; allowance: bigint };
  /** When the transaction is expected to land (seconds). */
  at: bigint;
};

export type Plan = {
  amount: bigint;
  whole: boolean;
  healthBefore: bigint;
  healthAfter?: bigint;
  /** USD (WAD) per whole token at which each collateral of the account can be liquidated, after. */
  liquidation: { symbol: string; usd: bigint; nowUsd?: bigint }[];
  rate?: { label: string; before?: number; after?: number };
  /** Tokens the pool will pull beyond the current allowance: an approval is sent first. */
  approval?: bigint;
  warnings: string[];
  result: SimulationResult;
};

export class PlanError extends Error {}

export function planOperation(input: PlanInput): Plan {
  const spec = OPERATIONS[input.kind];
  const reserve = input.pool.reserves[input.reserve];
  const symbol = symbolOf(reserve);
  const decimals = reserve.config.decimals;
  // Never before the snapshot: the simulation refuses to go back in time.
  let timestamp = input.pool.timestamp;
  if (input.at > timestamp) timestamp = input.at;
  const pool = { ...input.pool, timestamp };
  const position = input.account.positions[input.reserve];
  let action = input.amount.kind === "exact" ? spec.action(input.reserve, input.amount.units) : undefined;
  let whole = false;
  if (input.amount.kind === "max") {
    if (spec.pulls && input.kind !== "repay") {
      if (input.wallet.balance === 0n) throw new PlanError(`You hold no ${symbol} to ${spec.verb}.`);
      action = spec.action(input.reserve, input.wallet.balance);
    } else if (spec.poolLimit) {
      const later = { ...pool, timestamp: pool.timestamp + MAX_AHEAD_SECONDS };
      const limit = spec.poolLimit(later, input.account, input.reserve);
      const amount = largestKeepingHealth(later, input.account, limit, BUFFER_HEALTH, (a) =>
        spec.action(input.reserve, a),
      );
      if (amount === 0n) {
        throw new PlanError(
          `You cannot ${spec.verb} any ${symbol} and keep your health factor at or above ${formatHealthFactor(BUFFER_HEALTH)}.`,
        );
      }
      action = spec.action(input.reserve, amount);
    } else if (spec.wholeAction) {
      const held = input.kind === "repay" ? position.debtShares : position.supplyShares;
      if (held === 0n)
        throw new PlanError(`You have no ${symbol} ${input.kind === "repay" ? "debt" : "supplied"} in this pool.`);
      action = spec.wholeAction(input.reserve);
    }
  }
  if (!action) throw new PlanError("Enter an amount.");
  const healthBefore = accountHealthFactor(pool, input.account);
  let result: SimulationResult;
  try {
    result = simulate(pool, input.account, [action]);
  } catch (error) {
    if (error instanceof SimulationError) throw new PlanError(error.message);
    throw error;
  }
  const moved = result.results[0] as { assets: bigint; shares?: bigint };
  if (moved.assets === 0n) throw new PlanError(`The amount of ${symbol} is zero: there is nothing to ${spec.verb}.`);
  if (input.amount.kind === "max" && spec.wholeAction) {
    whole = moved.shares === (input.kind === "repay" ? position.debtShares : position.supplyShares);
  }
  let approval: bigint | undefined;
  if (spec.pulls) {
    const needed = whole ? moved.assets + moved.assets / REPAY_ALL_MARGIN + 1n : moved.assets;
    if (input.wallet.balance < moved.assets) {
      throw new PlanError(
        `You hold ${tokens(input.wallet.balance, decimals, symbol)}; this needs ${tokens(moved.assets, decimals, symbol)}.`,
      );
    }
    if (input.wallet.allowance < needed) approval = needed;
  }
  const warnings: string[] = [];
  const after = result.healthFactor;
  if (after !== undefined && after < BUFFER_HEALTH) {
    warnings.push(
      after < WAD
        ? `This leaves your health factor at ${formatHealthFactor(after)}, below 1: the account can be liquidated.`
        : `This leaves your health factor at ${formatHealthFactor(after)}: a small price move can make the account liquidatable.`,
    );
  }
  if (reserve.price === undefined)
    warnings.push(`The ${symbol} oracle gives no live price now; the pool uses its last price.`);
  warnings.push(...reserveWarnings(result.pool.reserves[input.reserve], input.kind, symbol));
  const rate = spec.rate && {
    label: spec.rate === "supplyApy" ? "Supply APY" : "Borrow APY",
    before: rateOf(() => reserveRates(pool.reserves[input.reserve], pool.timestamp)[spec.rate as "supplyApy"]),
    after: rateOf(
      () => reserveRates(result.pool.reserves[input.reserve], result.pool.timestamp)[spec.rate as "supplyApy"],
    ),
  };
  return {
    amount: moved.assets,
    whole,
    healthBefore,
    healthAfter: after,
    liquidation: liquidationPrices(result.pool, result.account),
    rate,
    approval,
    warnings,
    result,
  };
}

/** Each collateral's liquidation price (USD per whole token) for an account with debt. */
export function liquidationPrices(pool: PoolSnapshot, account: AccountSnapshot) {
  if (accountHealthFactor(pool, account) >= MAX_UINT256) return [];
  return account.positions.flatMap((position, index) => {
    if (position.collateral === 0n) return [];
    const reserve = pool.reserves[index];
    try {
      const price = liquidationPrice(pool, account, index);
      const current = reserve.price ?? reserve.lastPrice;
      return [
        {
          symbol: symbolOf(reserve),
          usd: usdPerToken(price, reserve.config.decimals),
          nowUsd: current === undefined ? undefined : usdPerToken(current, reserve.config.decimals),
        },
      ];
    } catch {
      return [];
    }
  });
}

function rateOf(read: () => number): number | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Near a cap: the share of it used, from which the preview warns. */
const CAP_WARNING_BPS = 9_000n;

/**
 * What the reserve's state means for this operation: frozen or paused (what still works), and a supply
 * or borrow cap nearly used up after it (the pool refuses beyond the cap, so the next user may be refused).
 */
export function reserveWarnings(reserve: ReserveSnapshot, kind: string, symbol: string): string[] {
  const warnings: string[] = [];
  if ((reserve.config.flags & FLAG_PAUSED) !== 0) {
    warnings.push(`The ${symbol} reserve is paused by its guardian: only repaying works until it is unpaused.`);
  } else if ((reserve.config.flags & FLAG_FROZEN) !== 0) {
    warnings.push(
      `The ${symbol} reserve is frozen: it takes no new supply or borrowing and gives no new borrowing power; repaying and withdrawing still work.`,
    );
  }
  const unit = 10n ** BigInt(reserve.config.decimals);
  const share = (used: bigint, cap: bigint) => (cap === 0n ? 0n : (used * 10_000n) / (cap * unit));
  const { state, config } = reserve;
  const supplyCap = BigInt(config.supplyCap);
  const borrowCap = BigInt(config.borrowCap);
  if (
    (kind === "supply" || kind === "supplyCollateral") &&
    share(state.totalSupplyAssets + state.totalCollateral, supplyCap) >= CAP_WARNING_BPS
  ) {
    const used = Number(share(state.totalSupplyAssets + state.totalCollateral, supplyCap)) / 100;
    warnings.push(
      `After this, ${used.toFixed(2)}% of the ${symbol} supply cap (${supplyCap.toLocaleString("en-US")} ${symbol}) is used.`,
    );
  }
  if (kind === "borrow" && share(state.totalBorrowAssets, borrowCap) >= CAP_WARNING_BPS) {
    const used = Number(share(state.totalBorrowAssets, borrowCap)) / 100;
    warnings.push(
      `After this, ${used.toFixed(2)}% of the ${symbol} borrow cap (${borrowCap.toLocaleString("en-US")} ${symbol}) is used.`,
    );
  }
  return warnings;
}
