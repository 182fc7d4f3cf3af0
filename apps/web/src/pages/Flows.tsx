// One-transaction flows through the bundler: leverage up or down, repay with collateral, close, and
// collateral or debt swaps. The SDK plans each from quotes at one block and previews it with the
// contracts' math; signing authorizes the bundler for this one transaction only.
import {
  authorizeForOneBundle,
  executeBundle,
  keelPoolAbi,
  type PoolFlowPlan,
  permitForBundle,
  planPoolFlow,
} from "@keel/sdk";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { useAccount, useConfig, usePublicClient } from "wagmi";
import { getConnectorClient } from "wagmi/actions";
import { useAppConfig } from "../chain/context.tsx";
import { useAccountSnapshot, usePoolList, usePoolParam, usePoolSnapshot } from "../chain/pools.ts";
import { FlowPreview } from "../components/FlowPreview.tsx";
import { HealthFactor } from "../components/HealthFactor.tsx";
import { StandingAuthorization } from "../components/StandingAuthorization.tsx";
import { sentenceOf } from "../lib/errors.ts";
import { FLOWS, type FlowValues, flowRequest } from "../lib/flows.ts";
import { symbolOf } from "../lib/market.ts";
import { positionRows, positionSummary } from "../lib/position.ts";
import { useSingleFlight } from "../lib/useSingleFlight.ts";

/** A quote is signed only while it is fresh: after a minute the page asks for a new preview. */
const QUOTE_LIFETIME_MS = 60_000;

type Planned = { plan: PoolFlowPlan; oneTime: boolean; permit: boolean; at: number };
type Status = { phase: "idle" | "busy" | "done" | "failed"; text: string };

