// One pool operation: an amount (or max), the preview computed with the SDK as the user types, then
// the approval if the pool needs one and the operation itself, each through the SDK (which simulates
// before sending and turns any revert into a sentence).
import { type AccountSnapshot, ensureAllowance, type PoolSnapshot } from "@keel/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import type { Address } from "viem";
import { useConfig } from "wagmi";
import { getConnectorClient } from "wagmi/actions";
import { useAppConfig } from "../chain/context.tsx";
import { useTokenState } from "../chain/pools.ts";
import { parseAmount } from "../lib/amount.ts";
import { sentenceOf } from "../lib/errors.ts";
import { formatUsdWad, percent, tokens } from "../lib/format.ts";
import { symbolOf } from "../lib/market.ts";
import { OPERATIONS, type OperationKind } from "../lib/operations.ts";
import { type Plan, PlanError, planOperation } from "../lib/plan.ts";
import { useSingleFlight } from "../lib/useSingleFlight.ts";
import { HealthFactor } from "./HealthFactor.tsx";

type Props = {
  kind: OperationKind;
  pool: PoolSnapshot;
  account: AccountSnapshot;
  reserve: number;
  onClose: () => void;
};

type Status =
  | { phase: "idle" }
  | { phase: "busy"; text: string }
  | { phase: "done"; text: string }
  | { phase: "failed"; text: string };

export function OperationForm({ kind, pool, account, reserve, onClose }: Props) {
  const spec = OPERATIONS[kind];
  const { deployment } = useAppConfig();
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const snapshot = pool.reserves[reserve];
  const symbol = symbolOf(snapshot);
  const decimals = snapshot.config.decimals;
  const owner = account.account;
  const wallet = useTokenState(snapshot.config.asset, owner, deployment.contracts.pool);
  const [text, setText] = useState("");
  const once = useSingleFlight();
  const [max, setMax] = useState(false);
  const [status, setStatus] = useState<Status>({ phase: "idle" });

  const planned = useMemo((): { plan?: Plan; problem?: string } => {
    if (!wallet.data) return {};
    if (!max && text.trim() === "") return {};
    try {
      const amount = max
        ? ({ kind: "max" } as const)
        : ({ kind: "exact", units: parseAmount(text, decimals, symbol) } as const);
      const at = BigInt(Math.max(Number(pool.timestamp), Math.floor(Date.now() / 1000))) + 12n;
      return { plan: planOperation({ kind, pool, account, reserve, amount, wallet: wallet.data, at }) };
    } catch (error) {
      if (error instanceof PlanError || error instanceof Error) return { problem: error.message };
      return { problem: String(error) };
    }
  }, [wallet.data, max, text, decimals, symbol, pool, kind, account, reserve]);

  const { plan, problem } = planned;
  const busy = status.phase === "busy";

  function send() {
    return once(() => sendNow());
  }

  async function sendNow() {
    if (!plan) return;
    setStatus({ phase: "busy", text: "Opening your wallet…" });
    // Set once the approval is mined: a later failure must not say that nothing was sent.
    let approved: string | undefined;
    try {
      const client = await getConnectorClient(wagmiConfig);
      if (plan.approval !== undefined) {
        setStatus({ phase: "busy", text: `Approve ${tokens(plan.approval, decimals, symbol)} in your wallet…` });
        await ensureAllowance(client, {
          token: snapshot.config.asset,
          spender: deployment.contracts.pool,
          amount: plan.approval,
        });
        approved = tokens(plan.approval, decimals, symbol);
      }
      setStatus({ phase: "busy", text: `Confirm the ${spec.label.toLowerCase()} in your wallet…` });
      const sent = await spec.send(client, {
        pool: deployment.contracts.pool,
        poolId: pool.poolId,
        reserve,
        assets: plan.amount,
        whole: plan.whole,
        account: owner as Address,
      });
      setStatus({
        phase: "done",
        text: `Done: ${spec.label.toLowerCase()} of ${plan.whole ? `all your ${symbol}` : tokens(plan.amount, decimals, symbol)} confirmed (transaction ${sent.hash.slice(0, 10)}…).`,
      });
      setText("");
      setMax(false);
      // Not awaited: a refetch that takes long must not hold the form.
      void queryClient.invalidateQueries();
    } catch (error) {
      const why = sentenceOf(error);
      setStatus({
        phase: "failed",
        text: approved
          ? `The approval of ${approved} went through, then the ${spec.label.toLowerCase()} did not: ${why.replace("nothing was sent", "it was not sent")} The allowance stays until it is used or set to 0.`
          : why,
      });
    }
  }

  const formId = `op-${kind}-${reserve}`;
  return (
    <section className="card operation" aria-labelledby={`${formId}-title`} data-testid="operation">
      <h3 id={`${formId}-title`}>
        {spec.label} {symbol}
      </h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label htmlFor={`${formId}-amount`}>Amount of {symbol}</label>
        <div className="amount-row">
          <input
            id={`${formId}-amount`}
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            value={max ? "" : text}
            placeholder={max ? "max" : "0.0"}
            onChange={(event) => {
              setMax(false);
              setText(event.target.value);
              setStatus({ phase: "idle" });
            }}
            aria-describedby={`${formId}-help`}
          />
          <button type="button" className="secondary" aria-pressed={max} onClick={() => setMax(!max)}>
            Max
          </button>
        </div>
        <p id={`${formId}-help`} className="help">
          Wallet: {wallet.data ? tokens(wallet.data.balance, decimals, symbol) : "…"}
          {kind === "repay" && " · Max repays the whole debt, to the last wei."}
          {(kind === "borrow" || kind === "withdrawCollateral") && " · Max keeps your health factor at 1.10 or above."}
        </p>
        {problem && (
          <p role="alert" className="error" data-testid="plan-problem">
            {problem}
          </p>
        )}
        {plan && <Preview plan={plan} symbol={symbol} decimals={decimals} />}
        <div className="actions">
          <button type="submit" disabled={!plan || busy} data-testid="send">
            {plan?.approval !== undefined ? `Approve and ${spec.verb}` : spec.label}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close
          </button>
        </div>
        <p aria-live="polite" data-testid="status" className={`status status-${status.phase}`}>
          {status.phase === "idle" ? "" : status.text}
        </p>
      </form>
    </section>
  );
}

