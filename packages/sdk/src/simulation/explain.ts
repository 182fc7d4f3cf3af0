import { formatHealthFactor, formatUsdWad } from "../format/index.ts";
import {
  MathError,
  MathPanicError,
  MathSafeCastError,
  PoolRevertError,
  PriceUnavailableError,
} from "../math/errors.ts";
import { accountHealth, healthFactor } from "../math/health.ts";
import { maxBorrow, maxWithdraw, maxWithdrawCollateral } from "../math/lens.ts";
import { SharesMathLib } from "../math/SharesMathLib.ts";
import type { ReserveSnapshot } from "../types.ts";
import type { Action } from "./actions.ts";
import { SimulationError } from "./errors.ts";
import { formatAmount, reserveName } from "./format.ts";
import type { WorkingState } from "./state.ts";

/** The reserve an action is about (the debt reserve for a liquidation). */
function actionReserve(state: WorkingState, action: Action): ReserveSnapshot | undefined {
  const index = action.type === "liquidate" ? action.debtReserve : action.type === "wait" ? undefined : action.reserve;
  return index === undefined ? undefined : state.pool.reserves[index];
}

/** Runs a lens answer for the message, or nothing when it cannot be computed either. */
function tryAmount(compute: () => bigint): bigint | undefined {
  try {
    return compute();
  } catch {
    return undefined;
  }
}

/**
 * Turns what a failed action threw into a SimulationError with a sentence a person understands.
 * `before` is the state before the action; `failed` the state at the point the contract would revert.
 * Anything that is not a math error (a bug) is rethrown as it is.
 */
