// The vaults section: an owner's vaults, the form of the action chosen on one, and (for your own
// account) a form to open a vault of each collateral type.
import type { CollateralTypeInfo, VaultInfo } from "@keel/sdk";
import { useState } from "react";
import type { Address } from "viem";
import { sentenceOf } from "../lib/errors.ts";
import { minRatioText, stabilityFeeText, symbolOfType } from "../lib/kusdFormat.ts";
import type { VaultOperationName } from "../lib/kusdOperations.ts";
import { useCollateralTypes, useVaults } from "./reads.ts";
import { VaultForm } from "./VaultForm.tsx";
import { VaultTable } from "./VaultTable.tsx";

type Selected = { operation: VaultOperationName; vault: VaultInfo } | { operation: "open"; type: CollateralTypeInfo };

export function Vaults({ owner, own }: { owner: Address; own: boolean }) {
  const vaults = useVaults(owner);
  const types = useCollateralTypes();
  const [selected, setSelected] = useState<Selected | undefined>();
  const error = vaults.error ?? types.error;
  // The form acts on the vault as read at the latest block; once it is gone (closed), on its last read.
  const current =
    selected && "vault" in selected
      ? (vaults.data?.find((v) => v.id === selected.vault.id) ?? selected.vault)
      : undefined;
  const typeOf = (s: Selected) => ("type" in s ? (types.data?.find((t) => t.id === s.type.id) ?? s.type) : undefined);
  return (
    <section aria-labelledby="vaults-title">
      <h2 id="vaults-title">Vaults</h2>
      {error ? (
        <p role="alert" className="error">
          {sentenceOf(error)}
        </p>
      ) : !vaults.data ? (
        <p aria-live="polite">Loading…</p>
      ) : vaults.data.length === 0 ? (
        <p data-testid="no-vaults">This account has no vault.</p>
      ) : (
        <VaultTable vaults={vaults.data} own={own} onAction={(operation, vault) => setSelected({ operation, vault })} />
      )}
      {own && selected && (
        <VaultForm
          key={"vault" in selected ? `${selected.operation}-${selected.vault.id}` : `open-${selected.type.id}`}
          operation={selected.operation}
          type={current?.type ?? (typeOf(selected) as CollateralTypeInfo)}
          vault={current}
          owner={owner}
          onClose={() => setSelected(undefined)}
        />
      )}
      {own && types.data && (
        <div className="card">
          <h3>Open a vault</h3>
          <ul className="kusd-types">
            {types.data.map((t) => (
              <li key={String(t.id)}>
                <button type="button" className="small" onClick={() => setSelected({ operation: "open", type: t })}>
                  Open a {symbolOfType(t)} vault
                </button>{" "}
                minimum ratio {minRatioText(t)}, stability fee {stabilityFeeText(t)}
                {t.isMintPaused && ", minting paused"}
                {t.isShutdown && ", shut down"}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
