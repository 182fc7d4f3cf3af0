// A new alert: the condition (about the signed-in address, or an asset's price), how loud, and where it
// goes. The summary under the form reads the rule back in words before it is made.
import { useId, useState } from "react";
import { useAppConfig } from "../chain/context.tsx";
import type { NewRule, Severity, UserCondition } from "./api.ts";
import { ruleSummary, windowWords } from "./summary.ts";

type Kind = UserCondition["type"];

const KINDS: { kind: Kind; label: string; vaults?: boolean }[] = [
  { kind: "healthFactor", label: "My health factor falls below a level" },
  { kind: "vaultRatio", label: "A kUSD vault of mine falls below a collateral ratio", vaults: true },
  { kind: "priceDrop", label: "An asset's price drops" },
  { kind: "liquidated", label: "My account is liquidated" },
  { kind: "auctionStarted", label: "A kUSD vault of mine goes to auction", vaults: true },
];

const WINDOWS = ["15m", "1h", "6h", "1d"];

/** The rule the form describes, or the sentence that says what is missing. */
function ruleOf(state: FormState): NewRule | string {
  const positive = (text: string, what: string) => {
    const n = Number(text);
    return text.trim() !== "" && Number.isFinite(n) && n > 0 ? n : `Enter ${what} as a number above 0.`;
  };
  let condition: UserCondition;
  let extra: Pick<NewRule, "pools" | "assets"> = {};
  switch (state.kind) {
    case "healthFactor": {
      const below = positive(state.healthBelow, "the health factor");
      if (typeof below === "string") return below;
      condition = { type: "healthFactor", below };
      if (state.pool !== "all") extra = { pools: [Number(state.pool)] };
      break;
    }
    case "vaultRatio": {
      const percent = positive(state.ratioBelow, "the collateral ratio");
      if (typeof percent === "string") return percent;
      condition = { type: "vaultRatio", below: percent / 100 };
      break;
    }
    case "priceDrop": {
      const percent = positive(state.dropPercent, "the drop");
      if (typeof percent === "string") return percent;
      if (percent >= 100) return "A drop is less than 100%.";
      condition = { type: "priceDrop", percent, window: state.window };
      extra = { assets: [state.asset] };
      break;
    }
    case "liquidated":
    case "auctionStarted":
      condition = { type: state.kind };
      break;
  }
  if (state.channel === "webhook") {
    if (state.webhook.trim() === "") return "Enter the webhook's URL, or send alerts to the monitor's log.";
    return { condition, ...extra, severity: state.severity, channel: { type: "webhook", url: state.webhook.trim() } };
  }
  return { condition, ...extra, severity: state.severity, channel: { type: "stdout" } };
}

type FormState = {
  kind: Kind;
  pool: string;
  healthBelow: string;
  ratioBelow: string;
  asset: string;
  dropPercent: string;
  window: string;
  severity: Severity;
  channel: "stdout" | "webhook";
  webhook: string;
};

