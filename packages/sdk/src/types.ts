import type { Address, ContractFunctionName, ContractFunctionReturnType } from "viem";
import type { cdpEngineAbi } from "./abis/CdpEngine.ts";
import type { keelPoolAbi } from "./abis/KeelPool.ts";

// The contracts' structs are derived from the generated ABIs, so a field renamed or retyped in Solidity
// fails the type-check of every use instead of drifting silently.
type PoolView<name extends ContractFunctionName<typeof keelPoolAbi, "view">> = ContractFunctionReturnType<
  typeof keelPoolAbi,
  "view",
  name
>;
type EngineView<name extends ContractFunctionName<typeof cdpEngineAbi, "view">> = ContractFunctionReturnType<
  typeof cdpEngineAbi,
  "view",
  name
>;

/**
 * The contracts' structs as viem decodes them (uint8–uint48 become `number`, wider integers `bigint`).
 * Field names equal the Solidity ones in contracts/src/interfaces/PoolTypes.sol.
 *
 * - `flags`: Bits: 1 collateral, 2 borrowable, 4 frozen, 8 paused.
 * - `supplyCap`: Whole tokens of supply plus collateral, 0 = uncapped.
 * - `borrowCap`: Whole tokens, 0 = uncapped.
 */
export type ReserveConfig = PoolView<"reserveConfig">;

/**
 * A reserve's accounting totals as stored (`reserveState`) or as they would be after an accrual (`expectedReserveState`).
 *
 * - `totalSupplyShares`: Includes `treasuryShares`.
 * - `totalCollateral`: Includes `treasuryCollateral`.
 * - `lastUpdate`: Timestamp of the last accrual, in seconds.
 * - `interestRemainder`: Interest below one token unit left over by the last accrual, in WAD of a unit (< 1e18), carried into the next one so that no interest is lost however often the reserve accrues.
 */
export type ReserveState = PoolView<"reserveState">;

/** One account's balances in one reserve. */
export type Position = PoolView<"position">;

/** Higher limits for correlated assets, in BPS. */
export type EModeCategory = PoolView<"eMode">;

/**
 * An account's value summary in a pool, in WAD of the oracles' quote currency (USD).
 *
 * - `collateralValue`: Σ collateral value, each rounded down.
 * - `borrowPower`: Σ collateral value × LTV, each rounded down.
 * - `liquidationValue`: Σ collateral value × liquidation threshold, each rounded down.
 * - `debtValue`: Σ debt value, each rounded up.
 */
export type AccountHealth = PoolView<"accountHealth">;

/** KinkedRateModel's immutables as the contract stores them: per-second rates and the kink, all WAD. */
export type KinkedRateModelParams = {
  baseRate: bigint;
  slope1: bigint;
  slope2: bigint;
  optimalUtilization: bigint;
};

/** AdaptiveRateModel's immutables as the contract stores them: per-second rates and speed, all WAD. */
export type AdaptiveRateModelParams = {
  targetUtilization: bigint;
  steepness: bigint;
  adjustmentSpeed: bigint;
  initialRateAtTarget: bigint;
  minRateAtTarget: bigint;
  maxRateAtTarget: bigint;
};

/** AdaptiveRateModel's stored state for one (pool contract, pool id, reserve): `curves(key)`. */
export type AdaptiveCurve = {
  /** Per-second rate at the target utilization, WAD. */
  rateAtTarget: bigint;
  /** Timestamp of the last `borrowRate` call; 0 before the first one. */
  lastUpdate: number;
};

/**
 * Which rate model a reserve uses, with everything needed to compute its rate offline:
 * - `kinked`: a KinkedRateModel and its parameters (stateless);
 * - `adaptive`: an AdaptiveRateModel, its parameters, and this reserve's curve state;
 * - `external`: any other IRateModel; only the rate it quoted at the snapshot is known, which is
 *   enough for an accrual at the snapshot's timestamp and totals and nothing else.
 */
export type RateModelParams =
  | { kind: "kinked"; address: Address; params: KinkedRateModelParams }
  | { kind: "adaptive"; address: Address; params: AdaptiveRateModelParams; curve: AdaptiveCurve }
  | {
      kind: "external";
      address: Address;
      /** `borrowRateView` at the snapshot, for the totals below; absent when that call reverted. */
      quote?: { ratePerSecond: bigint; timestamp: bigint; totalSupplyAssets: bigint; totalBorrowAssets: bigint };
    };

