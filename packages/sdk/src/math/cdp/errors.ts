import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import { pegStabilityModuleAbi } from "../../abis/PegStabilityModule.ts";
import type { KeelErrorContext } from "../../errors/context.ts";
import { keelErrorSentences } from "../../errors/sentences.ts";
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
 * exactly what viem decodes from the contract's revert data, in the same order; `shortMessage` is the
 * same sentence the SDK gives for that revert on chain (`explain(context)` adds token names and decimals).
 */
export class CdpRevertError extends MathError {
  override name = "CdpRevertError";
  readonly errorName: CdpErrorName;
  readonly args: readonly bigint[];

  constructor(errorName: CdpErrorName, args: readonly bigint[] = []) {
    super(cdpSentence(errorName, args, {}), {
      details: `The kUSD engine would revert with ${errorName}(${args.join(", ")}).`,
    });
    this.errorName = errorName;
    this.args = args;
  }

  /** The sentence in the caller's terms: `context.collateral` (or `token`) names the collateral or stablecoin. */
  explain(context: KeelErrorContext): string {
    return cdpSentence(this.errorName, this.args, context);
  }
}

function cdpSentence(errorName: CdpErrorName, args: readonly bigint[], context: KeelErrorContext): string {
  // The engine's and the peg module's own declarations name the arguments.
  const item = [...cdpEngineAbi, ...pegStabilityModuleAbi].find(
    (entry) => entry.type === "error" && entry.name === errorName && entry.inputs.length === args.length,
  ) as { inputs: readonly { name: string }[] } | undefined;
  const named = Object.fromEntries((item?.inputs ?? []).map((input, index) => [input.name, args[index]]));
  return keelErrorSentences[errorName](named, context);
}
