// A new protection policy: the choices with the CLI's defaults, the policy in plain words as it is edited,
// what will be sent or signed (the authorization or the wallet allowance first, then the post), then
// "Sign and post" through the SDK, or "Sign only" for a keeper's policies file.
import {
  ensureAllowance,
  type Policy,
  postPolicy,
  protectionPoliciesAbi,
  setAuthorization,
  setVaultOperator,
  signPolicy,
} from "@keel/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { type Address, parseEventLogs } from "viem";
import { useConfig } from "wagmi";
import { getConnectorClient } from "wagmi/actions";
import { useAppConfig } from "../chain/context.tsx";
import { sentenceOf } from "../lib/errors.ts";
import { formatHealthFactor, tokens } from "../lib/format.ts";
import {
  ACTION_LABELS,
  type ActionName,
  assetsOf,
  buildPolicy,
  defaultValues,
  hasBand,
  type ProtectScope,
  type ProtectValues,
  paysFee,
  sells,
  signedPolicyJson,
  type TriggerName,
} from "../lib/protectPolicy.ts";
import { expiryText, summarize } from "../lib/protectSummary.ts";
import { useSingleFlight } from "../lib/useSingleFlight.ts";
import { usePolicyContracts, usePolicySetup } from "./reads.ts";
import { type Status, StatusLine } from "./StatusLine.tsx";

type Props = {
  owner: Address;
  scope: ProtectScope;
  /** The reserves the owner holds as collateral and owes, for the defaults. */
  position: { collateral?: number; debt?: number };
  /** The health factor (a vault: its ratio) now, for the warnings; undefined without debt or a price. */
  healthNow: bigint | undefined;
  /** Whether there is debt to protect now. */
  owes: boolean;
};

type Field = { key: keyof ProtectValues; label: string; help?: string };

