import {
  type AccountSnapshot,
  accountHealth,
  accountHealthFactor,
  FLAG_BORROWABLE,
  liquidationPrice,
  maxBorrow,
  SharesMathLib,
} from "@keel/sdk";
import { accruedState, type NamedPool } from "./market.ts";

/** One reserve line of an account's position, in token units. */
export type ReserveLine = {
  index: number;
  symbol: string;
  decimals: number;
  /** Lending supply, shares converted down (what a withdrawal of all shares pays). */
  supplied: bigint;
  collateral: bigint;
  /** Debt, shares converted up (what repaying all shares costs). */
  debt: bigint;
  /** Price (oracle scale) at which health reaches 1 through this collateral alone; 0 = none. */
  liquidationPrice: bigint;
  /** Most the account could borrow of this reserve now. */
  maxBorrow: bigint;
};

/** An account's position in a pool, computed from snapshots with the SDK's math (the contracts' rules). */
export type PositionSummary = {
  healthFactor: bigint;
  collateralValue: bigint;
  borrowPower: bigint;
  liquidationValue: bigint;
  debtValue: bigint;
  reserves: ReserveLine[];
};

/** Summarises an account in a pool; reserves where it holds nothing and cannot borrow are left out. */
export function summarise(pool: NamedPool, account: AccountSnapshot): PositionSummary {
  const health = accountHealth(pool, account);
  const reserves = pool.reserves.map((reserve, index) => {
    const state = accruedState(pool, reserve);
    const position = account.positions[index];
    const borrowable = (reserve.config.flags & FLAG_BORROWABLE) !== 0;
    return {
      index,
      symbol: reserve.symbol,
      decimals: reserve.config.decimals,
      supplied: SharesMathLib.toAssetsDown(position.supplyShares, state.totalSupplyAssets, state.totalSupplyShares),
      collateral: position.collateral,
      debt: SharesMathLib.toAssetsUp(position.debtShares, state.totalBorrowAssets, state.totalBorrowShares),
      liquidationPrice: liquidationPrice(pool, account, index),
      maxBorrow: borrowable ? maxBorrow(pool, account, index) : 0n,
    };
  });
  return { healthFactor: accountHealthFactor(pool, account), ...health, reserves };
}

/** Whether the account has anything in the pool. */
export function isEmpty(account: AccountSnapshot): boolean {
  return account.positions.every((p) => p.supplyShares === 0n && p.collateral === 0n && p.debtShares === 0n);
}
