// An auction's price over its life, drawn from the SDK's copy of the engine's curve: the price halves
// every half-life from the top; below the floor (or past the time limit) it must be reset, so the time
// axis ends there. The dot marks now.
import type { AuctionInfo } from "@keel/sdk";
import { useMemo } from "react";
import { auctionCurve, floorPrice, secondsUntilStale } from "../lib/kusdAuction.ts";
import { perTokenText, symbolOfType } from "../lib/kusdFormat.ts";

const W = 320;
const H = 140;
const PAD = 28;

const minutes = (seconds: bigint) => `${(Number(seconds) / 60).toFixed(0)} min`;

export function AuctionChart({ auction }: { auction: AuctionInfo }) {
  const points = useMemo(() => auctionCurve(auction), [auction]);
  const resetAt = useMemo(() => secondsUntilStale(auction), [auction]);
  const span = Number(resetAt) || 1;
  const top = Number(auction.topPrice) || 1;
  const x = (elapsed: bigint) => PAD + (Math.min(Number(elapsed), span) / span) * (W - PAD - 8);
  const y = (price: bigint) => H - PAD + 8 - (Number(price) / top) * (H - PAD);
  const path = points
    .filter((p) => !p.stale)
    .map((p, i) => `${i ? "L" : "M"}${x(p.elapsed).toFixed(1)},${y(p.price).toFixed(1)}`)
    .join("");
  const floor = floorPrice(auction);
  const decimals = auction.type.decimals;
  const symbol = symbolOfType(auction.type);
  return (
    <figure className="kusd-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Vault ${auction.vaultId} auction price: started at ${perTokenText(auction.topPrice, decimals)} per ${symbol}, ${perTokenText(auction.price, decimals)} now after ${minutes(auction.elapsed)}, halving every ${minutes(BigInt(auction.type.auctionHalfLife))}; it must be reset after ${minutes(resetAt)}, below ${perTokenText(floor, decimals)} or at the time limit.`}
      >
        <line x1={PAD} y1={H - PAD + 8} x2={W - 8} y2={H - PAD + 8} className="axis" />
        <line x1={PAD} y1={8} x2={PAD} y2={H - PAD + 8} className="axis" />
        <line x1={PAD} y1={y(floor)} x2={W - 8} y2={y(floor)} className="floor" />
        <path d={path} className="curve" fill="none" />
        <line x1={x(auction.elapsed)} y1={8} x2={x(auction.elapsed)} y2={H - PAD + 8} className="now" />
        <circle cx={x(auction.elapsed)} cy={y(auction.price)} r={3.5} className="now-dot" />
        <text x={PAD} y={H - 4} className="tick">
          0
        </text>
        <text x={W - 60} y={H - 4} className="tick">
          {minutes(resetAt)}
        </text>
        <text x={2} y={14} className="tick">
          top
        </text>
      </svg>
      <figcaption>
        <span className="key-curve">price</span> · <span className="key-floor">dashed: reset floor</span> · dot: now
      </figcaption>
    </figure>
  );
}
