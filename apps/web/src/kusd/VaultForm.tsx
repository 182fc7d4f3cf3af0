// One vault operation: its amounts (or max), the preview computed with the SDK as the user types (ratio
// before and after against the type's minimum, liquidation price, stability fee, approval, warnings),
// then the approval if the engine pulls collateral beyond the allowance, and the operation itself.
import type { CollateralTypeInfo, VaultInfo } from "@keel/sdk";
import { useMemo, useState } from "react";
import type { Address } from "viem";
import { useTokenState } from "../chain/pools.ts";
import { readAmount } from "../lib/kusdAmount.ts";
import { collateralText, KUSD, kusdText, stabilityFeeText, symbolOfType } from "../lib/kusdFormat.ts";
import { type AmountKey, VAULT_OPERATIONS, type VaultOperationName } from "../lib/kusdOperations.ts";
import { planVaultOperation, type VaultPlan } from "../lib/kusdVault.ts";
import { AmountField, type AmountText, EMPTY_AMOUNT } from "./AmountField.tsx";
import { PreviewRows } from "./PreviewRows.tsx";
import { expectedAt, useCdp } from "./reads.ts";
import { StatusLine } from "./StatusLine.tsx";
import { useSend } from "./useSend.ts";
import { sendVaultOperation } from "./vaultSend.ts";

type Props = {
  operation: VaultOperationName;
  type: CollateralTypeInfo;
  /** The vault acted on; undefined for open. */
  vault: VaultInfo | undefined;
  owner: Address;
  onClose: () => void;
};

export function VaultForm({ operation, type, vault, owner, onClose }: Props) {
  const spec = VAULT_OPERATIONS[operation];
  const cdp = useCdp();
  const engine = cdp?.engine as Address;
  const symbol = symbolOfType(type);
  const collateral = useTokenState(type.token, owner, engine);
  const kusd = useTokenState(cdp?.kusd, owner, engine);
  const [fields, setFields] = useState<Partial<Record<AmountKey, AmountText>>>({});
  const { status, setStatus, send, busy } = useSend();

  const planned = useMemo((): { plan?: VaultPlan; problem?: string } => {
    if (!collateral.data || !kusd.data) return {};
    // A close is done once: the vault is gone, and nothing is left to preview.
    if (spec.fields.length === 0 && status.phase === "done") return {};
    const typed = spec.fields.some((f) => (fields[f.key]?.max ?? false) || (fields[f.key]?.text ?? "").trim() !== "");
    if (spec.fields.length > 0 && !typed) return {};
    try {
      const amounts = Object.fromEntries(
        spec.fields.map((f) => {
          const unit = f.unit === "kUSD" ? KUSD : { decimals: type.decimals, symbol };
          return [f.key, readAmount(fields[f.key] ?? EMPTY_AMOUNT, unit.decimals, unit.symbol)];
        }),
      );
      const plan = planVaultOperation({
        operation,
        type,
        vault,
        amounts,
        wallet: { collateral: collateral.data.balance, allowance: collateral.data.allowance, kusd: kusd.data.balance },
        at: expectedAt(type.timestamp),
      });
      return { plan };
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) };
    }
  }, [collateral.data, kusd.data, spec, fields, type, symbol, operation, vault, status.phase]);
  const { plan, problem } = planned;

  async function submit() {
    if (!plan) return;
    const approval =
      plan.approval === undefined
        ? undefined
        : { token: type.token, spender: engine, amount: plan.approval, text: collateralText(plan.approval, type) };
    const done = await send(approval, `the ${spec.label.toLowerCase()}`, (client) =>
      sendVaultOperation(operation, client, { engine, type, vaultId: vault?.id, plan }),
    );
    if (done) setFields({});
  }

  const formId = `vault-${operation}-${vault?.id ?? `type-${type.id}`}`;
  const title = vault ? `${spec.label} · vault ${vault.id} (${symbol})` : `Open a ${symbol} vault`;
  const rows: [string, string][] = plan
    ? [
        ...plan.rows,
        ["Stability fee", stabilityFeeText(type)],
        [
          "Approval",
          plan.approval !== undefined
            ? `a transaction approving exactly ${collateralText(plan.approval, type)} first`
            : spec.pays === "kUSD"
              ? "none: kUSD is burned without an allowance"
              : "none needed",
        ],
        ...(plan.kept ? ([["Max keeps", "the ratio 10 points above the minimum"]] as [string, string][]) : []),
      ]
    : [];
  return (
    <section className="card operation" aria-labelledby={`${formId}-title`} data-testid="vault-operation">
      <h3 id={`${formId}-title`}>{title}</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        {spec.fields.map((f) => (
          <AmountField
            key={f.key}
            id={`${formId}-${f.key}`}
            label={f.unit === "kUSD" ? f.label : `${f.label} (${symbol})`}
            value={fields[f.key] ?? EMPTY_AMOUNT}
            help={`${f.unit === "kUSD" ? `Wallet: ${kusd.data ? kusdText(kusd.data.balance) : "…"}` : `Wallet: ${collateral.data ? collateralText(collateral.data.balance, type) : "…"}`} · ${f.maxHelp}`}
            onChange={(value) => {
              setFields({ ...fields, [f.key]: value });
              setStatus({ phase: "idle" });
            }}
          />
        ))}
        {operation === "close" && (
          <p className="help">Closing repays all the debt from your kUSD and returns all the collateral to you.</p>
        )}
        {problem && (
          <p role="alert" className="error" data-testid="plan-problem">
            {problem}
          </p>
        )}
        {plan && <PreviewRows rows={rows} warnings={plan.warnings} />}
        <div className="actions">
          <button type="submit" disabled={!plan || busy} data-testid="send">
            {plan?.approval !== undefined ? `Approve and ${spec.label.toLowerCase()}` : spec.label}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            Close form
          </button>
        </div>
        <StatusLine status={status} />
      </form>
    </section>
  );
}
