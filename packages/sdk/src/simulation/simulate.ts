import { expectedReserveState } from "../math/accrual.ts";
import { MathError, PriceUnavailableError, UnsupportedRateModelError } from "../math/errors.ts";
import { accountHealth, healthFactor } from "../math/health.ts";
import { liquidationPrice, maxBorrow, maxWithdraw, maxWithdrawCollateral } from "../math/lens.ts";
import { SharesMathLib } from "../math/SharesMathLib.ts";
import type { AccountHealth, AccountSnapshot, PoolSnapshot } from "../types.ts";
import type { Action, ActionResult, AssetsOrShares } from "./actions.ts";
import { explainFailure } from "./explain.ts";
import { borrow } from "./operations/borrow.ts";
import { liquidate } from "./operations/liquidate.ts";
import { repay } from "./operations/repay.ts";
import { supply } from "./operations/supply.ts";
import { supplyCollateral } from "./operations/supplyCollateral.ts";
import { withdraw } from "./operations/withdraw.ts";
import { withdrawCollateral } from "./operations/withdrawCollateral.ts";
import { accrue, copyState, listedReserve, type WorkingState } from "./state.ts";

/** Options of `simulate`. */
export type SimulateOptions = {
  /** When the actions happen (seconds); defaults to the snapshot's timestamp, and may not be earlier. */
  timestamp?: bigint;
};

/** The account and the pool after a list of actions, with every answer a borrower asks. */
export type SimulationResult = {
  /** The pool as the contracts would leave it; `timestamp` is the moment after the last action. */
  pool: PoolSnapshot;
  /** The account's positions after the actions. */
  account: AccountSnapshot;
  /** What each action moved, in order. */
  results: ActionResult[];
  /**
   * The `accountHealth` view after the actions (interest accrued to `pool.timestamp`); undefined where
   * that view would revert (a debt whose oracle gives no price at all, not even a last one).
   */
  health: AccountHealth | undefined;
  /** The `healthFactor` view: WAD, rounded down; MAX_UINT256 without debt; undefined where the view would revert. */
  healthFactor: bigint | undefined;
  /**
   * Per reserve index, KeelLens's answers after the actions, in token units (liquidation price at
   * oracle scale); undefined where a price or rate the answer needs is unavailable.
   */
  liquidationPrice: (bigint | undefined)[];
  maxBorrow: (bigint | undefined)[];
  maxWithdraw: (bigint | undefined)[];
  maxWithdrawCollateral: (bigint | undefined)[];
};

/**
 * Applies `actions` to the account, in order, exactly as the contracts would: each operation accrues
 * what the contract accrues, rounds as it rounds, and checks what it checks, with no RPC call. Throws
 * SimulationError (with a sentence saying why) at the first action the contracts would revert on.
 * The account acts for itself and holds the tokens it spends; `liquidate` is someone liquidating it.
 */
export function simulate(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  actions: readonly Action[],
  options: SimulateOptions = {},
): SimulationResult {
  const timestamp = options.timestamp ?? pool.timestamp;
  if (timestamp < pool.timestamp) {
    throw new MathError(`A simulation cannot start at ${timestamp}, before its snapshot (${pool.timestamp}).`);
  }
  const positions = pool.reserves.map(
    (_, i) => account.positions[i] ?? { supplyShares: 0n, collateral: 0n, debtShares: 0n },
  );
  const state = copyState({ pool: { ...pool, timestamp }, account: { ...account, positions } });
  const results: ActionResult[] = [];
  for (const [index, action] of actions.entries()) {
    const before = copyState(state);
    try {
      results.push(apply(state, action));
    } catch (error) {
      throw explainFailure(index, action, before, state, error);
    }
  }
  const health = unlessUnavailable(() => accountHealth(state.pool, state.account));
  const perReserve = (answer: (pool: PoolSnapshot, account: AccountSnapshot, reserve: number) => bigint) =>
    state.pool.reserves.map((_, i) => unlessUnavailable(() => answer(state.pool, state.account, i)));
  return {
    pool: state.pool,
    account: state.account,
    results,
    health,
    healthFactor: health === undefined ? undefined : healthFactor(health),
    liquidationPrice: perReserve(liquidationPrice),
    maxBorrow: perReserve(maxBorrow),
    maxWithdraw: perReserve(maxWithdraw),
    maxWithdrawCollateral: perReserve(maxWithdrawCollateral),
  };
}

function unlessUnavailable<T>(answer: () => T): T | undefined {
  try {
    return answer();
  } catch (error) {
    if (error instanceof PriceUnavailableError || error instanceof UnsupportedRateModelError) return undefined;
    throw error;
  }
}

function apply(state: WorkingState, action: Action): ActionResult {
  switch (action.type) {
    case "supply":
      return supply(state, action.reserve, action.amount);
    case "withdraw":
      return withdraw(
        state,
        action.reserve,
        action.amount === "max" ? allWithdrawable(state, action.reserve) : action.amount,
      );
    case "supplyCollateral": {
      const { reserve, assets, sender, senderAuthorized } = action;
      return supplyCollateral(
        state,
        reserve,
        assets,
        sender === undefined ? undefined : { address: sender, authorized: senderAuthorized === true },
      );
    }
    case "withdrawCollateral": {
      const { reserve, assets } = action;
      if (assets !== "max") return withdrawCollateral(state, reserve, assets);
      listedReserve(state.pool, reserve);
      return withdrawCollateral(state, reserve, maxWithdrawCollateral(state.pool, state.account, reserve));
    }
    case "borrow": {
      const { reserve, amount } = action;
      if (amount !== "max") return borrow(state, reserve, amount);
      listedReserve(state.pool, reserve);
      return borrow(state, reserve, { assets: maxBorrow(state.pool, state.account, reserve) });
    }
    case "repay": {
      const { reserve, amount } = action;
      if (amount !== "all") return repay(state, reserve, amount);
      listedReserve(state.pool, reserve);
      return repay(state, reserve, { shares: state.account.positions[reserve].debtShares });
    }
    case "liquidate":
      return liquidate(state, action.collateralReserve, action.debtReserve, action.maxRepayAssets);
    case "setPrice": {
      const reserve = listedReserve(state.pool, action.reserve);
      // A price the oracle reports now is live, and is its last reported price too.
      state.pool.reserves[action.reserve] = {
        ...reserve,
        price: action.price,
        priceError: undefined,
        priceRevert: undefined,
        lastPrice: action.price,
        lastPriceError: undefined,
        lastPriceRevert: undefined,
      };
      return { type: "setPrice" };
    }
    case "wait":
      if (action.seconds < 0n) throw new MathError("Time cannot go backwards.");
      state.pool.timestamp += action.seconds;
      return { type: "wait" };
    case "accrueInterest": {
      listedReserve(state.pool, action.reserve);
      return { type: "accrueInterest", reserve: action.reserve, ...accrue(state, action.reserve) };
    }
  }
}

/** "max" for a withdrawal: every share when idle liquidity covers them, else the idle liquidity by assets. */
function allWithdrawable(state: WorkingState, index: number): AssetsOrShares {
  const s = expectedReserveState(listedReserve(state.pool, index), state.pool.timestamp);
  const shares = state.account.positions[index].supplyShares;
  const balance = SharesMathLib.toAssetsDown(shares, s.totalSupplyAssets, s.totalSupplyShares);
  const available = s.totalSupplyAssets - s.totalBorrowAssets;
  return balance <= available ? { shares } : { assets: available };
}
