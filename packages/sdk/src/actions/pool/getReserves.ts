import { type Address, erc20Abi } from "viem";
import { readContract } from "viem/actions";
import type { KeelReadErrorType } from "../../errors/types.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { KinkedRateModel } from "../../math/KinkedRateModel.ts";
import { rateToApy, supplyRate } from "../../math/rates.ts";
import type { ReserveConfig, ReserveState } from "../../types.ts";
import { getBorrowRate } from "./getBorrowRate.ts";
import { getExpectedReserveState } from "./getExpectedReserveState.ts";
import { getPrice } from "./getPrice.ts";
import { getReserveConfig } from "./getReserveConfig.ts";
import { getReserveCount } from "./getReserveCount.ts";

/** One reserve, as a dashboard shows it. Amounts are token units, rates WAD per second. */
export type ReserveInfo = {
  index: bigint;
  config: ReserveConfig;
  /** Totals with interest accrued to now. */
  state: ReserveState;
  symbol: string | undefined;
  decimals: number;
  /** Oracle price (value WAD USD = amount × price / 1e18); undefined when the oracle refuses to price. */
  price: bigint | undefined;
  /** Borrowed / supplied, WAD, rounded down, capped at 1; 0 without supply. */
  utilization: bigint;
  borrowRatePerSecond: bigint;
  /** borrowRate × utilization × (1 − reserve factor), each step rounded down. */
  supplyRatePerSecond: bigint;
  /** For display only: per-second compounding over a 365-day year. */
  borrowApy: number;
  supplyApy: number;
  /** Caps in token units; undefined = uncapped. The supply cap counts supply plus collateral. */
  supplyCap: bigint | undefined;
  borrowCap: bigint | undefined;
  /** Supply not lent out, token units. */
  liquidity: bigint;
  isCollateral: boolean;
  isBorrowable: boolean;
  isFrozen: boolean;
  isPaused: boolean;
};

export type GetReservesParameters = { pool: Address; poolId: bigint };
export type GetReservesReturnType = ReserveInfo[];
export type GetReservesErrorType = KeelReadErrorType;

/** Every reserve of a pool with its config, accrued totals, price, token metadata, rates, APYs and caps. */
export async function getReserves(
  client: KeelReadClient,
  { pool, poolId }: GetReservesParameters,
): Promise<GetReservesReturnType> {
  const count = await getReserveCount(client, { pool, poolId });
  const indexes = Array.from({ length: Number(count) }, (_, index) => BigInt(index));
  return Promise.all(indexes.map((reserve) => readReserve(client, pool, poolId, reserve)));
}

async function readReserve(
  client: KeelReadClient,
  pool: Address,
  poolId: bigint,
  reserve: bigint,
): Promise<ReserveInfo> {
  const [config, state] = await Promise.all([
    getReserveConfig(client, { pool, poolId, reserve }),
    getExpectedReserveState(client, { pool, poolId, reserve }),
  ]);
  const [borrowRatePerSecond, price, symbol] = await Promise.all([
    getBorrowRate(client, { pool, poolId, reserve, config, state }),
    // A refused price is information for the dashboard, not a reason to fail the whole read.
    getPrice(client, { oracle: config.oracle }).catch(() => undefined),
    readContract(client, { address: config.asset, abi: erc20Abi, functionName: "symbol" }).catch(() => undefined),
  ]);
  const utilization = KinkedRateModel.utilization(state.totalSupplyAssets, state.totalBorrowAssets);
  const supplyRatePerSecond = supplyRate(borrowRatePerSecond, utilization, BigInt(config.reserveFactorBps));
  const unit = 10n ** BigInt(config.decimals);
  return {
    index: reserve,
    config,
    state,
    symbol,
    decimals: config.decimals,
    price,
    utilization,
    borrowRatePerSecond,
    supplyRatePerSecond,
    borrowApy: rateToApy(borrowRatePerSecond),
    supplyApy: rateToApy(supplyRatePerSecond),
    supplyCap: config.supplyCap === 0 ? undefined : BigInt(config.supplyCap) * unit,
    borrowCap: config.borrowCap === 0 ? undefined : BigInt(config.borrowCap) * unit,
    liquidity:
      state.totalSupplyAssets > state.totalBorrowAssets ? state.totalSupplyAssets - state.totalBorrowAssets : 0n,
    isCollateral: (config.flags & 1) !== 0,
    isBorrowable: (config.flags & 2) !== 0,
    isFrozen: (config.flags & 4) !== 0,
    isPaused: (config.flags & 8) !== 0,
  };
}
