// A reserve's rate curve: borrow and supply APY across utilization, from the reserve's own rate model
// (the SDK's math on the snapshot with its borrowed total changed), with the current utilization marked.
import { type ReserveSnapshot, reserveRates, WAD } from "@keel/sdk";
import { useMemo } from "react";

const W = 320;
const H = 140;
const PAD = 28;

export function rateCurve(reserve: ReserveSnapshot, timestamp: bigint) {
  const supplied = reserve.state.totalSupplyAssets > 0n ? reserve.state.totalSupplyAssets : WAD;
  const points: { u: number; borrow: number; supply: number }[] = [];
  for (let step = 0; step <= 50; step++) {
    const borrowed = (supplied * BigInt(step)) / 50n;
    try {
      const at = { ...reserve, state: { ...reserve.state, totalSupplyAssets: supplied, totalBorrowAssets: borrowed } };
      const rates = reserveRates(at, timestamp);
      points.push({ u: step / 50, borrow: rates.borrowApy, supply: rates.supplyApy });
    } catch {
      return [];
    }
  }
  return points;
}

export function RateCurve({
  reserve,
  timestamp,
  utilization,
  symbol,
}: {
  reserve: ReserveSnapshot;
  timestamp: bigint;
  utilization: number;
  symbol: string;
}) {
  const points = useMemo(() => rateCurve(reserve, timestamp), [reserve, timestamp]);
  if (points.length === 0) return <p>This reserve's rate model is not one the app can draw.</p>;
  const top = Math.max(...points.map((p) => p.borrow), 0.01);
  const x = (u: number) => PAD + u * (W - PAD - 8);
  const y = (r: number) => H - PAD + 8 - (r / top) * (H - PAD);
  const path = (key: "borrow" | "supply") =>
    points.map((p, i) => `${i ? "L" : "M"}${x(p.u).toFixed(1)},${y(p[key]).toFixed(1)}`).join("");
  const now = points.reduce((best, p) => (Math.abs(p.u - utilization) < Math.abs(best.u - utilization) ? p : best));
  return (
    <figure className="rate-curve">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${symbol} rate curve: borrow APY ${(now.borrow * 100).toFixed(2)}% at the current utilization of ${(utilization * 100).toFixed(1)}%, up to ${(top * 100).toFixed(1)}% at full utilization.`}
      >
        <line x1={PAD} y1={H - PAD + 8} x2={W - 8} y2={H - PAD + 8} className="axis" />
        <line x1={PAD} y1={8} x2={PAD} y2={H - PAD + 8} className="axis" />
        <path d={path("borrow")} className="curve-borrow" fill="none" />
        <path d={path("supply")} className="curve-supply" fill="none" />
        <line x1={x(utilization)} y1={8} x2={x(utilization)} y2={H - PAD + 8} className="now" />
        <text x={PAD} y={H - 4} className="tick">
          0%
        </text>
        <text x={W - 36} y={H - 4} className="tick">
          100%
        </text>
        <text x={2} y={14} className="tick">
          {(top * 100).toFixed(0)}%
        </text>
      </svg>
      <figcaption>
        <span className="key-borrow">borrow APY</span> · <span className="key-supply">supply APY</span> · line:
        utilization now
      </figcaption>
    </figure>
  );
}