export function Flows() {
  const { address } = useAccount();
  const pools = usePoolList();
  const [search, setSearch] = useSearchParams();
  const poolId = usePoolParam(search.get("pool"));
  const kind = search.get("flow") ?? FLOWS[0].kind;
  const spec = FLOWS.find((f) => f.kind === kind) ?? FLOWS[0];
  const { deployment } = useAppConfig();
  const pool = usePoolSnapshot(poolId);
  const account = useAccountSnapshot(poolId, address);
  const client = usePublicClient();
  const wagmiConfig = useConfig();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FlowValues>({});
  const once = useSingleFlight();
  const [slippage, setSlippage] = useState("0.5");
  const [impact, setImpact] = useState("1");
  const [planned, setPlanned] = useState<Planned | undefined>();
  const [status, setStatus] = useState<Status>({ phase: "idle", text: "" });

  if (!address) {
    return (
      <section>
        <h1>One-transaction flows</h1>
        <p>
          Connect a wallet to leverage, deleverage, swap collateral or debt, or close a position in one transaction.
        </p>
      </section>
    );
  }
  const periphery = deployment.periphery;
  if (!periphery) return <p role="alert">This deployment has no bundler; flows need one.</p>;

  const change = (next: Partial<Record<string, string>>) => {
    setSearch({ pool: String(poolId), flow: spec.kind, ...next });
    setValues({});
    setPlanned(undefined);
    setStatus({ phase: "idle", text: "" });
  };

  async function preview() {
    if (!pool.data || !client || !address || !periphery) return;
    setPlanned(undefined);
    setStatus({ phase: "busy", text: "Quoting the swap and sizing the flow…" });
    try {
      const request = flowRequest(spec, pool.data, values);
      const bps = percentBps(slippage, "Slippage", 10);
      const impactBps = percentBps(impact, "The price impact", 10);
      const plan = await planPoolFlow(client, {
        pool: deployment.contracts.pool,
        poolId,
        bundler: periphery.bundler,
        swapAdapter: periphery.swapAdapter,
        router: deployment.uniswap.router,
        registry: periphery.registry,
        account: address,
        request,
        slippageBps: bps,
        maxDeviationBps: impactBps,
        hubs: ["USDC", "WETH"].flatMap((s) => (deployment.tokens[s] ? [deployment.tokens[s].address] : [])),
      });
      const authorized = await client.readContract({
        address: deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "isAuthorized",
        args: [address, periphery.bundler],
      });
      setPlanned({
        plan,
        oneTime: !authorized,
        permit: request.kind === "leverage" && request.deposit > 0n,
        at: Date.now(),
      });
      setStatus({ phase: "idle", text: "" });
    } catch (error) {
      setStatus({ phase: "failed", text: sentenceOf(error) });
    }
  }

  function send() {
    return once(() => sendNow());
  }

  async function sendNow() {
    if (!planned || !periphery || !pool.data) return;
    if (Date.now() - planned.at > QUOTE_LIFETIME_MS) {
      setPlanned(undefined);
      setStatus({ phase: "failed", text: "The quote is more than a minute old, and prices move: preview again." });
      return;
    }
    try {
      const wallet = await getConnectorClient(wagmiConfig);
      let steps = planned.plan.steps;
      if (planned.oneTime)
        setStatus({ phase: "busy", text: "Sign the bundler's one-time authorization and its revoke in your wallet…" });
      steps = await authorizeForOneBundle(wallet, {
        pool: deployment.contracts.pool,
        bundler: periphery.bundler,
        steps,
      });
      const request = flowRequest(spec, pool.data, values);
      if (request.kind === "leverage" && request.deposit > 0n) {
        setStatus({ phase: "busy", text: "Sign the permit for your deposit in your wallet…" });
        const token = pool.data.reserves[request.collateral].config.asset;
        steps = await permitForBundle(wallet, { token, bundler: periphery.bundler, value: request.deposit, steps });
      }
      setStatus({ phase: "busy", text: "Confirm the transaction in your wallet…" });
      const sent = await executeBundle(wallet, { bundler: periphery.bundler, steps });
      setStatus({
        phase: "done",
        text: `Done: ${spec.label.toLowerCase()} in one transaction (${sent.hash.slice(0, 10)}…).`,
      });
      setPlanned(undefined);
      // Not awaited: a refetch that takes long must not hold the form.
      void queryClient.invalidateQueries();
    } catch (error) {
      setStatus({ phase: "failed", text: sentenceOf(error) });
    }
  }

  const summary =
    pool.data && account.data
      ? positionSummary(pool.data, account.data, positionRows(pool.data, account.data))
      : undefined;
  const busy = status.phase === "busy";
  return (
    <section aria-labelledby="flows-title">
      <h1 id="flows-title">One-transaction flows</h1>
      <div className="flow-pickers">
        <label htmlFor="flow-pool">Pool</label>
        <select id="flow-pool" value={String(poolId)} onChange={(e) => change({ pool: e.target.value })}>
          {pools.map((p) => (
            <option key={String(p.id)} value={String(p.id)}>
              {p.name}
            </option>
          ))}
        </select>
        <label htmlFor="flow-kind">Flow</label>
        <select
          id="flow-kind"
          value={spec.kind}
          onChange={(e) => change({ flow: e.target.value })}
          data-testid="flow-kind"
        >
          {FLOWS.map((f) => (
            <option key={f.kind} value={f.kind}>
              {f.label}
            </option>
          ))}
        </select>
        {summary && (
          <span>
            Health factor now: <HealthFactor value={summary.healthFactor} />
          </span>
        )}
      </div>
      <form
        className="card operation"
        aria-labelledby="flow-form-title"
        onSubmit={(e) => {
          e.preventDefault();
          void preview();
        }}
      >
        <h2 id="flow-form-title">{spec.label}</h2>
        <p className="help">{spec.about}</p>
        {spec.fields.map((field) => {
          const id = `flow-${field.name}`;
          return (
            <div key={field.name} className="field">
              <label htmlFor={id}>
                {field.label}
                {field.kind === "amount" && values[field.of] !== undefined && pool.data
                  ? ` (${symbolOf(pool.data.reserves[Number(values[field.of])])})`
                  : ""}
                {field.optional ? " (optional)" : ""}
              </label>
              {field.kind === "reserve" ? (
                <select
                  id={id}
                  value={values[field.name] ?? ""}
                  onChange={(e) => {
                    setValues({ ...values, [field.name]: e.target.value });
                    setPlanned(undefined);
                  }}
                >
                  <option value="">choose…</option>
                  {pool.data?.reserves.map((r) => (
                    <option key={r.index} value={r.index}>
                      {symbolOf(r)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={id}
                  inputMode="decimal"
                  autoComplete="off"
                  value={values[field.name] ?? ""}
                  onChange={(e) => {
                    setValues({ ...values, [field.name]: e.target.value });
                    setPlanned(undefined);
                  }}
                />
              )}
            </div>
          );
        })}
        <div className="field">
          <label htmlFor="flow-slippage">Slippage accepted below the quote (%)</label>
          <input
            id="flow-slippage"
            inputMode="decimal"
            value={slippage}
            onChange={(e) => {
              setSlippage(e.target.value);
              setPlanned(undefined);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="flow-impact">Largest price impact accepted against the oracles (%)</label>
          <input
            id="flow-impact"
            inputMode="decimal"
            value={impact}
            onChange={(e) => {
              setImpact(e.target.value);
              setPlanned(undefined);
            }}
          />
        </div>
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy || !pool.data}>
            Preview
          </button>
          <button type="button" disabled={!planned || busy} onClick={() => void send()} data-testid="flow-send">
            Sign and send
          </button>
        </div>
        {planned && <FlowPreview {...planned} />}
        <p aria-live="polite" data-testid="flow-status" className={`status status-${status.phase}`}>
          {status.text}
        </p>
      </form>
      <StandingAuthorization pool={deployment.contracts.pool} operator={periphery.bundler} account={address} />
    </section>
  );
}

/** A percentage typed as "0.5" in BPS, from 0 to `most` percent, at most two decimals. */
function percentBps(text: string, what: string, most: number): bigint {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed) || Number(trimmed) > most) {
    throw new Error(`${what} is a percentage from 0 to ${most}, with at most two decimals.`);
  }
  const [whole, fraction = ""] = trimmed.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
}
