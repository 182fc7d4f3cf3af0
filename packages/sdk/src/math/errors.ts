import type { OracleRevert } from "../types.ts";

/**
 * Errors of the math core. Each one stands for a revert of the contracts, so that a caller can tell
 * in advance that a transaction would fail, and why.
 */

/**
 * Base of every error the math core throws. The math imports nothing outside itself, so this is a plain
 * `Error` with the same `shortMessage` and `details` as the SDK's BaseError; `errors/` turns a predicted
 * revert into the sentence a person reads (`explainCdpRevert`, and the simulation's `SimulationError`).
 */
export class MathError extends Error {
  override name = "MathError";
  /** One sentence saying what the contracts would refuse. */
  readonly shortMessage: string;
  /** Technical detail, such as the custom error the contracts would revert with. */
  readonly details: string;

  constructor(shortMessage: string, options: { cause?: unknown; details?: string } = {}) {
    const details = options.details ?? "";
    super(
      details
        ? `${shortMessage}

Details: ${details}`
        : shortMessage,
      { cause: options.cause },
    );
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** Solidity panic codes the math can raise. */
export const PANIC_CODES = { arithmeticOverflow: 0x11n, divisionByZero: 0x12n } as const;

/** Where the contracts would stop with `Panic(code)`: checked arithmetic over- or underflowed, or a division by zero. */
export class MathPanicError extends MathError {
  override name = "MathPanicError";
  /** The Solidity panic code, 0x11 (overflow or underflow) or 0x12 (division by zero). */
  readonly code: bigint;

  constructor(code: bigint, operation: string) {
    super(
      code === PANIC_CODES.divisionByZero
        ? `Division by zero in ${operation}.`
        : `Arithmetic overflow or underflow in ${operation}.`,
    );
    this.code = code;
  }
}

/**
 * Where OpenZeppelin's SafeCast would revert: `SafeCastOverflowedUintDowncast(bits, value)` for a
 * narrowing cast (bits = 128 here), `SafeCastOverflowedUintToInt(value)` for uint256 → int256.
 */
export class MathSafeCastError extends MathError {
  override name = "MathSafeCastError";
  readonly errorName: "SafeCastOverflowedUintDowncast" | "SafeCastOverflowedUintToInt";
  /** The error's arguments in the contract's order: [bits, value] or [value]. */
  readonly args: readonly (number | bigint)[];

  constructor(value: bigint, bits?: number) {
    super(bits === undefined ? `${value} does not fit in int256.` : `${value} does not fit in uint${bits}.`);
    this.errorName = bits === undefined ? "SafeCastOverflowedUintToInt" : "SafeCastOverflowedUintDowncast";
    this.args = bits === undefined ? [value] : [bits, value];
  }
}

/** The custom errors of IKeelPoolErrors that the math and the simulation predict. */
export type PoolErrorName =
  | "InconsistentInput"
  | "ZeroAmount"
  | "UnknownReserve"
  | "ReserveFrozen"
  | "ReservePaused"
  | "NotCollateral"
  | "NotBorrowable"
  | "SupplyCapExceeded"
  | "BorrowCapExceeded"
  | "InsufficientLiquidity"
  | "InsufficientBalance"
  | "RepayExceedsDebt"
  | "InsufficientCollateral"
  | "UnpricedCollateral"
  | "Unauthorized"
  | "CollapsedReserve"
  | "HealthyPosition"
  | "NothingToLiquidate"
  | "LiquidationMustClose";

/**
 * Where KeelPool would revert with a custom error. `errorName` and `args` are exactly what a decoder
 * of the pool's revert data returns (viem's `ContractFunctionRevertedError.data`), in the same order.
 */
export class PoolRevertError extends MathError {
  override name = "PoolRevertError";
  readonly errorName: PoolErrorName;
  /** Integers as bigint; addresses (Unauthorized's caller and account) as checksummed strings. */
  readonly args: readonly (bigint | `0x${string}`)[];

  constructor(errorName: PoolErrorName, args: readonly (bigint | `0x${string}`)[] = []) {
    super(`The pool would revert with ${errorName}(${args.join(", ")}).`);
    this.errorName = errorName;
    this.args = args;
  }
}

/** Which oracle function a price came from: `price` (checked, live) or `lastPrice` (the latest answer, unchecked). */
export type PriceSource = "price" | "lastPrice";

/**
 * The reserve's oracle has no price (its adapter reverts), so whatever needs that price would revert
 * too, with the adapter's own error (`revert`, when the snapshot decoded it).
 */
export class PriceUnavailableError extends MathError {
  override name = "PriceUnavailableError";
  readonly reserve: number;
  /** The oracle function that reverted. */
  readonly source: PriceSource;
  /** The adapter's custom error, which the pool lets through unchanged. */
  readonly revert: OracleRevert | undefined;

  constructor(reserve: number, reason?: string, options: { source?: PriceSource; revert?: OracleRevert } = {}) {
    const what = options.source === "lastPrice" ? "no last reported price" : "no price";
    super(`Reserve ${reserve} has ${what}${reason ? `: ${reason}` : ""}.`);
    this.reserve = reserve;
    this.source = options.source ?? "price";
    this.revert = options.revert;
  }
}

/** The reserve's rate model is not one the SDK knows, so its interest cannot be computed offline at this moment. */
export class UnsupportedRateModelError extends MathError {
  override name = "UnsupportedRateModelError";
  readonly reserve: number;

  constructor(reserve: number, address: string) {
    super(
      `Reserve ${reserve} uses a rate model the SDK cannot compute (${address}); only its rate at the snapshot is known.`,
    );
    this.reserve = reserve;
  }
}
