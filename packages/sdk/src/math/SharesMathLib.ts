import { MathLib, type Rounding } from "./MathLib.ts";

/** Virtual shares of every supply and debt total: with one virtual asset they defeat share inflation. */
const VIRTUAL_SHARES = 10n ** 6n;
/** Virtual assets of every supply and debt total. */
const VIRTUAL_ASSETS = 1n;

/** Shares worth `assets`, rounded down (fewer shares: used when the user receives shares or burns debt). */
function toSharesDown(assets: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return MathLib.mulDivDown(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
}

/** Shares worth `assets`, rounded up (more shares: used when the user burns supply or takes debt). */
function toSharesUp(assets: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return MathLib.mulDivUp(assets, totalShares + VIRTUAL_SHARES, totalAssets + VIRTUAL_ASSETS);
}

/** Assets worth `shares`, rounded down (fewer assets: used when the user receives assets). */
function toAssetsDown(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return MathLib.mulDivDown(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
}

/** Assets worth `shares`, rounded up (more assets: used when the user pays or owes). */
function toAssetsUp(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return MathLib.mulDivUp(shares, totalAssets + VIRTUAL_ASSETS, totalShares + VIRTUAL_SHARES);
}

/** Shares worth `assets`, rounded as asked. */
function toShares(assets: bigint, totalAssets: bigint, totalShares: bigint, rounding: Rounding): bigint {
  return rounding === "Up"
    ? toSharesUp(assets, totalAssets, totalShares)
    : toSharesDown(assets, totalAssets, totalShares);
}

/** Assets worth `shares`, rounded as asked. */
function toAssets(shares: bigint, totalAssets: bigint, totalShares: bigint, rounding: Rounding): bigint {
  return rounding === "Up"
    ? toAssetsUp(shares, totalAssets, totalShares)
    : toAssetsDown(shares, totalAssets, totalShares);
}

/** The contracts' SharesMathLib: conversions between assets and shares with the virtual offset. */
export const SharesMathLib = {
  VIRTUAL_SHARES,
  VIRTUAL_ASSETS,
  toShares,
  toAssets,
  toSharesDown,
  toSharesUp,
  toAssetsDown,
  toAssetsUp,
} as const;
