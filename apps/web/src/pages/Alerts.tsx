// Alerts: the monitor's rules about your own address, set up from the app. You sign in with Ethereum
// (EIP-4361) to the monitor the app's server names, then list, make and delete your rules; the monitor
// evaluates them beside its own and sends each alert once.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Address } from "viem";
import { useAccount } from "wagmi";
import {
  createRule,
  deleteRule,
  endSession,
  listRules,
  MonitorError,
  type NewRule,
  type Session,
} from "../alerts/api.ts";
import { RuleForm } from "../alerts/RuleForm.tsx";
import { SignIn } from "../alerts/SignIn.tsx";
import { forgetSession, loadSession, saveSession } from "../alerts/session.ts";
import { ruleSummary } from "../alerts/summary.ts";
import { useAppConfig } from "../chain/context.tsx";
import { sentenceOf } from "../lib/errors.ts";
import "../alerts.css";

export function Alerts() {
  const { monitorUrl } = useAppConfig();
  const { address } = useAccount();
  return (
    <section aria-labelledby="alerts-title" className="alerts">
      <h1 id="alerts-title">Alerts</h1>
      {monitorUrl === undefined ? (
        <p data-testid="no-monitor">
          Alerts are kept and sent by the monitor, and this app was started without one (the server's --monitor flag),
          so there are no alerts to set up here.
        </p>
      ) : address === undefined ? (
        <p>Connect a wallet, then sign in with Ethereum to set up alerts about your own address.</p>
      ) : (
        <AlertsOf key={`${monitorUrl}:${address}`} monitorUrl={monitorUrl} address={address} />
      )}
    </section>
  );
}

function AlertsOf({ monitorUrl, address }: { monitorUrl: string; address: Address }) {
  const [session, setSession] = useState(() => loadSession(monitorUrl, address));
  const [notice, setNotice] = useState<string>();
  if (session === undefined)
    return (
      <SignIn
        monitorUrl={monitorUrl}
        address={address}
        notice={notice}
        onSignedIn={(signedIn) => {
          saveSession(monitorUrl, signedIn);
          setNotice(undefined);
          setSession(signedIn);
        }}
      />
    );
  return (
    <SignedIn
      monitorUrl={monitorUrl}
      session={session}
      onSignedOut={(why) => {
        forgetSession(monitorUrl);
        setNotice(why);
        setSession(undefined);
      }}
    />
  );
}

function SignedIn({
  monitorUrl,
  session,
  onSignedOut,
}: {
  monitorUrl: string;
  session: Session;
  onSignedOut: (why?: string) => void;
}) {
  const { deployment } = useAppConfig();
  const queryClient = useQueryClient();
  const key = ["alert-rules", monitorUrl, session.address, session.token];
  const [secret, setSecret] = useState<{ summary: string; secret: string }>();
  const [deleted, setDeleted] = useState<string>();
  /** A session the monitor no longer knows (expired, or the monitor's store made anew) asks for a sign-in. */
  const ended = (error: Error) => {
    if (error instanceof MonitorError && error.status === 401) onSignedOut(error.message);
  };
  const rules = useQuery({
    queryKey: key,
    queryFn: async () => {
      try {
        return await listRules(monitorUrl, session.token);
      } catch (error) {
        ended(error as Error);
        throw error;
      }
    },
    retry: (count, error) => !(error instanceof MonitorError && error.status > 0 && error.status < 500) && count < 2,
  });
  const create = useMutation({
    mutationFn: (rule: NewRule) => createRule(monitorUrl, session.token, rule),
    onSuccess: (made) => {
      setDeleted(undefined);
      setSecret(
        made.webhookSecret ? { summary: ruleSummary(made.rule, deployment), secret: made.webhookSecret } : undefined,
      );
      return queryClient.invalidateQueries({ queryKey: key });
    },
    onError: ended,
  });
  const remove = useMutation({
    mutationFn: (id: string) => deleteRule(monitorUrl, session.token, id),
    onSuccess: (_answer, id) => {
      const gone = rules.data?.rules.find((r) => r.id === id);
      setDeleted(gone ? ruleSummary(gone, deployment) : id);
      return queryClient.invalidateQueries({ queryKey: key });
    },
    onError: ended,
  });
  const list = rules.data?.rules ?? [];
  const full =
    rules.data && list.length >= rules.data.limit
      ? `You have ${list.length} alerts, the most the monitor keeps for one address: delete one to make another.`
      : undefined;

  return (
    <>
      <p className="alerts-session">
        Signed in to the monitor as <code title={session.address}>{session.address}</code> until{" "}
        {new Date(session.expiresAt).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" })}.{" "}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            endSession(monitorUrl, session.token).catch(() => {});
            onSignedOut();
          }}
        >
          Sign out
        </button>
      </p>
      <section aria-labelledby="alert-rules-title">
        <h2 id="alert-rules-title">Your alerts</h2>
        {rules.isPending && <p aria-live="polite">Loading your alerts…</p>}
        {rules.error && (
          <p role="alert" className="error">
            {sentenceOf(rules.error)}
          </p>
        )}
        {rules.data && list.length === 0 && <p data-testid="no-rules">You have no alerts yet: make one below.</p>}
        {list.length > 0 && (
          <ul className="alerts-list" data-testid="rules">
            {list.map((rule) => {
              const summary = ruleSummary(rule, deployment);
              return (
                <li key={rule.id} data-testid="rule" data-rule-id={rule.id}>
                  <span className={`alerts-severity alerts-severity-${rule.severity}`}>{rule.severity}</span>
                  <span className="alerts-text">{summary}</span>
                  <button
                    type="button"
                    className="secondary"
                    disabled={remove.isPending}
                    onClick={() => remove.mutate(rule.id)}
                  >
                    Delete<span className="visually-hidden"> the alert: {summary}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <div aria-live="polite">
          {deleted && <p data-testid="deleted">Deleted: {deleted}</p>}
          {secret && (
            <div className="alerts-secret" data-testid="webhook-secret">
              <p>
                Made: {secret.summary} Your webhook's signing secret, shown this once (keep it to check
                X-Keel-Signature):
              </p>
              <code>{secret.secret}</code>
            </div>
          )}
        </div>
        {remove.error && (
          <p role="alert" className="error">
            {sentenceOf(remove.error)}
          </p>
        )}
      </section>
      <RuleForm onCreate={(rule) => create.mutate(rule)} busy={create.isPending} full={full} />
      {create.error && (
        <p role="alert" className="error" data-testid="create-error">
          {sentenceOf(create.error)}
        </p>
      )}
    </>
  );
}
