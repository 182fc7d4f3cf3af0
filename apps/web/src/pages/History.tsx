// Every change to an account's positions, from the indexer, newest first: the connected wallet's at
// /history, anyone's at /history/<address>. Pages load on "Load more"; the CSV is the indexer's export.
import { useMemo } from "react";
import { Navigate, useParams, useSearchParams } from "react-router";
import { type Address, getAddress, isAddress } from "viem";
import { useAccount } from "wagmi";
import { useAppConfig } from "../chain/context.tsx";
import { type HistoryRow, historyCsvUrl, useAccountHistory, useIndexerUrl } from "../chain/indexer.ts";
import { sentenceOf } from "../lib/errors.ts";
import { shortAddress, tokens } from "../lib/format.ts";
import "../history.css";
import { NotAnAddress } from "../components/NotAnAddress.tsx";

export function History() {
  const params = useParams();
  const { address: connected } = useAccount();
  if (params.address === undefined) {
    if (connected) return <Navigate to={`/history/${connected}`} replace />;
    return (
      <section>
        <h1>History</h1>
        <p>Connect a wallet to see your history, or open any address at /history/&lt;address&gt;.</p>
      </section>
    );
  }
  if (!isAddress(params.address, { strict: false })) {
    return <NotAnAddress text={params.address} />;
  }
  return <HistoryOf address={getAddress(params.address)} />;
}

/** The indexer's kinds in the words the operation forms use. */
const ACTION: Record<string, string> = {
  supply: "Supply",
  withdraw: "Withdraw",
  "supply-collateral": "Add collateral",
  "withdraw-collateral": "Remove collateral",
  borrow: "Borrow",
  repay: "Repay",
  liquidated: "Liquidated (debt repaid)",
  seized: "Collateral seized",
  "bad-debt": "Bad debt written off",
  treasury: "Treasury fee",
};

/** Block time in UTC, so the same row reads the same for everyone. */
const utc = (seconds: string) => `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace("T", " ")} UTC`;

function HistoryOf({ address }: { address: Address }) {
  const indexer = useIndexerUrl();
  const { deployment } = useAppConfig();
  const [search, setSearch] = useSearchParams();
  const poolFilter = search.get("pool") ?? "";
  // Pool and reserve index → the reserve's symbol and the token's decimals, from the manifest.
  const reserves = useMemo(() => {
    const map = new Map<string, { symbol: string; decimals: number }>();
    for (const pool of deployment.pools)
      for (const r of pool.reserves)
        map.set(`${pool.id}:${r.index}`, { symbol: r.symbol, decimals: deployment.tokens[r.symbol]?.decimals ?? 18 });
    return map;
  }, [deployment]);
  const poolNames = new Map(deployment.pools.map((p) => [String(p.id), p.name]));
  return (
    <section aria-labelledby="history-title">
      <h1 id="history-title">
        History of <code title={address}>{address}</code>
      </h1>
      {indexer === undefined ? (
        <p data-testid="no-indexer">
          History comes from the indexer, and this app was started without one (the server's --indexer flag), so there
          is no history to show.
        </p>
      ) : (
        <>
          <div className="history-tools">
            <label>
              Pool{" "}
              <select value={poolFilter} onChange={(e) => setSearch(e.target.value ? { pool: e.target.value } : {})}>
                <option value="">All pools</option>
                {deployment.pools.map((p) => (
                  <option key={p.id} value={String(p.id)}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
            <a href={historyCsvUrl(indexer, address)} download data-testid="csv">
              Download the whole history (CSV)
            </a>
          </div>
          <HistoryTable
            address={address}
            poolFilter={poolFilter}
            describe={(row) => reserves.get(`${row.poolId}:${row.reserve}`)}
            poolName={(id) => poolNames.get(id) ?? `pool ${id}`}
          />
        </>
      )}
    </section>
  );
}

function HistoryTable({
  address,
  poolFilter,
  describe,
  poolName,
}: {
  address: Address;
  poolFilter: string;
  describe: (row: HistoryRow) => { symbol: string; decimals: number } | undefined;
  poolName: (id: string) => string;
}) {
  const history = useAccountHistory(address);
  const loaded = history.data?.pages.flatMap((p) => p.items) ?? [];
  const rows = poolFilter ? loaded.filter((r) => r.poolId === poolFilter) : loaded;
  if (history.isPending && !history.error) return <p aria-live="polite">Loading…</p>;
  return (
    <>
      {history.error && (
        <p role="alert" className="error">
          {sentenceOf(history.error)}
        </p>
      )}
      {history.data && loaded.length === 0 && <p>This account has no history: it has never used Keel's pools.</p>}
      {loaded.length > 0 && rows.length === 0 && (
        <p>None of the {loaded.length} actions loaded so far is in this pool.</p>
      )}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="history-table" data-testid="history">
            <caption className="visually-hidden">Actions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col" className="num">
                  Block
                </th>
                <th scope="col">Pool</th>
                <th scope="col">Action</th>
                <th scope="col">Asset</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const reserve = describe(row);
                return (
                  <tr key={row.id} data-testid="history-row">
                    <td>
                      <time dateTime={new Date(Number(row.timestamp) * 1000).toISOString()}>{utc(row.timestamp)}</time>
                    </td>
                    <td className="num">{row.blockNumber}</td>
                    <td>{poolName(row.poolId)}</td>
                    <th scope="row">{ACTION[row.kind] ?? row.kind}</th>
                    <td>{reserve?.symbol ?? `reserve ${row.reserve}`}</td>
                    <td className="num" data-testid="amount">
                      {reserve ? tokens(BigInt(row.assets), reserve.decimals) : `${row.assets} units`}
                    </td>
                    <td>
                      <code title={row.transactionHash} data-testid="tx">
                        {shortAddress(row.transactionHash)}
                      </code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p aria-live="polite" className="help">
        {history.data &&
          loaded.length > 0 &&
          (history.hasNextPage ? `${loaded.length} most recent actions shown.` : `All ${loaded.length} actions shown.`)}
      </p>
      {history.hasNextPage && (
        <button
          type="button"
          className="secondary"
          disabled={history.isFetchingNextPage}
          onClick={() => history.fetchNextPage()}
        >
          {history.isFetchingNextPage ? "Loading…" : "Load more"}
        </button>
      )}
    </>
  );
}
