import { BPS, WAD } from "../constants.ts";
import { AuctionLib } from "./AuctionLib.ts";
import { MIN_AUCTION_DISCOUNT_BPS } from "./constants.ts";

/** The auction-curve parameters of a collateral type (BPS and seconds, as CollateralParams holds them). */
export type AuctionCurve = {
  auctionStartBufferBps: number | bigint;
  auctionFloorBps: number | bigint;
  auctionHalfLife: number | bigint;
  auctionMaxDuration: number | bigint;
};

/**
 * CdpEngine._requireCurveClears: whether every auction on this curve offers its collateral at least
 * MIN_AUCTION_DISCOUNT_BPS below the oracle price while it can still be taken. An auction is live while
 * elapsed ≤ maxDuration and price ≥ top × floor, with top = oracle × buffer, so it clears if and only if
 * buffer × floor ≤ (1 − discount) and the curve, from a top of `buffer`, is at or below (1 − discount)
 * by maxDuration (AuctionLib's own rounding, up). The engine refuses parameters for which this is false.
 */
export function auctionCurveClears(curve: AuctionCurve): boolean {
  const buffer = BigInt(curve.auctionStartBufferBps);
  const clearingBps = BPS - MIN_AUCTION_DISCOUNT_BPS;
  if (buffer * BigInt(curve.auctionFloorBps) > clearingBps * BPS) return false;
  const top = buffer * (WAD / BPS);
  const atLimit = AuctionLib.price(top, BigInt(curve.auctionMaxDuration), BigInt(curve.auctionHalfLife));
  return atLimit <= clearingBps * (WAD / BPS);
}
