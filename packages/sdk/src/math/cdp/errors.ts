import { MathError } from "../errors.ts";

/** The custom errors of ICdpErrors (and the peg module's) that the CDP math predicts. */
export type CdpErrorName =
  | "ZeroAmount"
  | "WithdrawExceedsCollateral"
  | "RepayExceedsVaultDebt"
  | "RatioBelowMinimum"
  | "DebtBelowFloor"
  | "DebtCeilingExceeded"
  | "GlobalDebtCeilingExceeded"
  | "MintPaused"
  | "TypeIsShutdown"
  | "TypeNotShutdown"
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
  | "GemDepegged"
  | "PsmCapExceeded"
  | "PsmInsufficientGem";

/**
 * Where the kUSD engine (or a peg module) would revert with a custom error. `errorName` and `args` are
 * exactly what viem decodes from the contract's revert data, in the same order. `explainCdpRevert` (in
 * `errors/`) gives the sentence the SDK shows for that revert on chain, in the caller's token terms.
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