/** A decoded custom error of a price oracle (its name and arguments, as a decoder of revert data gives them). */
export type OracleRevert = { errorName: string; args: readonly unknown[] };

/** One reserve as the math needs it: its config, its stored totals, its oracle price and its rate model. */
export type ReserveSnapshot = {
  index: number;
  config: ReserveConfig;
  state: ReserveState;
  /**
   * IPriceOracle price: value (WAD USD) = amount (token units) × price / 1e18, i.e. USD × 10^(36 − decimals)
   * per whole token. Absent when the adapter reverted; whatever needs it then throws PriceUnavailableError.
   */
  price?: bigint;
  /** Why the adapter reverted, when `price` is absent. */
  priceError?: string;
  /** The adapter's custom error when `price` is absent and its revert could be decoded. */
  priceRevert?: OracleRevert;
  /**
   * IPriceOracle lastPrice: the latest answer without the freshness checks (same scale as `price`).
   * The pool values an account with it while `price` fails, but never lends against it. Absent when
   * that call reverted too (the answer is not a price) or was not read.
   */
  lastPrice?: bigint;
  /** Why `lastPrice` reverted, when it is absent. */
  lastPriceError?: string;
  /** The adapter's custom error when `lastPrice` is absent and its revert could be decoded. */
  lastPriceRevert?: OracleRevert;
  rateModel: RateModelParams;
  symbol?: string;
};

/** A pool at one moment, enough for every math function and the simulation without RPC calls. */
export type PoolSnapshot = {
  /** The KeelPool contract. */
  pool: Address;
  poolId: bigint;
  /** Block the snapshot was read at. */
  blockNumber: bigint;
  /** "Now" for the math: block timestamp of the snapshot; views accrue from `state.lastUpdate` to this. */
  timestamp: bigint;
  /** Reserves in index order. */
  reserves: ReserveSnapshot[];
  /** E-mode categories by id (1..255) that the pool's reserves use. */
  eModes: Record<number, EModeCategory>;
};

/**
 * One account in one pool: its position in every reserve, by reserve index. The contract's
 * collateral and debt masks are derived from it (a bit is set exactly when the balance is non-zero).
 */
export type AccountSnapshot = {
  account: Address;
  positions: Position[];
};

// ----- kUSD engine (contracts/src/interfaces/CdpTypes.sol) -----

/**
 * One collateral type as `CdpEngine.collateralType` returns it: stored state (rate accumulator in RAY,
 * last accrual, fee excess over RAY per second, flags) and parameters. kUSD amounts in wei; BPS fields
 * out of 1e4; prices at the oracle's PRICE_SCALE (value in kUSD wei = amount × price / 1e18).
 *
 * - `lastAccrual`: Unix seconds.
 * - `feeExcess`: stabilityFee − RAY.
 * - `flags`: Bits: 1 mint paused, 2 shut down.
 * - `inAuction`: Tabs (kUSD) of this type's running auctions.
 * - `auctionHalfLife`: Seconds.
 * - `auctionMaxDuration`: Seconds.
 */
export type CdpCollateralType = EngineView<"collateralType">;

/**
 * A vault as `CdpEngine.vault` returns it; an unopened id has the zero owner.
 *
 * - `collateral`: Collateral token units.
 * - `normalizedDebt`: Debt divided by the type's rate accumulator; debt = normalizedDebt × rate / RAY, rounded up.
 */
export type CdpVault = EngineView<"vault">;

/**
 * A vault's Dutch auction as `CdpEngine.auction` returns it; `tab` 0 means none is running.
 *
 * - `collateral`: Collateral token units left to sell.
 * - `tab`: kUSD still to raise (debt + penalty).
 * - `debt`: The part of the tab recovered first: the principal and the keeper rewards advanced (≤ tab).
 * - `topPrice`: Price the curve started from (oracle × start buffer).
 * - `startedAt`: Unix seconds.
 */
export type CdpAuction = EngineView<"auction">;
