// A reserve's hourly or daily history from the indexer: utilization and borrow APY at each bucket's
// close, drawn as two small charts, with the figures in a table for those who prefer numbers.
import { rateToApy } from "@keel/sdk";
import { useState } from "react";
import { type Interval, useReserveSeries } from "../chain/indexer.ts";
import { sentenceOf } from "../lib/errors.ts";
import { percent } from "../lib/format.ts";
import { LineChart, type Point } from "./LineChart.tsx";
import "../history.css";

const INTERVALS: { value: Interval; label: string; window: string }[] = [
  { value: "hour", label: "Hourly", window: "48 hours" },
  { value: "day", label: "Daily", window: "90 days" },
];

const utc = (seconds: number, hourly: boolean) =>
  `${new Date(seconds * 1000)
    .toISOString()
    .slice(0, hourly ? 16 : 10)
    .replace("T", " ")}${hourly ? " UTC" : ""}`;

export function ReserveHistoryChart({ poolId, reserve, symbol }: { poolId: bigint; reserve: number; symbol: string }) {
  const [interval, setChosen] = useState<Interval>("day");
  const series = useReserveSeries(poolId, reserve, interval);
  const hourly = interval === "hour";
  const titleId = `history-${poolId}-${reserve}`;
  const buckets = (series.data ?? []).map((b) => ({
    time: Number(b.start),
    utilization: Number(BigInt(b.utilization)) / 1e18,
    borrowApy: rateToApy(BigInt(b.borrowRate)),
    events: b.events,
  }));
  const line = (key: "utilization" | "borrowApy"): Point[] => buckets.map((b) => ({ time: b.time, value: b[key] }));
  const span = INTERVALS.find((i) => i.value === interval)?.window;
  return (
    <section className="reserve-history" aria-labelledby={titleId} data-testid="reserve-history">
      <h3 id={titleId}>{symbol} history</h3>
      <fieldset className="tabs">
        <legend className="visually-hidden">{symbol} history interval</legend>
        {INTERVALS.map((i) => (
          <button key={i.value} type="button" aria-pressed={i.value === interval} onClick={() => setChosen(i.value)}>
            {i.label}
          </button>
        ))}
      </fieldset>
      {series.error && (
        <p role="alert" className="error">
          {sentenceOf(series.error)}
        </p>
      )}
      {series.isPending && !series.error && <p aria-live="polite">Loading…</p>}
      {series.data && buckets.length === 0 && (
        <p>
          No activity in {symbol} in the last {span}.
        </p>
      )}
      {buckets.length > 0 && (
        <>
          <div className="charts">
            <LineChart title={`${symbol} utilization`} points={line("utilization")} format={percent} hourly={hourly} />
            <LineChart title={`${symbol} borrow APY`} points={line("borrowApy")} format={percent} hourly={hourly} />
          </div>
          <details>
            <summary>The figures</summary>
            <table data-testid="series">
              <caption className="visually-hidden">
                {symbol} at the close of each {hourly ? "hour" : "day"}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{hourly ? "Hour" : "Day"} (UTC)</th>
                  <th scope="col">Utilization</th>
                  <th scope="col">Borrow APY</th>
                  <th scope="col">Events</th>
                </tr>
              </thead>
              <tbody>
                {buckets.map((b) => (
                  <tr key={b.time}>
                    <th scope="row">{utc(b.time, hourly)}</th>
                    <td data-testid="series-utilization">{percent(b.utilization)}</td>
                    <td data-testid="series-borrow-apy">{percent(b.borrowApy)}</td>
                    <td>{b.events}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}
