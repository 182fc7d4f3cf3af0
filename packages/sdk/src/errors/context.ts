import type { Abi } from "viem";
import type { AccountHealth } from "../types.ts";
import type { TokenDisplay } from "./format.ts";

/**
 * What the caller knows about the failed operation, so the sentence can speak in the user's terms.
 * Every field is optional: without them the sentence still names the cause, in raw units.
 */
export type KeelErrorContext = {
  /** The operation that failed, e.g. "borrow" or "withdrawCollateral". */
  operation?: string;
  /** Decimals and symbol of the token the operation moves (for `liquidate`, the debt token). */
  token?: TokenDisplay;
  /** The reserve's oracle price (value in WAD USD = assets × price / 1e18). */
  price?: bigint;
  /** The account's health before the operation. */
  health?: AccountHealth;
  /** LTV of the collateral reserve, for withdrawCollateral (e-mode may raise it). */
  ltvBps?: number;
  /**
   * The ABI of the contract that was called. Its errors are decoded first, which matters where two
   * Keel contracts declare errors with one signature but different arguments: the pool's
   * InsufficientCollateral(debtValue, borrowPower) and the kUSD engine's (available, requested).
   * The actions set it; without it, the pool's reading wins.
   */
  abi?: Abi;
};
