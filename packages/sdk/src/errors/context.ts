import type { Abi } from "viem";
import type { TokenDisplay } from "../format/index.ts";
import type { AccountHealth } from "../types.ts";

/**
 * What the caller knows about the failed operation, so the sentence can speak in the user's terms.
 * Every field is optional: without them the sentence still names the cause, in raw units.
 */
export type KeelErrorContext = {
  /** The operation that failed, e.g. "borrow" or "withdrawCollateral". */
  operation?: string;
  /** Decimals and symbol of the token the operation moves (for `liquidate`, the debt token). */
  token?: TokenDisplay;
  /** The collateral token of the vault or auction a kUSD-engine operation touches (auction prices per whole token). */
  collateral?: TokenDisplay;
  /** The reserve's oracle price (value in WAD USD = assets × price / 1e18). */
  price?: bigint;
  /** The account's health before the operation. */
  health?: AccountHealth;
  /** LTV of the collateral reserve, for withdrawCollateral (e-mode may raise it). */
  ltvBps?: number;
  /**
   * Token symbols of the pool's reserves by index, so that an error naming another reserve than the
   * operation's (UnpricedCollateral) speaks of its asset.
   */
  reserveSymbols?: readonly (string | undefined)[];
  /**
   * The ABI of the contract that was called. Its errors are decoded first, so that an error two
   * contracts declare with one signature (such as InvalidNonce) is read with the called
   * contract's argument names. The actions set it.
   */
  abi?: Abi;
};
