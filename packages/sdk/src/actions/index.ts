export { type ApproveErrorType, type ApproveParameters, type ApproveReturnType, approve } from "./approve.ts";
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
export {
  type CloseVaultErrorType,
  type CloseVaultParameters,
  type CloseVaultReturnType,
  closeVault,
} from "./closeVault.ts";
export {
  type DepositVaultCollateralErrorType,
  type DepositVaultCollateralParameters,
  type DepositVaultCollateralReturnType,
  depositVaultCollateral,
} from "./depositVaultCollateral.ts";
export {
  type EnsureAllowanceErrorType,
  type EnsureAllowanceParameters,
  type EnsureAllowanceReturnType,
  ensureAllowance,
} from "./ensureAllowance.ts";
export { type FlashLoanErrorType, type FlashLoanParameters, type FlashLoanReturnType, flashLoan } from "./flashLoan.ts";
export {
  type GetAccountHealthErrorType,
  type GetAccountHealthParameters,
  type GetAccountHealthReturnType,
  getAccountHealth,
} from "./getAccountHealth.ts";
export {
  type GetAllowanceErrorType,
  type GetAllowanceParameters,
  type GetAllowanceReturnType,
  getAllowance,
} from "./getAllowance.ts";
export {
  type AuctionInfo,
  type GetAuctionErrorType,
  type GetAuctionParameters,
  type GetAuctionReturnType,
  getAuction,
} from "./getAuction.ts";
export {
  type GetAuctionsErrorType,
  type GetAuctionsParameters,
  type GetAuctionsReturnType,
  getAuctions,
} from "./getAuctions.ts";
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
  type CollateralTypeInfo,
  type GetCollateralTypeErrorType,
  type GetCollateralTypeParameters,
  type GetCollateralTypeReturnType,
  getCollateralType,
} from "./getCollateralType.ts";
export {
  type GetCollateralTypesErrorType,
  type GetCollateralTypesParameters,
  type GetCollateralTypesReturnType,
  getCollateralTypes,
} from "./getCollateralTypes.ts";
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
  type GetIsVaultOperatorErrorType,
  type GetIsVaultOperatorParameters,
  type GetIsVaultOperatorReturnType,
  getIsVaultOperator,
} from "./getIsVaultOperator.ts";
export { type GetNonceErrorType, type GetNonceParameters, type GetNonceReturnType, getNonce } from "./getNonce.ts";
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
  type GetPsmErrorType,
  type GetPsmParameters,
  type GetPsmReturnType,
  getPsm,
  type PsmInfo,
} from "./getPsm.ts";
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
  type GetTokenBalanceErrorType,
  type GetTokenBalanceParameters,
  type GetTokenBalanceReturnType,
  getTokenBalance,
} from "./getTokenBalance.ts";
export {
  type GetVaultErrorType,
  type GetVaultParameters,
  type GetVaultReturnType,
  getVault,
  type VaultInfo,
} from "./getVault.ts";
export {
  type GetVaultsErrorType,
  type GetVaultsParameters,
  type GetVaultsReturnType,
  getVaults,
} from "./getVaults.ts";
export {
  type InvalidateNoncesErrorType,
  type InvalidateNoncesParameters,
  type InvalidateNoncesReturnType,
  invalidateNonces,
} from "./invalidateNonces.ts";
export { type LiquidateErrorType, type LiquidateParameters, type LiquidateReturnType, liquidate } from "./liquidate.ts";
export {
  type MintKusdErrorType,
  type MintKusdParameters,
  type MintKusdReturnType,
  mintKusd,
} from "./mintKusd.ts";
export {
  type OpenVaultErrorType,
  type OpenVaultParameters,
  type OpenVaultReturnType,
  openVault,
} from "./openVault.ts";
export { type PermitErrorType, type PermitParameters, type PermitReturnType, permit } from "./permit.ts";
export {
  type PsmBuyGemErrorType,
  type PsmBuyGemParameters,
  type PsmBuyGemReturnType,
  psmBuyGem,
} from "./psmBuyGem.ts";
export {
  type PsmSellGemErrorType,
  type PsmSellGemParameters,
  type PsmSellGemReturnType,
  psmSellGem,
} from "./psmSellGem.ts";
export { type RepayErrorType, type RepayParameters, type RepayReturnType, repay } from "./repay.ts";
export { type RepayAllErrorType, type RepayAllParameters, type RepayAllReturnType, repayAll } from "./repayAll.ts";
export {
  type RepayKusdErrorType,
  type RepayKusdParameters,
  type RepayKusdReturnType,
  repayKusd,
} from "./repayKusd.ts";
export {
  type ResetAuctionErrorType,
  type ResetAuctionParameters,
  type ResetAuctionReturnType,
  resetAuction,
} from "./resetAuction.ts";
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
export {
  type SettleVaultErrorType,
  type SettleVaultParameters,
  type SettleVaultReturnType,
  settleVault,
} from "./settleVault.ts";
export {
  type SetVaultOperatorErrorType,
  type SetVaultOperatorParameters,
  type SetVaultOperatorReturnType,
  setVaultOperator,
} from "./setVaultOperator.ts";
export {
  type SetVaultOperatorWithSigErrorType,
  type SetVaultOperatorWithSigParameters,
  type SetVaultOperatorWithSigReturnType,
  setVaultOperatorWithSig,
} from "./setVaultOperatorWithSig.ts";
export {
  type StartAuctionErrorType,
  type StartAuctionParameters,
  type StartAuctionReturnType,
  startAuction,
} from "./startAuction.ts";
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
export {
  type TakeAuctionErrorType,
  type TakeAuctionParameters,
  type TakeAuctionReturnType,
  takeAuction,
} from "./takeAuction.ts";
export {
  type TakeAuctionWithTakerErrorType,
  type TakeAuctionWithTakerParameters,
  type TakeAuctionWithTakerReturnType,
  takeAuctionWithTaker,
} from "./takeAuctionWithTaker.ts";
export {
  type TransferVaultErrorType,
  type TransferVaultParameters,
  type TransferVaultReturnType,
  transferVault,
} from "./transferVault.ts";
export type { KeelReadClient, KeelWalletClient, ReserveParameters, WriteParameters, WriteReturnType } from "./types.ts";
export { type WithdrawErrorType, type WithdrawParameters, type WithdrawReturnType, withdraw } from "./withdraw.ts";
export {
  type WithdrawCollateralErrorType,
  type WithdrawCollateralParameters,
  type WithdrawCollateralReturnType,
  withdrawCollateral,
} from "./withdrawCollateral.ts";
export {
  type WithdrawVaultCollateralErrorType,
  type WithdrawVaultCollateralParameters,
  type WithdrawVaultCollateralReturnType,
  withdrawVaultCollateral,
} from "./withdrawVaultCollateral.ts";
