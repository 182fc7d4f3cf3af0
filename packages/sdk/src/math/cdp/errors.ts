import { MathError } from "../errors.ts";

/** The custom errors of ICdpErrors (and the peg module's) that the CDP math predicts. */
export type CdpErrorName =
  | "ZeroAmount"
  | "InsufficientCollateral"
  | "RepayExceedsDebt"
  | "RatioBelowMinimum"
  | "DebtBelowFloor"
  | "DebtCeilingExceeded"
  | "GlobalDebtCeilingExceeded"
  | "MintPaused"
  | "TypeIsShutdown"
  | "VaultIsSafe"
  | "NoDebt"
  | "AuctionActive"
  | "AuctionNotActive"
  | "AuctionLimitReached"
  | "AuctionStale"
  | "AuctionNotStale"
  | "PriceAboveMax"
  | "TakeLeavesDust"
  | "PsmFrozen"
  | "PsmZeroAmount"
  | "PsmCapExceeded"
  | "PsmInsufficientGem";

/**
 * Where the kUSD engine (or a peg module) would revert with a custom error. `errorName` and `args` are
 * exactly what viem decodes from the contract's revert data, in the same order.
 */
export class CdpRevertError extends MathError {
  override name = "CdpRevertError";
  readonly errorName: CdpErrorName;
  readonly args: readonly bigint[];

  constructor(errorName: CdpErrorName, args: readonly bigint[] = []) {
    super(`The kUSD engine would revert with ${errorName}(${args.join(", ")}).`);
    this.errorName = errorName;
    this.args = args;
  }
}
