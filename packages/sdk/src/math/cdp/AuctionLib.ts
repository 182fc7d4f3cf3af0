import { BPS, WAD } from "../constants.ts";
import { ExpLib } from "../ExpLib.ts";
import { MathLib } from "../MathLib.ts";
import { checkedMul } from "../uint.ts";

/**
 * AuctionLib.price: the Dutch auction's price `elapsed` seconds after the start,
 * top × e^(−ln2 · elapsed / halfLife), before any floor check. The exponent's division truncates
 * toward zero and the product rounds up, both in the seller's favour, as in the contract.
 */
function price(topPrice: bigint, elapsed: bigint, halfLife: bigint): bigint {
  if (elapsed === 0n) return topPrice;
  const exponent = -(checkedMul(elapsed, ExpLib.LN2) / halfLife);
  return MathLib.mulDivUp(topPrice, ExpLib.wExp(exponent), WAD);
}

/**
 * AuctionLib.isStale: whether the auction must be reset before anyone can take from it: it ran longer
 * than `maxDuration`, or its price fell below `floorBps` of the top.
 */
function isStale(
  topPrice: bigint,
  currentPrice: bigint,
  floorBps: bigint,
  elapsed: bigint,
  maxDuration: bigint,
): boolean {
  return elapsed > maxDuration || checkedMul(currentPrice, BPS) < checkedMul(topPrice, floorBps);
}

/** The contracts' AuctionLib: the Dutch-auction price curve. */
export const AuctionLib = { LN2: ExpLib.LN2, price, isStale } as const;
