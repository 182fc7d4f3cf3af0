import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

export type TransferVaultParameters = WriteParameters & { engine: Address; vaultId: bigint; to: Address };
export type TransferVaultReturnType = WriteReturnType;
/** KeelContractError: NotVaultOwner (operators may not transfer), UnknownVault, ZeroAddress; or RpcRequestError. */
export type TransferVaultErrorType = KeelWriteErrorType;

/** Gives a vault, with its collateral and debt, to `to`. Owner only. */
export async function transferVault(
  client: KeelWalletClient,
  { engine, vaultId, to, account }: TransferVaultParameters,
): Promise<TransferVaultReturnType> {
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "transferVault",
    args: [vaultId, to],
    account: resolveAccount(client, account),
    errorContext: async () => ({ operation: "transferVault" }),
  });
  return { hash, receipt };
}
