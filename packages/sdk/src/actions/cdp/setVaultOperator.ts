import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

export type SetVaultOperatorParameters = WriteParameters & {
  engine: Address;
  operator: Address;
  /** false revokes. */
  approved: boolean;
};
export type SetVaultOperatorReturnType = WriteReturnType;
export type SetVaultOperatorErrorType = KeelWriteErrorType;

/** Lets `operator` withdraw, mint, close and settle on all of the sender's vaults (or revokes it). */
export async function setVaultOperator(
  client: KeelWalletClient,
  { engine, operator, approved, account }: SetVaultOperatorParameters,
): Promise<SetVaultOperatorReturnType> {
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "setOperator",
    args: [operator, approved],
    account: resolveAccount(client, account),
  });
  return { hash, receipt };
}
