export {
  type ApproveDelegationErrorType,
  type ApproveDelegationParameters,
  type ApproveDelegationReturnType,
  approveDelegation,
} from "./approveDelegation.ts";
export {
  type ApproveDelegationWithSigErrorType,
  type ApproveDelegationWithSigParameters,
  type ApproveDelegationWithSigReturnType,
  approveDelegationWithSig,
} from "./approveDelegationWithSig.ts";
export { type BorrowErrorType, type BorrowParameters, type BorrowReturnType, borrow } from "./borrow.ts";
export { type FlashLoanErrorType, type FlashLoanParameters, type FlashLoanReturnType, flashLoan } from "./flashLoan.ts";
export {
  type GetAccountHealthErrorType,
  type GetAccountHealthParameters,
  type GetAccountHealthReturnType,
  getAccountHealth,
} from "./getAccountHealth.ts";
export {
  type GetBorrowAllowanceErrorType,
  type GetBorrowAllowanceParameters,
  type GetBorrowAllowanceReturnType,
  getBorrowAllowance,
} from "./getBorrowAllowance.ts";
export {
  type GetBorrowRateErrorType,
  type GetBorrowRateParameters,
  type GetBorrowRateReturnType,
  getBorrowRate,
} from "./getBorrowRate.ts";
export {
  type GetExpectedReserveStateErrorType,
  type GetExpectedReserveStateParameters,
  type GetExpectedReserveStateReturnType,
  getExpectedReserveState,
} from "./getExpectedReserveState.ts";
export {
  type GetHealthFactorErrorType,
  type GetHealthFactorParameters,
  type GetHealthFactorReturnType,
  getHealthFactor,
} from "./getHealthFactor.ts";
export {
  type GetIsAuthorizedErrorType,
  type GetIsAuthorizedParameters,
  type GetIsAuthorizedReturnType,
  getIsAuthorized,
} from "./getIsAuthorized.ts";
export {
  type GetPoolCountErrorType,
  type GetPoolCountParameters,
  type GetPoolCountReturnType,
  getPoolCount,
} from "./getPoolCount.ts";
export {
  type GetPositionErrorType,
  type GetPositionParameters,
  type GetPositionReturnType,
  getPosition,
} from "./getPosition.ts";
export { type GetPriceErrorType, type GetPriceParameters, type GetPriceReturnType, getPrice } from "./getPrice.ts";
export {
  type GetReserveConfigErrorType,
  type GetReserveConfigParameters,
  type GetReserveConfigReturnType,
  getReserveConfig,
} from "./getReserveConfig.ts";
export {
  type GetReserveCountErrorType,
  type GetReserveCountParameters,
  type GetReserveCountReturnType,
  getReserveCount,
} from "./getReserveCount.ts";
export {
  type GetReserveStateErrorType,
  type GetReserveStateParameters,
  type GetReserveStateReturnType,
  getReserveState,
} from "./getReserveState.ts";
export {
  type GetReservesErrorType,
  type GetReservesParameters,
  type GetReservesReturnType,
  getReserves,
  type ReserveInfo,
} from "./getReserves.ts";
export {
  type InvalidateNoncesErrorType,
  type InvalidateNoncesParameters,
  type InvalidateNoncesReturnType,
  invalidateNonces,
} from "./invalidateNonces.ts";
export { type LiquidateErrorType, type LiquidateParameters, type LiquidateReturnType, liquidate } from "./liquidate.ts";
export { type RepayErrorType, type RepayParameters, type RepayReturnType, repay } from "./repay.ts";
export { type RepayAllErrorType, type RepayAllParameters, type RepayAllReturnType, repayAll } from "./repayAll.ts";
export {
  type SetAuthorizationErrorType,
  type SetAuthorizationParameters,
  type SetAuthorizationReturnType,
  setAuthorization,
} from "./setAuthorization.ts";
export {
  type SetAuthorizationWithSigErrorType,
  type SetAuthorizationWithSigParameters,
  type SetAuthorizationWithSigReturnType,
  setAuthorizationWithSig,
} from "./setAuthorizationWithSig.ts";
export { type SupplyErrorType, type SupplyParameters, type SupplyReturnType, supply } from "./supply.ts";
export {
  type SupplyCollateralErrorType,
  type SupplyCollateralParameters,
  type SupplyCollateralReturnType,
  supplyCollateral,
} from "./supplyCollateral.ts";
export {
  type SupplyWithPermitErrorType,
  type SupplyWithPermitParameters,
  type SupplyWithPermitReturnType,
  supplyWithPermit,
} from "./supplyWithPermit.ts";
export { type WithdrawErrorType, type WithdrawParameters, type WithdrawReturnType, withdraw } from "./withdraw.ts";
export {
  type WithdrawCollateralErrorType,
  type WithdrawCollateralParameters,
  type WithdrawCollateralReturnType,
  withdrawCollateral,
} from "./withdrawCollateral.ts";
