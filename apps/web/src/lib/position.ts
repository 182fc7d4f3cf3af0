// An account's position in one pool, reserve by reserve, with the SDK's math at the snapshot's block:
// balances with interest, what the lens would allow, and the account's totals in USD.
import {
  type AccountSnapshot,
  accountHealth,
  accountHealthFactor,
  expectedReserveState,
  MathLib,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  type PoolSnapshot,
  PRICE_SCALE,
  SharesMathLib,
} from "@keel/sdk";
import { symbolOf } from "./market.ts";
import { liquidationPrices } from "./plan.ts";

export type PositionRow = {
  index: number;
  symbol: string;
  decimals: number;
  supplied: bigint;
  collateral: bigint;
  debt: bigint;
  maxBorrow?: bigint;
  maxWithdraw?: bigint;
  maxWithdrawCollateral?: bigint;
};

const safe = (read: () => bigint) => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

export function positionRows(pool: PoolSnapshot, account: AccountSnapshot): PositionRow[] {
  return pool.reserves.map((reserve) => {
    const state = expectedReserveState(reserve, pool.timestamp);
    const p = account.positions[reserve.index];
    return {
      index: reserve.index,
      symbol: symbolOf(reserve),
      decimals: reserve.config.decimals,
      supplied: SharesMathLib.toAssetsDown(p.supplyShares, state.totalSupplyAssets, state.totalSupplyShares),
      collateral: p.collateral,
      debt: SharesMathLib.toAssetsUp(p.debtShares, state.totalBorrowAssets, state.totalBorrowShares),
      maxBorrow: safe(() => maxBorrow(pool, account, reserve.index)),
      maxWithdraw: safe(() => maxWithdraw(pool, account, reserve.index)),
      maxWithdrawCollateral: safe(() => maxWithdrawCollateral(pool, account, reserve.index)),
    };
  });
}

export type PositionSummary = {
  collateralValue: bigint;
  suppliedValue: bigint;
  debtValue: bigint;
  netWorth: bigint;
  borrowPower: bigint;
  healthFactor?: bigint;
  liquidation: ReturnType<typeof liquidationPrices>;
};

export function positionSummary(pool: PoolSnapshot, account: AccountSnapshot, rows: PositionRow[]): PositionSummary {
  let suppliedValue = 0n;
  for (const row of rows) {
    const reserve = pool.reserves[row.index];
    const price = reserve.price ?? reserve.lastPrice ?? 0n;
    suppliedValue += MathLib.mulDivDown(row.supplied, price, PRICE_SCALE);
  }
  let health: ReturnType<typeof accountHealth> | undefined;
  let healthFactor: bigint | undefined;
  try {
    health = accountHealth(pool, account);
    healthFactor = accountHealthFactor(pool, account);
  } catch {
    health = undefined; // a debt with no price at all: the pool's own view reverts too
  }
  const collateralValue = health?.collateralValue ?? 0n;
  const debtValue = health?.debtValue ?? 0n;
  return {
    collateralValue,
    suppliedValue,
    debtValue,
    netWorth: collateralValue + suppliedValue - debtValue,
    borrowPower: health?.borrowPower ?? 0n,
    healthFactor,
    liquidation: liquidationPrices(pool, account),
  };
}
