// The owner's posted policies, newest first: each in plain words, its executions, whether it can run now
// (the contract's check) and why not; Cancel for one, and Cancel all, which moves the owner's nonce on so
// every policy signed before, posted or not, is dead.
import { cancelPolicy, type Policy } from "@keel/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { getConnectorClient } from "wagmi/actions";
import { sentenceOf } from "../lib/errors.ts";
import { summarize } from "../lib/protectSummary.ts";
import { usePolicyContracts, usePostedPolicies } from "./reads.ts";
import { type Status, StatusLine } from "./StatusLine.tsx";

export function PolicyList({ owner }: { owner: Address }) {
  const posted = usePostedPolicies(owner);
  const contracts = usePolicyContracts() as { policies: Address };
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>({ phase: "idle", text: "" });
  const [confirmAll, setConfirmAll] = useState(false);
  const busy = status.phase === "busy";

  async function cancel(policy: Policy | undefined, hash?: string) {
    setConfirmAll(false);
    try {
      const wallet = await getConnectorClient(wagmiConfig);
      setStatus({
        phase: "busy",
        text: policy ? "Confirm the cancellation in your wallet…" : "Confirm cancelling every policy in your wallet…",
      });
      await cancelPolicy(wallet, { policies: contracts.policies, policy });
      setStatus({
        phase: "done",
        text: policy
          ? `Cancelled policy ${hash}: no keeper can carry it out any more.`
          : "Cancelled every policy you signed or posted until now, including any signed copy a keeper holds.",
      });
      // Not awaited: a refetch that takes long must not hold the form.
      void queryClient.invalidateQueries();
    } catch (error) {
      setStatus({ phase: "failed", text: sentenceOf(error) });
    }
  }

  const rows = posted.data ?? [];
  const live = rows.filter((r) => r.standing.kind !== "cancelled");
  return (
    <section aria-labelledby="protect-list-title" className="protect-list">
      <h2 id="protect-list-title">Your posted policies</h2>
      {posted.error && (
        <p role="alert" className="error">
          {sentenceOf(posted.error)}
        </p>
      )}
      {posted.isPending && !posted.error && <p>Reading your policies…</p>}
      {posted.data && rows.length === 0 && <p data-testid="protect-none">You have posted no protection policy.</p>}
      {rows.length > 0 && (
        <ul className="protect-policies">
          {rows.map((row) => (
            <li
              key={row.hash}
              className={`card protect-policy protect-${row.standing.kind}`}
              data-testid="protect-policy"
              data-hash={row.hash}
            >
              <h3>
                Policy <code title={row.hash}>{`${row.hash.slice(0, 10)}…${row.hash.slice(-6)}`}</code>
              </h3>
              <p data-testid="protect-policy-summary">{summarize(row.policy, row.scope)}</p>
              <p className="help">
                Executions so far: {row.state.executions} of {row.policy.maxExecutions}.
              </p>
              <p data-testid="protect-standing" className={`protect-standing-${row.standing.kind}`}>
                {row.standing.text}
              </p>
              {row.standing.kind !== "cancelled" && (
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() => void cancel(row.policy, row.hash)}
                  aria-label={`Cancel policy ${row.hash}`}
                  data-testid="protect-cancel"
                >
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="actions">
        {!confirmAll ? (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => setConfirmAll(true)}
            data-testid="protect-cancel-all"
          >
            Cancel all
          </button>
        ) : (
          <>
            <p id="protect-cancel-all-note">
              Cancel every policy you signed or posted until now ({live.length} posted and live), and any signed copy a
              keeper holds?
            </p>
            <button
              type="button"
              disabled={busy}
              aria-describedby="protect-cancel-all-note"
              onClick={() => void cancel(undefined)}
              data-testid="protect-cancel-all-confirm"
            >
              Yes, cancel all
            </button>
            <button type="button" className="secondary" onClick={() => setConfirmAll(false)}>
              Keep them
            </button>
          </>
        )}
      </div>
      <StatusLine status={status} testId="protect-list-status" />
    </section>
  );
}
