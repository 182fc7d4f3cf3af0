// Reads from the indexer's REST API (docs/indexer.md, "Endpoints"): an account's history, page by page,
// and a reserve's hourly or daily series. History and series are the indexer's; anything the user acts
// on is still read from the chain (chain/pools.ts).
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Address } from "viem";
import { useAppConfig } from "./context.tsx";

/** One change to a position, as the indexer stores it: amounts are raw token units, as decimal strings. */
export type HistoryRow = {
  id: string;
  seq: string;
  poolId: string;
  reserve: number;
  account: Address;
  /** supply, withdraw, supply-collateral, withdraw-collateral, borrow, repay, liquidated, seized, bad-debt, treasury */
  kind: string;
  caller: Address;
  assets: string;
  shares: string;
  blockNumber: string;
  timestamp: string;
  transactionHash: `0x${string}`;
};

export type HistoryPage = { account: Address; items: HistoryRow[]; next: string | null };

/** A reserve's hour or day: the totals, utilization (WAD) and borrow rate (WAD per second) at its close. */
export type SeriesBucket = { start: string; utilization: string; borrowRate: string; events: number };

export type Interval = "hour" | "day";

/** A failure the indexer explained (its `{"error": sentence}`), or that it could not be reached. */
export class IndexerError extends Error {
  readonly status?: number;
  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

export async function indexerGet<T>(base: string, pathAndQuery: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${base}${pathAndQuery}`);
  } catch {
    throw new IndexerError(`The indexer at ${base} could not be reached.`);
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: string } | undefined;
    const reason = body?.error ?? `it answered HTTP ${response.status}`;
    throw new IndexerError(`The indexer could not answer: ${reason}`, response.status);
  }
  return (await response.json()) as T;
}

/** A bad request will be refused again; anything else (busy, unreachable) is worth two more tries. */
const retry = (failures: number, error: Error) =>
  failures < 2 && !(error instanceof IndexerError && error.status !== undefined && error.status < 500);

/** The indexer's URL, when the server was given one (`--indexer`). */
export function useIndexerUrl(): string | undefined {
  return useAppConfig().indexerUrl;
}

export const HISTORY_PAGE = 25;

/** The account's history, newest first, one page per "Load more" (keyset pagination on `seq`). */
export function useAccountHistory(account: Address) {
  const base = useIndexerUrl();
  return useInfiniteQuery({
    queryKey: ["indexer", base, "history", account.toLowerCase()],
    enabled: base !== undefined,
    retry,
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      indexerGet<HistoryPage>(
        base as string,
        `/v1/accounts/${account}/history?order=desc&limit=${HISTORY_PAGE}${pageParam ? `&cursor=${pageParam}` : ""}`,
      ),
    getNextPageParam: (last) => last.next ?? undefined,
  });
}

/** The whole history as one CSV file, oldest first, as the indexer exports it. */
export function historyCsvUrl(base: string, account: Address): string {
  return `${base}/v1/accounts/${account}/history?format=csv`;
}

/** How far back each interval looks: two days of hours, ninety days of days. */
const WINDOW: Record<Interval, number> = { hour: 48 * 3600, day: 90 * 86_400 };

export function useReserveSeries(poolId: bigint, reserve: number, interval: Interval) {
  const base = useIndexerUrl();
  // Floored to the hour, so the key (and the indexer's per-block cache) stays put within the hour.
  const from = Math.floor(Date.now() / 3_600_000) * 3600 - WINDOW[interval];
  return useQuery({
    queryKey: ["indexer", base, "series", String(poolId), reserve, interval, from],
    enabled: base !== undefined,
    retry,
    queryFn: async () =>
      (
        await indexerGet<{ series: SeriesBucket[] }>(
          base as string,
          `/v1/reserves/${poolId}/${reserve}/series?interval=${interval}&from=${from}`,
        )
      ).series,
  });
}
