import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type WithdrawVaultCollateralParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
  /** Collateral token units; `getVault(…).maxWithdraw` is the most that keeps the vault safe. */
  amount: bigint;
  /** Who receives it; defaults to the sender. */
  receiver?: Address;
};
export type WithdrawVaultCollateralReturnType = WriteReturnType;
/**
 * KeelContractError: NotVaultOwner, WithdrawExceedsCollateral, RatioBelowMinimum (with the ratio it would
 * reach), ZeroAmount, an oracle's error; or RpcRequestError.
 */
export type WithdrawVaultCollateralErrorType = KeelWriteErrorType;

/** Removes collateral from a vault. Owner or operator; the ratio is checked when the vault has debt. */
export async function withdrawVaultCollateral(
  client: KeelWalletClient,
  parameters: WithdrawVaultCollateralParameters,
): Promise<WithdrawVaultCollateralReturnType> {
  const { engine, vaultId, amount } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "withdraw",
    args: [vaultId, amount, parameters.receiver ?? addressOf(account)],
    account,
    errorContext: () =>
      cdpErrorContext(client, { engine, vaultId, operation: "withdrawVaultCollateral", moves: "collateral" }),
  });
  return { hash, receipt };
}
