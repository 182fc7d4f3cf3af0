// Each vault operation sent through its SDK action, and the sentence once it is mined.
import {
  type CollateralTypeInfo,
  closeVault,
  depositVaultCollateral,
  type KeelWalletClient,
  mintKusd,
  openVault,
  repayKusd,
  withdrawVaultCollateral,
} from "@keel/sdk";
import type { Address } from "viem";
import { collateralText, kusdText } from "../lib/kusdFormat.ts";
import type { VaultOperationName } from "../lib/kusdOperations.ts";
import type { VaultPlan } from "../lib/kusdVault.ts";

type Target = { engine: Address; type: CollateralTypeInfo; vaultId: bigint | undefined; plan: VaultPlan };

const tx = (hash: string) => `(transaction ${hash.slice(0, 10)}…)`;

export async function sendVaultOperation(
  operation: VaultOperationName,
  client: KeelWalletClient,
  { engine, type, vaultId, plan }: Target,
): Promise<string> {
  const id = vaultId ?? 0n;
  switch (operation) {
    case "open": {
      const sent = await openVault(client, { engine, typeId: type.id, collateral: plan.amount, debt: plan.mint });
      const minted = plan.mint > 0n ? ` and minted ${kusdText(plan.mint)}` : "";
      return `Done: opened vault ${sent.vaultId} with ${collateralText(plan.amount, type)}${minted} ${tx(sent.hash)}.`;
    }
    case "deposit": {
      const sent = await depositVaultCollateral(client, { engine, vaultId: id, amount: plan.amount });
      return `Done: deposited ${collateralText(plan.amount, type)} in vault ${id} ${tx(sent.hash)}.`;
    }
    case "withdraw": {
      const sent = await withdrawVaultCollateral(client, { engine, vaultId: id, amount: plan.amount });
      return `Done: withdrew ${collateralText(plan.amount, type)} from vault ${id} ${tx(sent.hash)}.`;
    }
    case "mint": {
      const sent = await mintKusd(client, { engine, vaultId: id, amount: plan.amount });
      return `Done: minted ${kusdText(sent.amount)} from vault ${id} ${tx(sent.hash)}.`;
    }
    case "repay": {
      const sent = plan.all
        ? await repayKusd(client, { engine, vaultId: id, all: true })
        : await repayKusd(client, { engine, vaultId: id, amount: plan.amount });
      return `Done: repaid ${kusdText(sent.repaid)} of vault ${id}${plan.all ? ", all of its debt" : ""} ${tx(sent.hash)}.`;
    }
    case "close": {
      const sent = await closeVault(client, { engine, vaultId: id });
      return `Done: closed vault ${id}, repaying ${kusdText(sent.repaid)} and returning ${collateralText(sent.collateral, type)} ${tx(sent.hash)}.`;
    }
  }
}
