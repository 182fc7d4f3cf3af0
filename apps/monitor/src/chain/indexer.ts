import type { KeelDeployment } from "@keel/sdk";
import type { HistorySource, Sample } from "../engine/samples.ts";

const YEAR = 31_536_000n;
const HOUR = 3600n;

type Bucket = { start: string; price: string | null; borrowRate: string };

/**
 * Window history from the indexer's hourly reserve series (`/v1/reserves/:pool/:reserve/series`): an
 * asset's oracle price (from the first reserve listing it) and a reserve's borrow APR, as the indexer
 * saw them in each hour, dated at the hour's start (an hour still open counts too). Samples from it carry
 * block 0: they are history, never dropped by a reorg the monitor sees.
 */
export function indexerHistory(baseUrl: string, deployment: KeelDeployment): HistorySource {
  const base = baseUrl.replace(/\/$/, "");
  const series = async (poolId: string, reserve: number, from: bigint, to: bigint): Promise<Bucket[]> => {
    const url = `${base}/v1/reserves/${poolId}/${reserve}/series?interval=hour&from=${from - HOUR}&to=${to}`;
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`the indexer answered ${response.status} for ${url}`);
    return ((await response.json()) as { series: Bucket[] }).series;
  };
  return async (name, from, to): Promise<Sample[]> => {
    const [kind, ...rest] = name.split(":");
    const at = (b: Bucket) => BigInt(b.start);
    const inWindow = (b: Bucket) => at(b) >= from && at(b) <= to;
    if (kind === "price") {
      const symbol = rest[0];
      const pool = deployment.pools.find((p) => p.reserves.some((r) => r.symbol === symbol));
      const reserve = pool?.reserves.find((r) => r.symbol === symbol);
      if (!pool || !reserve) return [];
      const decimals = BigInt(deployment.tokens[symbol].decimals);
      return (await series(pool.id, reserve.index, from, to))
        .filter((b) => b.price !== null && inWindow(b))
        .map((b) => ({
          block: 0n,
          timestamp: at(b),
          value: (BigInt(b.price as string) * 10n ** decimals) / 10n ** 18n,
        }));
    }
    if (kind === "rate") {
      return (await series(rest[0], Number(rest[1]), from, to))
        .filter(inWindow)
        .map((b) => ({ block: 0n, timestamp: at(b), value: BigInt(b.borrowRate) * YEAR * 100n }));
    }
    return [];
  };
}
