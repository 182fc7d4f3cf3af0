// An owner's vaults at the latest block, with the SDK's figures: collateral, debt, ratio against the
// type's minimum, liquidation price, and what can still be minted or withdrawn. The owner gets actions.
import type { VaultInfo } from "@keel/sdk";
import {
  collateralText,
  kusdText,
  liquidationPriceText,
  minRatioText,
  ratioText,
  symbolOfType,
} from "../lib/kusdFormat.ts";
import type { VaultOperationName } from "../lib/kusdOperations.ts";

const ACTIONS: { operation: VaultOperationName; label: string }[] = [
  { operation: "deposit", label: "Deposit" },
  { operation: "withdraw", label: "Withdraw" },
  { operation: "mint", label: "Mint" },
  { operation: "repay", label: "Repay" },
  { operation: "close", label: "Close" },
];

type Props = { vaults: VaultInfo[]; own: boolean; onAction: (operation: VaultOperationName, vault: VaultInfo) => void };

export function VaultTable({ vaults, own, onAction }: Props) {
  return (
    <div className="table-scroll">
      <table data-testid="vaults">
        <caption className="visually-hidden">Vaults</caption>
        <thead>
          <tr>
            <th scope="col">Vault</th>
            <th scope="col">Type</th>
            <th scope="col">Collateral</th>
            <th scope="col">Debt</th>
            <th scope="col">Ratio / minimum</th>
            <th scope="col">Liquidation price</th>
            <th scope="col">Can mint</th>
            <th scope="col">Can withdraw</th>
            {own && <th scope="col">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {vaults.map((v) => (
            <tr key={String(v.id)} data-testid={`vault-${v.id}`}>
              <th scope="row">{String(v.id)}</th>
              <td>{symbolOfType(v.type)}</td>
              <td data-testid="collateral">{collateralText(v.collateral, v.type)}</td>
              <td data-testid="debt">{kusdText(v.debt, 2)}</td>
              <td data-testid="ratio">
                {ratioText(v, v.type)} / {minRatioText(v.type)}
                {v.auction && " · in auction"}
              </td>
              <td>{liquidationPriceText(v, v.type)}</td>
              <td>{v.maxMint === undefined ? "—" : kusdText(v.maxMint, 2)}</td>
              <td>{v.maxWithdraw === undefined ? "—" : collateralText(v.maxWithdraw, v.type)}</td>
              {own && (
                <td className="row-actions">
                  {ACTIONS.map((a) => (
                    <button key={a.operation} type="button" className="small" onClick={() => onAction(a.operation, v)}>
                      {a.label}
                      <span className="visually-hidden"> vault {String(v.id)}</span>
                    </button>
                  ))}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
