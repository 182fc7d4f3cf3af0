// Governance: the operations the deployment's timelocks have queued, each in plain words with when it
// may execute, and what it would do to an account's health factor (the connected wallet's, or anyone's
// at ?account=0x…, read-only); then the changes already executed.
import { useSearchParams } from "react-router";
import { type Address, getAddress, isAddress } from "viem";
import { useAccount } from "wagmi";
import { useIndexerUrl } from "../chain/indexer.ts";
import { ExecutedOperation } from "../governance/ExecutedOperation.tsx";
import { QueuedOperation, useKnownPools } from "../governance/OperationCard.tsx";
import { useGovernanceChain, useGovernanceSnapshots, useIndexedExecuted } from "../governance/reads.ts";
import { useDecodedPoolIds } from "../governance/usePoolIds.ts";
import { sentenceOf } from "../lib/errors.ts";
import { shortAddress } from "../lib/format.ts";
import { duration } from "../lib/governance.ts";
import "../governance.css";
import { NotAnAddress } from "../components/NotAnAddress.tsx";

export function Governance() {
  const [search] = useSearchParams();
  const { address: connected } = useAccount();
  const param = search.get("account");
  if (param !== null && !isAddress(param, { strict: false })) {
    return <NotAnAddress text={param} title="Governance" />;
  }
  const account = param !== null ? getAddress(param) : connected;
  const own = account !== undefined && connected !== undefined && account === connected;
  return <GovernanceOf account={account} own={own} />;
}

function GovernanceOf({ account, own }: { account: Address | undefined; own: boolean }) {
  const chain = useGovernanceChain();
  const state = chain.data;
  const queued = state?.operations.filter((o) => o.status === "waiting" || o.status === "ready") ?? [];
  const poolIds = useDecodedPoolIds(queued);
  const snapshots = useGovernanceSnapshots(poolIds, account);
  const pools = useKnownPools(snapshots.data?.pools);
  return (
    <section aria-labelledby="governance-title" className="governance">
      <h1 id="governance-title">Governance</h1>
      <p>
        Risk parameters change through timelocks: a change is queued, then may execute once its delay has passed. Each
        queued change below is applied to a copy of the pool as it is now, and the account's positions valued again with
        the pool's own math.
      </p>
      <p data-testid="account-line">
        {account === undefined ? (
          "Connect a wallet, or open this page with ?account=0x…, to see what each change does to a position."
        ) : (
          <>
            Effects shown for <code title={account}>{account}</code> <small>{own ? "(you)" : "(read-only)"}</small>.
          </>
        )}
      </p>
      {chain.error && (
        <p role="alert" className="error">
          {sentenceOf(chain.error)}
        </p>
      )}
      {snapshots.error && (
        <p role="alert" className="error">
          {sentenceOf(snapshots.error)}
        </p>
      )}
      <h2>Who governs</h2>
      {state === undefined ? (
        <p aria-live="polite">Reading the chain…</p>
      ) : (
        <ul className="gov-admins" data-testid="timelocks">
          {state.timelocks.map((t) => (
            <li key={t.address} data-testid="timelock" data-address={t.address}>
              Timelock <code title={t.address}>{shortAddress(t.address)}</code> ({t.roles.join("; ")}), minimum delay{" "}
              {duration(t.minDelay)}
            </li>
          ))}
          {state.direct.map((d) => (
            <li key={d.address}>
              <code title={d.address}>{shortAddress(d.address)}</code> ({d.roles.join("; ")}) is not a timelock: its
              changes take effect at once and are never queued.
            </li>
          ))}
        </ul>
      )}
      <h2>Queued changes</h2>
      {state !== undefined && queued.length === 0 && (
        <p data-testid="no-queued">
          {state.timelocks.length === 0
            ? "No timelock governs this deployment, so nothing can be queued."
            : "Nothing is queued: no change is waiting to execute."}
        </p>
      )}
      {state !== undefined &&
        queued.map((op) => (
          <QueuedOperation
            key={`${op.timelock}-${op.id}`}
            op={op}
            now={state.now}
            pools={pools}
            accounts={snapshots.data?.accounts}
            account={account}
            block={snapshots.data?.block}
          />
        ))}
      <h2>Executed changes</h2>
      <Executed chainExecuted={state?.operations.filter((o) => o.status === "executed") ?? []} pools={pools} />
    </section>
  );
}

function Executed({
  chainExecuted,
  pools,
}: {
  chainExecuted: Parameters<typeof ExecutedOperation>[0]["op"][];
  pools: ReturnType<typeof useKnownPools>;
}) {
  const indexer = useIndexerUrl();
  const indexed = useIndexedExecuted();
  const fromIndexer = indexer !== undefined && indexed.data !== undefined;
  const list = (fromIndexer ? (indexed.data ?? []) : chainExecuted).slice().reverse();
  return (
    <>
      <p data-testid="executed-source">
        {indexer === undefined
          ? "This app was started without an indexer (the server's --indexer flag), so this list comes from the followed timelocks' events on the chain: operations of a timelock no longer governing are not in it."
          : indexed.error
            ? `The indexer could not answer (${sentenceOf(indexed.error)}); this list comes from the followed timelocks' events on the chain.`
            : "From the indexer, which keeps every operation of the deployment's timelock."}
      </p>
      {list.length === 0 ? (
        <p data-testid="no-executed">No change has been executed through a timelock yet.</p>
      ) : (
        <ol className="gov-executed" aria-label="Executed operations, newest first">
          {list.map((op) => (
            <ExecutedOperation key={`${op.timelock}-${op.id}`} op={op} pools={pools} />
          ))}
        </ol>
      )}
    </>
  );
}
