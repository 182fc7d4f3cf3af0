// The contracts' math in bigint, to the wei: no I/O, no framework. Names follow the Solidity sources.

export { type AdaptiveRate, AdaptiveRateModel } from "./AdaptiveRateModel.ts";
export { type Accrual, accrueInterest, expectedReserveState } from "./accrual.ts";
export {
  type BadDebtWriteOff,
  COLLAPSED_SHARES_PER_UNIT,
  type CollapsedReserveFreeze,
  isCollapsed,
  realizeBadDebt,
} from "./badDebt.ts";
export * from "./cdp/index.ts";
export * from "./constants.ts";
export { removeDebt, repayAssets, repayDebt } from "./debt.ts";
export { ExpLib } from "./ExpLib.ts";
export * from "./errors.ts";
export {
  type AccountHealthOptions,
  type AccountValuation,
  accountCategory,
  accountHealth,
  accountHealthFactor,
  type CollateralParams,
  collateralParams,
  healthFactor,
  isOpenCollateral,
  type Valuation,
  valueAccount,
} from "./health.ts";
export { type Accrued, InterestLib } from "./InterestLib.ts";
export { KinkedRateModel } from "./KinkedRateModel.ts";
export { type Incentive, LiquidationLib, type MaxRepay } from "./LiquidationLib.ts";
export { liquidationPrice, maxBorrow, maxWithdraw, maxWithdrawCollateral } from "./lens.ts";
export { type LiquidationAmounts, liquidationAmounts } from "./liquidation.ts";
export { MathLib, type Rounding } from "./MathLib.ts";
export { accountMasks, maskIndexes } from "./masks.ts";
export {
  type CollateralPrice,
  collateralPrice,
  debtPrice,
  isPriceLive,
  requireLastPrice,
  requirePrice,
} from "./price.ts";
export { borrowRate, type QuotedRate, quoteBorrowRate } from "./rateModel.ts";
export { type ReserveRates, rateToApy, reserveRates, supplyRate } from "./rates.ts";
export { SharesMathLib } from "./SharesMathLib.ts";
export { swapDeviationBps } from "./swapCheck.ts";
