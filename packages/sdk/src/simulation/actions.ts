import type { Address } from "viem";
import type { BadDebtWriteOff, CollapsedReserveFreeze } from "../math/badDebt.ts";
import type { LiquidationAmounts } from "../math/liquidation.ts";

/** An amount given in assets (token units) or in shares, as the pool's functions take it. */
export type AssetsOrShares = { assets: bigint; shares?: undefined } | { shares: bigint; assets?: undefined };

/** Lend `amount` to the reserve (KeelPool.supply). */
export type SupplyAction = { type: "supply"; reserve: number; amount: AssetsOrShares };
/**
 * Take lending supply back (KeelPool.withdraw). "max" withdraws every supply share when the reserve's
 * idle liquidity covers them, else the idle liquidity by assets (KeelLens.maxWithdraw).
 */
export type WithdrawAction = { type: "withdraw"; reserve: number; amount: AssetsOrShares | "max" };
/**
 * Post collateral (KeelPool.supplyCollateral), in token units. By default the account posts it; with
 * `sender`, someone else posts it for the account: allowed when the account already holds collateral
 * in the reserve (a top-up) or has authorized `sender` as its operator (`senderAuthorized`), else the
 * pool refuses with Unauthorized(sender, account).
 */
export type SupplyCollateralAction = {
  type: "supplyCollateral";
  reserve: number;
  assets: bigint;
  sender?: Address;
  senderAuthorized?: boolean;
};
/** Take collateral back (KeelPool.withdrawCollateral); "max" is KeelLens.maxWithdrawCollateral. */
export type WithdrawCollateralAction = { type: "withdrawCollateral"; reserve: number; assets: bigint | "max" };
/** Borrow (KeelPool.borrow); "max" borrows KeelLens.maxBorrow by assets. */
export type BorrowAction = { type: "borrow"; reserve: number; amount: AssetsOrShares | "max" };
/** Repay (KeelPool.repay); "all" repays every debt share, so the debt ends at exactly zero. */
export type RepayAction = { type: "repay"; reserve: number; amount: AssetsOrShares | "all" };
/** Someone liquidates the simulated account (KeelPool.liquidate), repaying at most `maxRepayAssets`. */
export type LiquidateAction = {
  type: "liquidate";
  collateralReserve: number;
  debtReserve: number;
  maxRepayAssets: bigint;
};
/** What if the reserve's oracle said `price` (oracle scale)? Changes no other reserve's price. */
export type SetPriceAction = { type: "setPrice"; reserve: number; price: bigint };
/** Let time pass: later actions and the results happen `seconds` later, with interest accrued. */
export type WaitAction = { type: "wait"; seconds: bigint };
/** Accrue a reserve's interest (KeelPool.accrueInterest). */
export type AccrueInterestAction = { type: "accrueInterest"; reserve: number };

/** One step of a simulation. */
export type Action =
  | SupplyAction
  | WithdrawAction
  | SupplyCollateralAction
  | WithdrawCollateralAction
  | BorrowAction
  | RepayAction
  | LiquidateAction
  | SetPriceAction
  | WaitAction
  | AccrueInterestAction;

/** What one action moved, as the pool's return values and events report it. */
export type ActionResult =
  | { type: "supply" | "withdraw" | "borrow" | "repay"; reserve: number; assets: bigint; shares: bigint }
  | { type: "supplyCollateral" | "withdrawCollateral"; reserve: number; assets: bigint }
  | ({
      type: "liquidate";
      collateralReserve: number;
      debtReserve: number;
      badDebt: BadDebtWriteOff[];
      /** Reserves the write-off left collapsed, which the pool froze for good (FreezeCollapsedReserve). */
      frozenReserves: CollapsedReserveFreeze[];
    } & LiquidationAmounts)
  | { type: "accrueInterest"; reserve: number; interest: bigint; feeShares: bigint }
  | { type: "setPrice" | "wait" };
