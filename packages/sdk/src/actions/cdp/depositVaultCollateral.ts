import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type DepositVaultCollateralParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
  /** Collateral token units, pulled from the sender (approve the engine first). */
  amount: bigint;
};
export type DepositVaultCollateralReturnType = WriteReturnType;
/** KeelContractError: UnknownVault, ZeroAmount, ERC20InsufficientAllowance/Balance; or RpcRequestError. */
export type DepositVaultCollateralErrorType = KeelWriteErrorType;

/** Adds collateral to a vault. Anyone may add to any vault; no price is read. */
export async function depositVaultCollateral(
  client: KeelWalletClient,
  { engine, vaultId, amount, account }: DepositVaultCollateralParameters,
): Promise<DepositVaultCollateralReturnType> {
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "deposit",
    args: [vaultId, amount],
    account: resolveAccount(client, account),
    errorContext: () =>
      cdpErrorContext(client, { engine, vaultId, operation: "depositVaultCollateral", moves: "collateral" }),
  });
  return { hash, receipt };
}