function Preview({ plan, symbol, decimals }: { plan: Plan; symbol: string; decimals: number }) {
  return (
    <dl className="preview" data-testid="preview">
      <div>
        <dt>Amount</dt>
        <dd data-testid="preview-amount">
          {plan.whole ? `all: ${tokens(plan.amount, decimals, symbol)} now` : tokens(plan.amount, decimals, symbol)}
        </dd>
      </div>
      <div>
        <dt>Health factor</dt>
        <dd data-testid="preview-health">
          <HealthFactor value={plan.healthBefore} label="before" /> →{" "}
          <HealthFactor value={plan.healthAfter} label="after" />
        </dd>
      </div>
      {plan.liquidation.map((l) => (
        <div key={l.symbol}>
          <dt>{l.symbol} liquidation price</dt>
          <dd>
            {formatUsdWad(l.usd)}
            {l.nowUsd !== undefined && ` (now ${formatUsdWad(l.nowUsd)})`}
          </dd>
        </div>
      ))}
      {plan.rate && (
        <div>
          <dt>{plan.rate.label}</dt>
          <dd>
            {percent(plan.rate.before)} → {percent(plan.rate.after)}
          </dd>
        </div>
      )}
      <div>
        <dt>Approval</dt>
        <dd data-testid="preview-approval">
          {plan.approval === undefined
            ? "none needed"
            : `a transaction approving exactly ${tokens(plan.approval, decimals, symbol)} first`}
        </dd>
      </div>
      {plan.warnings.map((w) => (
        <p key={w} role="alert" className="warning">
          {w}
        </p>
      ))}
    </dl>
  );
}
