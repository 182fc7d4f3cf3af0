// A reserve as the markets table shows it, computed from a pool snapshot with the SDK's math.
import {
  expectedReserveState,
  FLAG_BORROWABLE,
  FLAG_COLLATERAL,
  FLAG_FROZEN,
  FLAG_PAUSED,
  type PoolSnapshot,
  type ReserveSnapshot,
  reserveRates,
  WAD,
} from "@keel/sdk";

export type ReserveRow = {
  index: number;
  symbol: string;
  decimals: number;
  supplied: bigint;
  borrowed: bigint;
  collateral: bigint;
  liquidity: bigint;
  utilization: bigint;
  supplyApy?: number;
  borrowApy?: number;
  /** USD (WAD) per whole token; undefined when the oracle gives no price. */
  usdPrice?: bigint;
  ltvBps: number;
  thresholdBps: number;
  supplyCap: bigint;
  borrowCap: bigint;
  collateralEnabled: boolean;
  borrowable: boolean;
  frozen: boolean;
  paused: boolean;
};

export const symbolOf = (reserve: ReserveSnapshot) => reserve.symbol ?? `reserve ${reserve.index}`;

/** USD in WAD per whole token at an oracle price (value = amount × price / 1e18). */
export const usdPerToken = (price: bigint, decimals: number) => (price * 10n ** BigInt(decimals)) / WAD;

export function reserveRow(pool: PoolSnapshot, reserve: ReserveSnapshot): ReserveRow {
  const state = expectedReserveState(reserve, pool.timestamp);
  const { config } = reserve;
  let rates: ReturnType<typeof reserveRates> | undefined;
  try {
    rates = reserveRates(reserve, pool.timestamp);
  } catch {
    rates = undefined; // an external rate model with no quote: shown as unavailable
  }
  const price = reserve.price ?? reserve.lastPrice;
  return {
    index: reserve.index,
    symbol: symbolOf(reserve),
    decimals: config.decimals,
    supplied: state.totalSupplyAssets,
    borrowed: state.totalBorrowAssets,
    collateral: state.totalCollateral,
    liquidity:
      state.totalSupplyAssets > state.totalBorrowAssets ? state.totalSupplyAssets - state.totalBorrowAssets : 0n,
    utilization: rates?.utilization ?? 0n,
    supplyApy: rates?.supplyApy,
    borrowApy: rates?.borrowApy,
    usdPrice: price === undefined ? undefined : usdPerToken(price, config.decimals),
    ltvBps: Number(config.ltvBps),
    thresholdBps: Number(config.liquidationThresholdBps),
    supplyCap: BigInt(config.supplyCap),
    borrowCap: BigInt(config.borrowCap),
    collateralEnabled: (config.flags & FLAG_COLLATERAL) !== 0,
    borrowable: (config.flags & FLAG_BORROWABLE) !== 0,
    frozen: (config.flags & FLAG_FROZEN) !== 0,
    paused: (config.flags & FLAG_PAUSED) !== 0,
  };
}
