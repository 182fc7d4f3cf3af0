/** 1e27: the scale of the stability-fee rate accumulator and of the per-second fee (CdpTypes' `RAY`). */
export const RAY = 10n ** 27n;

/** Collateral-type flag: new debt is paused by the guardian (`TYPE_MINT_PAUSED`). */
export const TYPE_MINT_PAUSED = 1;
/** Collateral-type flag: the type has been shut down for good (`TYPE_SHUTDOWN`). */
export const TYPE_SHUTDOWN = 2;

/** CdpEngine.MAX_STABILITY_FEE in RAY: the largest per-second fee whose year of compounding (RateLib) stays at or below 50%. */
export const MAX_STABILITY_FEE = RAY + 12_857_214_317_438_491_660n;

/**
 * CdpEngine.MIN_AUCTION_DISCOUNT_BPS: how far below the oracle price every auction must be able to go
 * before it is stale (1%), a bound on the curve parameters governance may set.
 */
export const MIN_AUCTION_DISCOUNT_BPS = 100n;
