import { MathError, type PoolErrorName, PoolRevertError } from "../math/errors.ts";
import type { Action } from "./actions.ts";

/**
 * An action of a simulation would revert on chain. The message says why in a sentence; `cause` is
 * the math error (a PoolRevertError carries the pool's custom error name and arguments).
 */
export class SimulationError extends MathError {
  override name = "SimulationError";
  /** Position of the failing action in the list, from 0. */
  readonly actionIndex: number;
  readonly action: Action;
  /** The pool's custom error, when the revert is one. */
  readonly errorName?: PoolErrorName;
  /** Its arguments, in the contract's order (integers as bigint, addresses as strings). */
  readonly args?: readonly (bigint | `0x${string}`)[];
  /** For InsufficientCollateral: the health factor (WAD) the account would have had after the action. */
  readonly healthFactorAfter?: bigint;
  /** The most the action could have moved, in token units, where that is meaningful (borrow, withdrawals, repay). */
  readonly maxAmount?: bigint;

  constructor(
    sentence: string,
    fields: { actionIndex: number; action: Action; cause: unknown; healthFactorAfter?: bigint; maxAmount?: bigint },
  ) {
    super(`Action ${fields.actionIndex + 1} (${fields.action.type}) would revert: ${sentence}`, {
      cause: fields.cause,
    });
    this.actionIndex = fields.actionIndex;
    this.action = fields.action;
    if (fields.cause instanceof PoolRevertError) {
      this.errorName = fields.cause.errorName;
      this.args = fields.cause.args;
    }
    this.healthFactorAfter = fields.healthFactorAfter;
    this.maxAmount = fields.maxAmount;
  }
}
