// One account's positions, per pool, for anyone: /account/<address> is read-only unless the connected
// wallet is that address, which then gets every action with its preview.
import { useMemo, useState } from "react";
import { Navigate, useParams, useSearchParams } from "react-router";
import { type Address, getAddress, isAddress } from "viem";
import { useAccount } from "wagmi";
import { useAccountSnapshot, usePoolList, usePoolParam, usePoolSnapshot } from "../chain/pools.ts";
import { HealthFactor } from "../components/HealthFactor.tsx";
import { NotAnAddress } from "../components/NotAnAddress.tsx";
import { OperationForm } from "../components/OperationForm.tsx";
import { PriceDrop } from "../components/PriceDrop.tsx";
import { Stat } from "../components/Stat.tsx";
import { sentenceOf } from "../lib/errors.ts";
import { formatUsdWad, tokens } from "../lib/format.ts";
import { OPERATIONS, type OperationKind } from "../lib/operations.ts";
import { positionRows, positionSummary } from "../lib/position.ts";

export function YourAccount() {
  const { address } = useAccount();
  if (address) return <Navigate to={`/account/${address}`} replace />;
  return (
    <section>
      <h1>Your positions</h1>
      <p>Connect a wallet to see your positions, or open any address at /account/&lt;address&gt;.</p>
    </section>
  );
}

export function Account() {
  const params = useParams();
  const raw = params.address ?? "";
  if (!isAddress(raw, { strict: false })) {
    return <NotAnAddress text={raw} />;
  }
  return <AccountAt address={getAddress(raw)} />;
}

function AccountAt({ address }: { address: Address }) {
  const pools = usePoolList();
  const [search, setSearch] = useSearchParams();
  const poolId = usePoolParam(search.get("pool"));
  const { address: connected } = useAccount();
  const own = connected !== undefined && connected.toLowerCase() === address.toLowerCase();
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">
        Account <code title={address}>{address}</code> <small>{own ? "(you)" : "(read-only)"}</small>
      </h1>
      <div role="tablist" aria-label="Pool" className="tabs">
        {pools.map((p) => (
          <button
            key={String(p.id)}
            type="button"
            role="tab"
            aria-selected={p.id === poolId}
            onClick={() => setSearch({ pool: String(p.id) })}
          >
            {p.name}
          </button>
        ))}
      </div>
      <PoolPosition key={`${String(poolId)}-${address}`} poolId={poolId} address={address} own={own} />
    </section>
  );
}

const ACTIONS: OperationKind[] = ["supply", "withdraw", "supplyCollateral", "withdrawCollateral", "borrow", "repay"];

function PoolPosition({ poolId, address, own }: { poolId: bigint; address: Address; own: boolean }) {
  const pool = usePoolSnapshot(poolId);
  const account = useAccountSnapshot(poolId, address);
  const [selected, setSelected] = useState<{ kind: OperationKind; reserve: number } | undefined>();
  const view = useMemo(() => {
    if (!pool.data || !account.data) return undefined;
    const rows = positionRows(pool.data, account.data);
    return { rows, summary: positionSummary(pool.data, account.data, rows) };
  }, [pool.data, account.data]);
  const error = pool.error ?? account.error;
  if (error)
    return (
      <p role="alert" className="error">
        {sentenceOf(error)}
      </p>
    );
  if (!view || !pool.data || !account.data) return <p aria-live="polite">Loading…</p>;
  const { rows, summary } = view;
  const shown = own ? rows : rows.filter((r) => r.supplied > 0n || r.collateral > 0n || r.debt > 0n);
  return (
    <div role="tabpanel">
      <dl className="stats" data-testid="summary">
        <Stat label="Collateral">{formatUsdWad(summary.collateralValue)}</Stat>
        <Stat label="Supplied">{formatUsdWad(summary.suppliedValue)}</Stat>
        <Stat label="Debt" testId="debt-value">
          {formatUsdWad(summary.debtValue)}
        </Stat>
        <Stat label="Net worth">{formatUsdWad(summary.netWorth)}</Stat>
        <Stat label="Borrowing power">{formatUsdWad(summary.borrowPower)}</Stat>
        <Stat label="Health factor" testId="account-health">
          <HealthFactor value={summary.healthFactor} />
        </Stat>
      </dl>
      {summary.liquidation.length > 0 && (
        <ul className="liquidation" aria-label="Liquidation prices">
          {summary.liquidation.map((l) => (
            <li key={l.symbol}>
              {l.symbol} can be liquidated at {formatUsdWad(l.usd)}
              {l.nowUsd !== undefined && ` (now ${formatUsdWad(l.nowUsd)})`}
            </li>
          ))}
        </ul>
      )}
      {shown.length === 0 ? (
        <p>This account holds nothing in this pool.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="positions">
            <thead>
              <tr>
                <th scope="col">Asset</th>
                <th scope="col">Supplied</th>
                <th scope="col">Collateral</th>
                <th scope="col">Debt</th>
                <th scope="col">Can borrow</th>
                <th scope="col">Can withdraw</th>
                {own && <th scope="col">Actions</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.index} data-testid={`position-${r.symbol}`}>
                  <th scope="row">{r.symbol}</th>
                  <td data-testid="supplied">{tokens(r.supplied, r.decimals)}</td>
                  <td data-testid="collateral">{tokens(r.collateral, r.decimals)}</td>
                  <td data-testid="debt">{tokens(r.debt, r.decimals)}</td>
                  <td>{r.maxBorrow === undefined ? "—" : tokens(r.maxBorrow, r.decimals, undefined, 4)}</td>
                  <td>
                    {tokens(
                      (r.maxWithdraw ?? 0n) > 0n ? (r.maxWithdraw ?? 0n) : (r.maxWithdrawCollateral ?? 0n),
                      r.decimals,
                      undefined,
                      4,
                    )}
                  </td>
                  {own && (
                    <td className="row-actions">
                      {ACTIONS.map((kind) => (
                        <button
                          key={kind}
                          type="button"
                          className="small"
                          onClick={() => setSelected({ kind, reserve: r.index })}
                        >
                          {OPERATIONS[kind].label}
                          <span className="visually-hidden"> {r.symbol}</span>
                        </button>
                      ))}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {own && selected && (
        <OperationForm
          key={`${selected.kind}-${selected.reserve}`}
          kind={selected.kind}
          pool={pool.data}
          account={account.data}
          reserve={selected.reserve}
          onClose={() => setSelected(undefined)}
        />
      )}
      {summary.debtValue > 0n && <PriceDrop pool={pool.data} account={account.data} />}
    </div>
  );
}
