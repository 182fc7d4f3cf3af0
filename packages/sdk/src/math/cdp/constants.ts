/** 1e27: the scale of the stability-fee rate accumulator and of the per-second fee (CdpTypes' `RAY`). */
export const RAY = 10n ** 27n;

/** Collateral-type flag: new debt is paused by the guardian (`TYPE_MINT_PAUSED`). */
export const TYPE_MINT_PAUSED = 1;
/** Collateral-type flag: the type has been shut down for good (`TYPE_SHUTDOWN`). */
export const TYPE_SHUTDOWN = 2;

/** CdpEngine.MAX_STABILITY_FEE in RAY: ln(1.5) a year, per second, which compounds to just under 50%. */
export const MAX_STABILITY_FEE = RAY + 12_857_214_234_784_512_366n;