export function RuleForm({
  onCreate,
  busy,
  full,
}: {
  onCreate: (rule: NewRule) => void;
  busy: boolean;
  /** The address has as many rules as the monitor keeps: the form says so instead. */
  full?: string;
}) {
  const { deployment } = useAppConfig();
  const id = useId();
  const assets = Object.keys(deployment.tokens).filter((s) => s !== "kUSD");
  const kinds = KINDS.filter((k) => !k.vaults || deployment.cdp !== undefined);
  const [state, setState] = useState<FormState>({
    kind: "healthFactor",
    pool: "all",
    healthBelow: "1.2",
    ratioBelow: "170",
    asset: assets.includes("WETH") ? "WETH" : (assets[0] ?? ""),
    dropPercent: "10",
    window: "1h",
    severity: "warning",
    channel: "stdout",
    webhook: "",
  });
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((s) => ({ ...s, [key]: value }));
  const rule = ruleOf(state);

  return (
    <form
      className="alerts-form card"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (typeof rule !== "string") onCreate(rule);
      }}
    >
      <h2 id={`${id}-title`}>New alert</h2>
      <fieldset>
        <legend>Alert me when</legend>
        {kinds.map((k) => (
          <label key={k.kind} className="alerts-choice">
            <input
              type="radio"
              name={`${id}-kind`}
              value={k.kind}
              checked={state.kind === k.kind}
              onChange={() => set("kind", k.kind)}
            />
            {k.label}
          </label>
        ))}
      </fieldset>
      <div className="alerts-fields">
        {state.kind === "healthFactor" && (
          <>
            <label>
              <span>Health factor below</span>
              <input
                type="number"
                min="0.01"
                step="0.01"
                value={state.healthBelow}
                onChange={(e) => set("healthBelow", e.target.value)}
                data-testid="health-below"
              />
            </label>
            <label>
              <span>Pool</span>
              <select value={state.pool} onChange={(e) => set("pool", e.target.value)}>
                <option value="all">Every pool</option>
                {deployment.pools.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        {state.kind === "vaultRatio" && (
          <label>
            <span>Collateral ratio below (%)</span>
            <input
              type="number"
              min="1"
              step="1"
              value={state.ratioBelow}
              onChange={(e) => set("ratioBelow", e.target.value)}
            />
          </label>
        )}
        {state.kind === "priceDrop" && (
          <>
            <label>
              <span>Asset</span>
              <select value={state.asset} onChange={(e) => set("asset", e.target.value)}>
                {assets.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>Drop of at least (%)</span>
              <input
                type="number"
                min="0.1"
                max="99"
                step="0.1"
                value={state.dropPercent}
                onChange={(e) => set("dropPercent", e.target.value)}
              />
            </label>
            <label>
              <span>Below its highest of the last</span>
              <select value={state.window} onChange={(e) => set("window", e.target.value)}>
                {WINDOWS.map((w) => (
                  <option key={w} value={w}>
                    {windowWords(w)}
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label>
          <span>Severity</span>
          <select value={state.severity} onChange={(e) => set("severity", e.target.value as Severity)}>
            <option value="info">Info</option>
            <option value="warning">Warning</option>
            <option value="critical">Critical</option>
          </select>
        </label>
      </div>
      <fieldset>
        <legend>Send it to</legend>
        <label className="alerts-choice">
          <input
            type="radio"
            name={`${id}-channel`}
            checked={state.channel === "stdout"}
            onChange={() => set("channel", "stdout")}
          />
          The monitor's own log (its operator sees it)
        </label>
        <label className="alerts-choice">
          <input
            type="radio"
            name={`${id}-channel`}
            checked={state.channel === "webhook"}
            onChange={() => set("channel", "webhook")}
          />
          A webhook of mine
        </label>
        {state.channel === "webhook" && (
          <label className="alerts-webhook">
            <span>Webhook URL (https)</span>
            <input
              type="url"
              placeholder="https://hooks.example.com/keel"
              value={state.webhook}
              onChange={(e) => set("webhook", e.target.value)}
              aria-describedby={`${id}-webhook-help`}
            />
            <small id={`${id}-webhook-help`} className="help">
              Each alert is POSTed as JSON, signed with HMAC-SHA256 (X-Keel-Signature) with a secret shown once, when
              the rule is made.
            </small>
          </label>
        )}
      </fieldset>
      <p className="alerts-summary" data-testid="rule-preview" aria-live="polite">
        {typeof rule === "string" ? null : ruleSummary(rule, deployment)}
      </p>
      {touched && typeof rule === "string" && (
        <p role="alert" className="error">
          {rule}
        </p>
      )}
      {full ? (
        <p className="warning">{full}</p>
      ) : (
        <button type="submit" disabled={busy} data-testid="create-rule">
          {busy ? "Creating…" : "Create alert"}
        </button>
      )}
    </form>
  );
}
