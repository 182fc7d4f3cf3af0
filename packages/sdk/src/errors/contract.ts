import type { Hex } from "viem";
import type { KeelErrorName } from "./abi.ts";
import type { AbiError } from "./abiError.ts";
import { BaseError } from "./base.ts";
import type { KeelErrorContext } from "./context.ts";
import { builtinErrorSentences, keelErrorSentences } from "./sentences.ts";

/** Parameters of {@link KeelContractError}. */
export type KeelContractErrorParameters = {
  /** The decoded error's ABI item (for `Error(string)` and `Panic(uint256)`, viem's built-ins). */
  abiItem: AbiError;
  /** Decoded arguments, in ABI order. */
  args: readonly unknown[];
  /** The raw revert data. */
  data: Hex;
  context?: KeelErrorContext;
  cause?: unknown;
};

/**
 * A contract call reverted with a custom error Keel knows: `errorName` and `args` are decoded, and
 * `shortMessage` explains it in a sentence (in token units when the context gives the decimals).
 * Never retryable unchanged: the same call reverts again until the state or the input changes.
 */
export class KeelContractError extends BaseError {
  override name = "KeelContractError";
  /** The Solidity error's name, e.g. "InsufficientCollateral", or "Error"/"Panic" for built-ins. */
  readonly errorName: KeelErrorName | "Error" | "Panic";
  /** Decoded arguments in ABI order. */
  readonly args: readonly unknown[];
  /** Decoded arguments by their ABI names. */
  readonly namedArgs: Readonly<Record<string, unknown>>;
  /** The raw revert data. */
  readonly data: Hex;
  readonly abiItem: AbiError;

  /** Builds the error and its sentence from the decoded revert. */
  constructor({ abiItem, args, data, context = {}, cause }: KeelContractErrorParameters) {
    const namedArgs = Object.fromEntries(
      abiItem.inputs.map((input, index) => [input.name || `arg${index}`, args[index]]),
    );
    const errorName = abiItem.name as KeelErrorName | "Error" | "Panic";
    const sentence =
      (keelErrorSentences as Record<string, (a: Record<string, unknown>, c: KeelErrorContext) => string>)[errorName] ??
      (builtinErrorSentences as Record<string, (a: Record<string, unknown>, c: KeelErrorContext) => string>)[errorName];
    const signature = `${errorName}(${abiItem.inputs.map((input, index) => `${input.name || index}: ${String(args[index])}`).join(", ")})`;
    super(sentence ? sentence(namedArgs, context) : `The contract reverted with ${signature}.`, {
      cause,
      metaMessages: [`Error: ${signature}`],
      details: data,
    });
    this.errorName = errorName;
    this.args = args;
    this.namedArgs = namedArgs;
    this.data = data;
    this.abiItem = abiItem;
  }
}

/** A contract call reverted with data no Keel ABI describes, or with no data at all. */
export class UnknownContractError extends BaseError {
  override name = "UnknownContractError";
  /** The raw revert data, "0x" when the revert carried none. */
  readonly data: Hex;

  /** Wraps an undecodable revert. */
  constructor({ data, cause }: { data: Hex; cause?: unknown }) {
    super(
      data === "0x"
        ? "The contract reverted without a reason (possibly out of gas, a call to an address without code, or a failing token)."
        : `The contract reverted with an error Keel does not know (selector ${data.slice(0, 10)}).`,
      { cause, details: data },
    );
    this.data = data;
  }
}

/** A transaction was mined but reverted (the state changed between simulation and inclusion). */
export class TransactionRevertedError extends BaseError {
  override name = "TransactionRevertedError";
  readonly hash: Hex;

  /** Wraps a reverted receipt. */
  constructor({ hash, cause }: { hash: Hex; cause?: unknown }) {
    super(`Transaction ${hash} reverted on chain; the state changed since it was simulated. Check and try again.`, {
      cause,
      retryable: true,
    });
    this.hash = hash;
  }
}
