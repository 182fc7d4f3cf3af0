// Every pool and reserve: price, supply, borrow, liquidity, utilization, APYs, LTV, threshold, caps and
// status, computed from the pool's snapshot with the SDK. Each reserve opens its rate curve.
import { useState } from "react";
import { type PoolInfo, usePoolList, usePoolSnapshot } from "../chain/pools.ts";
import { RateCurve } from "../components/RateCurve.tsx";
import { ReserveHistory } from "../components/ReserveHistory.tsx";
import { sentenceOf } from "../lib/errors.ts";
import { formatBps, formatUsdWad, percent, tokens, wadPercent } from "../lib/format.ts";
import { type ReserveRow, reserveRow } from "../lib/market.ts";

export function Markets() {
  const pools = usePoolList();
  return (
    <section aria-labelledby="markets-title">
      <h1 id="markets-title">Markets</h1>
      <p className="lead">Rates and limits at the latest block, computed with the contracts' own math.</p>
      {pools.map((pool) => (
        <PoolMarkets key={String(pool.id)} pool={pool} />
      ))}
    </section>
  );
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const cap = (value: bigint, symbol: string) => (value === 0n ? "none" : `${compact.format(value)} ${symbol}`);

function status(row: ReserveRow): string {
  const words = [];
  if (row.paused) words.push("paused");
  else if (row.frozen) words.push("frozen");
  if (!row.borrowable) words.push("not borrowable");
  if (!row.collateralEnabled) words.push("not collateral");
  return words.length ? words.join(", ") : "active";
}

function PoolMarkets({ pool }: { pool: PoolInfo }) {
  const snapshot = usePoolSnapshot(pool.id);
  const [open, setOpen] = useState<number | undefined>();
  const titleId = `pool-${pool.id}-title`;
  return (
    <section className="card" aria-labelledby={titleId} data-testid={`pool-${pool.id}`}>
      <h2 id={titleId}>
        {pool.name}{" "}
        <small>
          {pool.kind === "isolated" ? "isolated pool" : "cross-margin pool"} · pool {String(pool.id)}
        </small>
      </h2>
      {snapshot.error && (
        <p role="alert" className="error">
          {sentenceOf(snapshot.error)}
        </p>
      )}
      {!snapshot.data && !snapshot.error && (
        // As tall as the table will be (a header and a row per reserve), so nothing below moves when it arrives.
        <p aria-live="polite" style={{ minHeight: `${(pool.reserveCount + 1) * 2.35}rem`, margin: 0 }}>
          Loading…
        </p>
      )}
      {snapshot.data && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Price</th>
                <th scope="col">Supplied</th>
                <th scope="col">Borrowed</th>
                <th scope="col">Liquidity</th>
                <th scope="col">Utilization</th>
                <th scope="col">Supply APY</th>
                <th scope="col">Borrow APY</th>
                <th scope="col">LTV</th>
                <th scope="col">Liq. threshold</th>
                <th scope="col">Caps: supply / borrow</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Rate curve</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {snapshot.data.reserves.map((reserve) => {
                const row = reserveRow(snapshot.data, reserve);
                const expanded = open === row.index;
                return [
                  <tr key={row.index} data-testid={`market-${pool.id}-${row.symbol}`}>
                    <th scope="row">{row.symbol}</th>
                    <td>{row.usdPrice === undefined ? "no price" : formatUsdWad(row.usdPrice)}</td>
                    <td>{tokens(row.supplied, row.decimals, undefined, 2)}</td>
                    <td>{tokens(row.borrowed, row.decimals, undefined, 2)}</td>
                    <td>{tokens(row.liquidity, row.decimals, undefined, 2)}</td>
                    <td data-testid="utilization">{wadPercent(row.utilization)}</td>
                    <td data-testid="supply-apy">{percent(row.supplyApy)}</td>
                    <td data-testid="borrow-apy">{percent(row.borrowApy)}</td>
                    <td>{formatBps(row.ltvBps)}</td>
                    <td>{formatBps(row.thresholdBps)}</td>
                    <td>
                      {cap(row.supplyCap, row.symbol)} / {cap(row.borrowCap, row.symbol)}
                    </td>
                    <td>{status(row)}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        aria-expanded={expanded}
                        onClick={() => setOpen(expanded ? undefined : row.index)}
                      >
                        {expanded ? "Hide curve" : "Rate curve"}
                        <span className="visually-hidden"> of {row.symbol}</span>
                      </button>
                    </td>
                  </tr>,
                  expanded && (
                    <tr key={`${row.index}-curve`}>
                      <td colSpan={13}>
                        <RateCurve
                          reserve={reserve}
                          timestamp={snapshot.data.timestamp}
                          utilization={Number(row.utilization) / 1e18}
                          symbol={row.symbol}
                        />
                        <ReserveHistory poolId={pool.id} reserve={row.index} symbol={row.symbol} />
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