export function PolicyForm({ owner, scope, position, healthNow, owes }: Props) {
  const { deployment } = useAppConfig();
  const contracts = usePolicyContracts() as { policies: Address; adapter: Address };
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ProtectValues>(() => defaultValues(scope, position));
  const once = useSingleFlight();
  const [status, setStatus] = useState<Status>({ phase: "idle", text: "" });
  const [signed, setSigned] = useState<string | undefined>();
  const vault = scope.kind === "vault";
  const action: ActionName = vault ? "vault-repay" : values.action;
  const assets = assetsOf(scope, Number(values.collateral), Number(values.debt));
  const repayToken =
    action === "repay" && scope.kind === "pool" ? scope.reserves[Number(values.debt)]?.asset : undefined;
  const setup = usePolicySetup(scope, owner, repayToken);

  const built = useMemo((): { policy?: Policy; problem?: string } => {
    if (!setup.data) return {};
    try {
      return {
        policy: buildPolicy(scope, values, {
          owner,
          adapter: contracts.adapter,
          nonce: setup.data.nonce,
          now: setup.data.now,
        }),
      };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }, [scope, values, owner, contracts.adapter, setup.data]);
  const { policy, problem } = built;

  const signedUrl = useMemo(
    () => (signed === undefined ? undefined : URL.createObjectURL(new Blob([signed], { type: "application/json" }))),
    [signed],
  );
  useEffect(() => () => (signedUrl ? URL.revokeObjectURL(signedUrl) : undefined), [signedUrl]);

  const change = (next: Partial<ProtectValues>) => {
    setValues({ ...values, ...next });
    if (status.phase !== "busy") setStatus({ phase: "idle", text: "" });
  };

  const needsAllowance =
    policy !== undefined && action === "repay" && (setup.data?.allowance ?? 0n) < policy.repayAllowance;
  const warnings: string[] = [];
  if (policy && values.trigger === "health" && healthNow !== undefined && healthNow < policy.triggerValue) {
    warnings.push(
      vault
        ? "The vault's ratio is already below the trigger: a keeper may act as soon as the policy is posted."
        : `Your health factor is ${formatHealthFactor(healthNow)}, already below the trigger: a keeper may act as soon as the policy is posted.`,
    );
  }
  if (!owes) {
    warnings.push(
      vault
        ? "The vault has no debt now; the policy waits until it has."
        : `You owe nothing in ${scope.kind === "pool" ? scope.poolName : "this pool"} now; the policy waits until you do.`,
    );
  }

  function run(mode: "post" | "sign") {
    return once(() => runNow(mode));
  }

  async function runNow(mode: "post" | "sign") {
    if (!policy || !setup.data) {
      setStatus({
        phase: "failed",
        text: "Your position is still being read; nothing was sent. Try again in a moment.",
      });
      return;
    }
    setSigned(undefined);
    try {
      const wallet = await getConnectorClient(wagmiConfig);
      if (!setup.data.authorized) {
        setStatus({ phase: "busy", text: "Confirm the policy contract's authorization in your wallet…" });
        if (vault) {
          await setVaultOperator(wallet, {
            engine: deployment.cdp?.engine as Address,
            operator: contracts.policies,
            approved: true,
          });
        } else {
          await setAuthorization(wallet, {
            pool: deployment.contracts.pool,
            operator: contracts.policies,
            isAuthorized: true,
          });
        }
      }
      if (action === "repay" && repayToken !== undefined) {
        setStatus({
          phase: "busy",
          text: `Approve ${tokens(policy.repayAllowance, assets.debt.decimals, assets.debt.symbol)} in your wallet…`,
        });
        await ensureAllowance(wallet, {
          token: repayToken,
          spender: contracts.policies,
          amount: policy.repayAllowance,
        });
      }
      if (mode === "post") {
        setStatus({ phase: "busy", text: "Confirm posting the policy in your wallet…" });
        const sent = await postPolicy(wallet, { policies: contracts.policies, policy });
        const [posted] = parseEventLogs({
          abi: protectionPoliciesAbi,
          eventName: "PostPolicy",
          logs: sent.receipt.logs,
        });
        setStatus({
          phase: "done",
          text: `Posted policy ${posted?.args.policyHash ?? ""}: any keeper can now find it on chain.`,
        });
      } else {
        setStatus({ phase: "busy", text: "Sign the policy in your wallet (no transaction, no gas)…" });
        const signature = await signPolicy(wallet, { policies: contracts.policies, policy });
        setSigned(signedPolicyJson(policy, signature));
        setStatus({
          phase: "done",
          text: "Signed. Nothing was posted: hand the JSON below to a keeper for its policies file.",
        });
      }
      // Not awaited: a refetch that takes long must not hold the form.
      void queryClient.invalidateQueries();
    } catch (error) {
      setStatus({ phase: "failed", text: sentenceOf(error) });
    }
  }

  const healthUnit = vault ? " (%)" : "";
  const triggerLabel =
    values.trigger === "health"
      ? vault
        ? "Trigger level: collateral ratio (%)"
        : "Trigger level: health factor"
      : `Trigger level: ${assets.collateral.symbol} price (USD)`;
  const fields: Field[] = [{ key: "triggerValue", label: triggerLabel }];
  if (hasBand(action)) {
    fields.push(
      { key: "target", label: `Target ${vault ? "collateral ratio" : "health factor"}${healthUnit}` },
      {
        key: "tolerance",
        label: `Tolerance above the target${healthUnit}`,
        help: "An execution must land between the target and the target plus this.",
      },
    );
  }
  if (action === "repay") {
    fields.push({
      key: "repayAllowance",
      label: `Most taken from your wallet (${assets.debt.symbol})`,
      help: "Over all executions, the keeper's fee included; approved to the policy contract exactly.",
    });
  }
  if (action === "soft-liquidation") {
    fields.push(
      { key: "incentiveStart", label: "Incentive at the trigger (%)" },
      {
        key: "incentiveEnd",
        label: "Incentive at health 1 (%)",
        help: "At most what the pool's own liquidation pays at health 1.",
      },
      { key: "closeFactor", label: "Most of the debt repaid at a time (%)" },
    );
  }
  if (paysFee(action)) {
    fields.push(
      { key: "fee", label: "Keeper's fee (% of the debt repaid)", help: "At most 5%." },
      { key: "maxFee", label: `Fee cap (${assets.debt.symbol})` },
    );
  }
  if (sells(action)) {
    fields.push({
      key: "bound",
      label: "Price bound (% below the oracles' price)",
      help: "Each sale may be at most this far below the oracles; at most 10%. A keeper may take it in full.",
    });
  }
  fields.push(
    { key: "cooldownMinutes", label: "Cooldown between executions (minutes)" },
    { key: "days", label: "Lives for (days)" },
    { key: "maxExecutions", label: "Most executions" },
  );

  const busy = status.phase === "busy";
  const steps: string[] = [];
  if (setup.data && !setup.data.authorized) {
    steps.push(
      vault
        ? "A transaction making the policy contract an operator of your vaults; it may act only as your live policies say."
        : "A transaction authorizing the policy contract on the pool for you; it may act only as your live policies say.",
    );
  }
  if (policy && action === "repay") {
    steps.push(
      needsAllowance
        ? `A transaction approving exactly ${tokens(policy.repayAllowance, assets.debt.decimals, assets.debt.symbol)} to the policy contract.`
        : `No approval: your allowance to the policy contract already covers ${tokens(policy.repayAllowance, assets.debt.decimals, assets.debt.symbol)}.`,
    );
  }
  steps.push(
    "Sign and post: a transaction posting the policy, so any keeper finds it on chain. Or Sign only: a signature, no gas, for a keeper you hand it to.",
  );

  return (
    <form
      className="card operation protect-form"
      aria-labelledby="protect-form-title"
      onSubmit={(event) => {
        event.preventDefault();
        void run("post");
      }}
    >
      <h2 id="protect-form-title">New policy</h2>
      {!vault && (
        <div className="field">
          <label htmlFor="protect-action">Action</label>
          <select
            id="protect-action"
            value={values.action}
            onChange={(e) => change({ action: e.target.value as ActionName })}
          >
            {(["deleverage", "repay", "close", "soft-liquidation"] as const).map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </select>
        </div>
      )}
      {scope.kind === "pool" && (
        <div className="protect-pair">
          <div className="field">
            <label htmlFor="protect-collateral">Collateral</label>
            <select
              id="protect-collateral"
              value={values.collateral}
              onChange={(e) => change({ collateral: e.target.value })}
            >
              {scope.reserves.map((r) => (
                <option key={r.index} value={r.index}>
                  {r.symbol}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="protect-debt">Debt</label>
            <select id="protect-debt" value={values.debt} onChange={(e) => change({ debt: e.target.value })}>
              {scope.reserves.map((r) => (
                <option key={r.index} value={r.index}>
                  {r.symbol}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor="protect-trigger">Trigger</label>
        <select
          id="protect-trigger"
          value={values.trigger}
          onChange={(e) => change({ trigger: e.target.value as TriggerName })}
        >
          <option value="health">{vault ? "Collateral ratio falls below" : "Health factor falls below"}</option>
          <option value="price-below">{assets.collateral.symbol} price falls below</option>
          <option value="price-above">{assets.collateral.symbol} price rises above</option>
        </select>
      </div>
      <div className="protect-grid">
        {fields.map((f) => {
          const id = `protect-${f.key}`;
          return (
            <div key={f.key} className="field">
              <label htmlFor={id}>{f.label}</label>
              <input
                id={id}
                inputMode="decimal"
                autoComplete="off"
                value={String(values[f.key])}
                aria-describedby={f.help ? `${id}-help` : undefined}
                onChange={(e) => change({ [f.key]: e.target.value })}
              />
              {f.help && (
                <p id={`${id}-help`} className="help">
                  {f.help}
                </p>
              )}
            </div>
          );
        })}
      </div>
      {vault && (
        <div className="protect-check">
          <input
            id="protect-psm"
            type="checkbox"
            checked={values.throughPegModule}
            onChange={(e) => change({ throughPegModule: e.target.checked })}
          />
          <label htmlFor="protect-psm">Sell for USDC and turn it into kUSD at the peg module</label>
        </div>
      )}

      <section aria-labelledby="protect-summary-title" className="protect-summary">
        <h3 id="protect-summary-title">What a keeper may do</h3>
        {policy ? (
          <p data-testid="protect-summary">{summarize(policy, scope)}</p>
        ) : (
          !problem && <p className="help">Reading your account…</p>
        )}
        {problem && (
          <p role="alert" className="error" data-testid="protect-problem">
            {problem}
          </p>
        )}
        {policy &&
          warnings.map((w) => (
            <p key={w} className="warning" data-testid="protect-warning">
              {w}
            </p>
          ))}
      </section>

      {policy && (
        <section aria-labelledby="protect-preview-title" data-testid="protect-preview">
          <h3 id="protect-preview-title">What will be sent</h3>
          <ol className="protect-steps">
            {steps.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ol>
          <dl className="preview">
            <div>
              <dt>Policy contract</dt>
              <dd>
                <code>{contracts.policies}</code>
              </dd>
            </div>
            {sells(action) && (
              <div>
                <dt>Swap adapter and route</dt>
                <dd>
                  <code>{policy.adapter}</code>, its direct pair only (route {policy.route.slice(0, 10)}…)
                </dd>
              </div>
            )}
            <div>
              <dt>Nonce</dt>
              <dd>{String(policy.nonce)}</dd>
            </div>
            <div>
              <dt>Expires</dt>
              <dd>{expiryText(policy.expiry)}</dd>
            </div>
          </dl>
        </section>
      )}

      <div className="actions">
        <button type="submit" disabled={!policy || !setup.data || busy} data-testid="protect-post">
          Sign and post
        </button>
        <button
          type="button"
          className="secondary"
          disabled={!policy || !setup.data || busy}
          onClick={() => void run("sign")}
          data-testid="protect-sign"
        >
          Sign only
        </button>
      </div>
      <StatusLine status={status} testId="protect-status" />
      {signed && signedUrl && (
        <div className="field">
          <label htmlFor="protect-signed">Signed policy (JSON, for a keeper's policies file)</label>
          <textarea id="protect-signed" readOnly rows={10} value={signed} data-testid="protect-signed" />
          <a href={signedUrl} download="keel-policy.json" data-testid="protect-download">
            Download the signed policy
          </a>
        </div>
      )}
    </form>
  );
}