export function explainFailure(
  actionIndex: number,
  action: Action,
  before: WorkingState,
  failed: WorkingState,
  error: unknown,
): SimulationError {
  const fields = { actionIndex, action, cause: error };
  const reserve = actionReserve(before, action);
  const amount = (value: bigint) => (reserve ? formatAmount(value, reserve) : `${value}`);
  const name = reserve ? reserveName(reserve) : "the reserve";

  if (error instanceof PriceUnavailableError) {
    const priced = before.pool.reserves[error.reserve];
    const which = error.source === "lastPrice" ? "has no last reported price either" : "cannot be confirmed now";
    const why = error.source === "lastPrice" ? priced?.lastPriceError : priced?.priceError;
    const reason = why ? ` (${why})` : "";
    return new SimulationError(
      `the price of ${priced ? reserveName(priced) : `reserve ${error.reserve}`} ${which}${reason}, and this action needs it.`,
      fields,
    );
  }
  if (error instanceof MathPanicError || error instanceof MathSafeCastError) {
    return new SimulationError(`an amount exceeds the contract's integer range (${error.shortMessage})`, fields);
  }
  if (!(error instanceof PoolRevertError)) {
    if (error instanceof MathError) return new SimulationError(error.shortMessage, fields);
    throw error;
  }
  // Every error the math predicts has integer arguments, except Unauthorized's two addresses.
  const [first = 0n, second = 0n] = error.args as readonly bigint[];
  switch (error.errorName) {
    case "InconsistentInput":
      return new SimulationError(
        "give a non-zero amount in exactly one of assets and shares (with max or all: there is nothing to move).",
        fields,
      );
    case "ZeroAmount":
      return new SimulationError("the amount is zero or worth less than one unit.", fields);
    case "UnknownReserve":
      return new SimulationError(`pool ${first} has no reserve ${second}.`, fields);
    case "ReserveFrozen":
      return new SimulationError(`${name} is frozen: no new supply or borrowing.`, fields);
    case "ReservePaused":
      return new SimulationError(`${name} is paused: no new supply or borrowing.`, fields);
    case "NotCollateral":
      return new SimulationError(`${name} is not enabled as collateral.`, fields);
    case "NotBorrowable":
      return new SimulationError(`${name} cannot be borrowed.`, fields);
    case "SupplyCapExceeded":
      return new SimulationError(
        `supply plus collateral would reach ${amount(second)}, above the cap of ${amount(first)}.`,
        fields,
      );
    case "BorrowCapExceeded":
      return new SimulationError(
        `total debt would reach ${amount(second)}, above the cap of ${amount(first)}.`,
        fields,
      );
    case "InsufficientLiquidity": {
      // The most the caller can take is the smaller of the idle liquidity and, for a borrow, what its
      // collateral allows; quoting the liquidity alone would suggest a borrow the pool then refuses.
      const byCollateral =
        action.type === "borrow" ? tryAmount(() => maxBorrow(before.pool, before.account, action.reserve)) : undefined;
      const maxAmount = byCollateral !== undefined && byCollateral < first ? byCollateral : first;
      const limit = maxAmount < first ? `; your collateral allows at most ${amount(maxAmount)}` : "";
      return new SimulationError(
        `only ${amount(first)} is idle in the reserve and ${amount(second)} was asked for${limit}.`,
        { ...fields, maxAmount },
      );
    }
    case "InsufficientBalance":
      return insufficientBalance(action, before, failed, fields, first, second, amount);
    case "RepayExceedsDebt": {
      // Shares are the pool's bookkeeping; speak in the token: what is owed, and what was offered.
      const s = failed.pool.reserves[action.type === "repay" ? action.reserve : 0].state;
      const owed = SharesMathLib.toAssetsUp(first, s.totalBorrowAssets, s.totalBorrowShares);
      return new SimulationError(
        `the account owes ${amount(owed)}, less than this repayment; repay "all" to close the debt exactly.`,
        { ...fields, maxAmount: owed },
      );
    }
    case "InsufficientCollateral": {
      const healthFactorAfter = tryAmount(() =>
        healthFactor(accountHealth(failed.pool, failed.account, { accrue: false })),
      );
      const index = action.type === "borrow" || action.type === "withdrawCollateral" ? action.reserve : -1;
      const maxAmount =
        action.type === "borrow"
          ? tryAmount(() => maxBorrow(before.pool, before.account, index))
          : tryAmount(() => maxWithdrawCollateral(before.pool, before.account, index));
      const verb = action.type === "borrow" ? "borrowed" : "withdrawn";
      return new SimulationError(
        `debt would be ${formatUsdWad(first)} against a borrowing power of ${formatUsdWad(second)}` +
          (healthFactorAfter === undefined ? "" : ` (health factor after: ${formatHealthFactor(healthFactorAfter)})`) +
          (maxAmount === undefined ? "." : `; at most ${amount(maxAmount)} can be ${verb}.`),
        { ...fields, healthFactorAfter, maxAmount },
      );
    }
    case "UnpricedCollateral": {
      const unpriced = before.pool.reserves[Number(second)];
      const asset = unpriced ? reserveName(unpriced) : `reserve ${second}`;
      return new SimulationError(
        `the price of ${asset} cannot be confirmed right now, so it cannot back this; repay or add another collateral.`,
        fields,
      );
    }
    case "Unauthorized": {
      const [caller, onBehalf] = error.args;
      return new SimulationError(
        `${caller} may not add a new collateral to ${onBehalf}: only the account or its operator chooses its collateral (topping up one it holds is open to anyone).`,
        fields,
      );
    }
    case "CollapsedReserve":
      return new SimulationError(
        `reserve ${second} was written off nearly to nothing and stays frozen; list the asset again as a new reserve.`,
        fields,
      );
    case "HealthyPosition":
      return new SimulationError(
        `the account's health factor is ${formatHealthFactor(first)}, at least 1: it cannot be liquidated.`,
        fields,
      );
    case "NothingToLiquidate":
      return new SimulationError("the account holds none of that collateral or owes none of that debt.", fields);
    case "LiquidationMustClose":
      return new SimulationError(
        `a smaller liquidation would lower the account's health or leave less than $10 of debt: it must repay ${amount(first)}.`,
        { ...fields, maxAmount: first },
      );
  }
}

function insufficientBalance(
  action: Action,
  before: WorkingState,
  failed: WorkingState,
  fields: { actionIndex: number; action: Action; cause: unknown },
  balance: bigint,
  requested: bigint,
  amount: (value: bigint) => string,
): SimulationError {
  if (action.type === "withdrawCollateral") {
    return new SimulationError(
      `the account holds ${amount(balance)} of collateral and ${amount(requested)} was asked for.`,
      { ...fields, maxAmount: balance },
    );
  }
  // Withdrawing supply: the balance and request are shares; show what they are worth now.
  const index = action.type === "withdraw" ? action.reserve : 0;
  const s = failed.pool.reserves[index].state;
  const worth = SharesMathLib.toAssetsDown(balance, s.totalSupplyAssets, s.totalSupplyShares);
  const maxAmount = tryAmount(() => maxWithdraw(before.pool, before.account, index));
  const asked = SharesMathLib.toAssetsUp(requested, s.totalSupplyAssets, s.totalSupplyShares);
  return new SimulationError(`the account's supply is worth ${amount(worth)} and ${amount(asked)} was asked for.`, {
    ...fields,
    maxAmount,
  });
}
