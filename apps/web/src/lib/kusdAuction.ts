// An auction's price over time and a take's preview, with the SDK's copy of the engine's auction math:
// the curve is the contract's own price at each moment, not an approximation of it.
import {
  type AuctionInfo,
  auctionPrice,
  BPS,
  CdpRevertError,
  explainCdpRevert,
  previewTake,
  type TakeOutcome,
} from "@keel/sdk";
import type { Address } from "viem";
import { collateralText, KUSD, kusdText, perTokenText, symbolOfType } from "./kusdFormat.ts";

export type CurvePoint = { elapsed: bigint; price: bigint; stale: boolean };

/**
 * Seconds from the start until the auction must be reset: its price falls below the floor, or its time
 * runs out. Staleness only grows with time, so a search over the time limit finds the first moment.
 */
export function secondsUntilStale(auction: AuctionInfo): bigint {
  const start = BigInt(auction.startedAt);
  let low = 0n;
  let high = BigInt(auction.type.auctionMaxDuration) + 1n;
  while (low < high) {
    const middle = (low + high) / 2n;
    if (auctionPrice(auction, auction.type, start + middle).stale) high = middle;
    else low = middle + 1n;
  }
  return low;
}

/** The price from the start until it must be reset, in `steps` equal intervals. */
export function auctionCurve(auction: AuctionInfo, steps = 60): CurvePoint[] {
  const span = secondsUntilStale(auction);
  const start = BigInt(auction.startedAt);
  const points: CurvePoint[] = [];
  for (let i = 0; i <= steps; i++) {
    const elapsed = (span * BigInt(i)) / BigInt(steps);
    points.push({ elapsed, ...auctionPrice(auction, auction.type, start + elapsed) });
  }
  return points;
}

/** The price below which the auction must be reset: the floor's share of the top price. */
export const floorPrice = (auction: AuctionInfo) => (auction.topPrice * BigInt(auction.type.auctionFloorBps)) / BPS;

export type TakeInput = {
  auction: AuctionInfo;
  /** Collateral units wanted, or the whole lot. */
  amount: { kind: "exact"; units: bigint } | { kind: "max" };
  /** Sell the collateral on Uniswap in the same transaction (the AuctionTaker), paying from the sale. */
  sell: { path: Address[] } | undefined;
  kusdBalance: bigint;
  /** When the transaction is expected to land (seconds). */
  at: bigint;
};

export type TakePlan = {
  maxCollateral: bigint;
  /** The limit sent: the price read now; the curve only falls, so the take lands at or below it. */
  maxPrice: bigint;
  outcome: TakeOutcome;
  rows: [string, string][];
  warnings: string[];
};

export class TakePlanError extends Error {}

export function planTake({ auction, amount, sell, kusdBalance, at }: TakeInput): TakePlan {
  const { type } = auction;
  const maxCollateral = amount.kind === "max" ? auction.collateral : amount.units;
  const maxPrice = auction.price;
  // Never before the block read: the curve is only defined from then on.
  const timestamp = at > auction.timestamp ? at : auction.timestamp;
  let outcome: TakeOutcome;
  try {
    outcome = previewTake(auction, type, { vaultId: auction.vaultId, maxCollateral, maxPrice, timestamp });
  } catch (error) {
    if (error instanceof CdpRevertError) {
      const collateral = { symbol: symbolOfType(type), decimals: type.decimals };
      throw new TakePlanError(explainCdpRevert(error, { collateral, token: KUSD }));
    }
    throw error;
  }
  // Without the sale, the engine burns the price from the wallet's kUSD (no allowance).
  if (!sell && kusdBalance < outcome.paid) {
    throw new TakePlanError(
      `You hold ${kusdText(kusdBalance)}; this take costs about ${kusdText(outcome.paid)}. Take less, or sell on Uniswap to pay from the sale.`,
    );
  }
  const symbol = symbolOfType(type);
  const rows: [string, string][] = [
    ["Collateral", `about ${collateralText(outcome.slice, type)}`],
    [
      "Price",
      `${perTokenText(outcome.price, type.decimals)} per ${symbol} (limit ${perTokenText(maxPrice, type.decimals)})`,
    ],
    ["Pay", `about ${kusdText(outcome.paid)}${sell ? " from the sale" : ""}`],
    ["Approval", sell ? "none: the sale pays" : "none: kUSD is burned without an allowance"],
  ];
  const warnings =
    outcome.slice < maxCollateral && outcome.auction === undefined
      ? [`The tab is met with less than you asked: you buy about ${collateralText(outcome.slice, type)}.`]
      : [];
  return { maxCollateral, maxPrice, outcome, rows, warnings };
}
