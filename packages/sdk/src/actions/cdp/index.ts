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
  type GetIsVaultOperatorErrorType,
  type GetIsVaultOperatorParameters,
  type GetIsVaultOperatorReturnType,
  getIsVaultOperator,
} from "./getIsVaultOperator.ts";
export {
  type GetPsmErrorType,
  type GetPsmParameters,
  type GetPsmReturnType,
  getPsm,
  type PsmInfo,
} from "./getPsm.ts";
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
export {
  type WithdrawVaultCollateralErrorType,
  type WithdrawVaultCollateralParameters,
  type WithdrawVaultCollateralReturnType,
  withdrawVaultCollateral,
} from "./withdrawVaultCollateral.ts";
