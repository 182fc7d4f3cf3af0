// A reserve's utilization and borrow APY over time, from the indexer. The chart's code loads only when a
// reader opens a reserve, so the markets page's first load does not carry it.
import { lazy, Suspense } from "react";
import { useAppConfig } from "../chain/context.tsx";

const Chart = lazy(async () => ({ default: (await import("./ReserveHistoryChart.tsx")).ReserveHistoryChart }));

export function ReserveHistory(props: { poolId: bigint; reserve: number; symbol: string }) {
  if (useAppConfig().indexerUrl === undefined)
    return <p className="help">History needs the indexer, and this app was started without one.</p>;
  return (
    <Suspense fallback={<p aria-live="polite">Loading the history…</p>}>
      <Chart {...props} />
    </Suspense>
  );
}
