// The kUSD engine's math in bigint, to the wei: no I/O. Names follow contracts/src/cdp and the libraries.

export { AuctionLib } from "./AuctionLib.ts";
export {
  type AuctionPrice,
  auctionPrice,
  keeperReward,
  previewResetAuction,
  previewSettle,
  previewStartAuction,
  previewTake,
  resetReward,
  type SettleOutcome,
  type StartAuctionOutcome,
  seizableNormalized,
  settlePrice,
  sizeTake,
  type TakeOutcome,
  type TakeSize,
} from "./auction.ts";
export { type AuctionCurve, auctionCurveClears } from "./bounds.ts";
export * from "./constants.ts";
export { type CdpErrorName, CdpRevertError } from "./errors.ts";
export { apyToStabilityFee, stabilityFeeToApy } from "./fees.ts";
export {
  gemToKusd,
  isDepegged,
  type PsmState,
  type PsmSwap,
  pegPrice,
  previewBuyGem,
  previewSellGem,
} from "./psm.ts";
export { RateLib } from "./RateLib.ts";
export {
  accrueType,
  collateralRatio,
  collateralValue,
  currentRate,
  debtOf,
  isSafe,
  type MintLimits,
  type MintOutcome,
  minRatio,
  mintNormalized,
  previewMint,
  previewRepay,
  previewWithdraw,
  type RepayOutcome,
  repayNormalized,
  requireFloor,
  requireRatio,
  type TypeAccrual,
  vaultLiquidationPrice,
  vaultMaxMint,
  vaultMaxWithdraw,
} from "./vault.ts";
