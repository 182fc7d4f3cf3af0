import type { Address } from "viem";

/**
 * The contracts' structs as viem decodes them (uint8–uint48 become `number`, wider integers `bigint`).
 * Field names equal the Solidity ones in contracts/src/interfaces/PoolTypes.sol.
 */
export type ReserveConfig = {
  asset: Address;
  decimals: number;
  /** Bits: 1 collateral, 2 borrowable, 4 frozen, 8 paused. */
  flags: number;
  eModeCategory: number;
  reserveFactorBps: number;
  liquidationFeeBps: number;
  /** Whole tokens of supply plus collateral, 0 = uncapped. */
  supplyCap: number;
  irm: Address;
  /** Whole tokens, 0 = uncapped. */
  borrowCap: number;
  oracle: Address;
  ltvBps: number;
  liquidationThresholdBps: number;
  maxLiquidationBonusBps: number;
};

export type ReserveState = {
  totalSupplyAssets: bigint;
  totalSupplyShares: bigint;
  totalBorrowAssets: bigint;
  totalBorrowShares: bigint;
  totalCollateral: bigint;
  treasuryCollateral: bigint;
  treasuryShares: bigint;
  lastUpdate: number;
};

export type Position = { supplyShares: bigint; collateral: bigint; debtShares: bigint };

export type EModeCategory = { ltvBps: number; liquidationThresholdBps: number; maxLiquidationBonusBps: number };

export type AccountHealth = {
  collateralValue: bigint;
  borrowPower: bigint;
  liquidationValue: bigint;
  debtValue: bigint;
};

/** Which rate model a reserve uses, with its parameters as its contract stores them. */
export type RateModelParams =
  | { kind: "kinked"; address: Address; params: Record<string, bigint> }
  | { kind: "adaptive"; address: Address; params: Record<string, bigint> };

/** One reserve as the math needs it: its config, its stored totals and its oracle price. */
export type ReserveSnapshot = {
  index: number;
  config: ReserveConfig;
  state: ReserveState;
  /** IPriceOracle price: USD × 10^(36 − decimals) per whole-unit-of-account. */
  price: bigint;
  rateModel: RateModelParams;
  symbol?: string;
};

/** A pool at one moment, enough for every math function and the simulation without RPC calls. */
export type PoolSnapshot = {
  poolId: bigint;
  /** Block timestamp the snapshot was read at; accrual runs from `state.lastUpdate` to this. */
  timestamp: bigint;
  reserves: ReserveSnapshot[];
  /** E-mode categories by id (1..255) that the pool's reserves use. */
  eModes: Record<number, EModeCategory>;
};

/** One account in one pool: its position in every reserve, by reserve index. */
export type AccountSnapshot = {
  account: Address;
  positions: Position[];
};
