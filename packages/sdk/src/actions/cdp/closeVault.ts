import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent, findContractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type CloseVaultParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
  /** Who receives the collateral; defaults to the sender. */
  receiver?: Address;
};
export type CloseVaultReturnType = WriteReturnType & {
  /** kUSD burned from the sender: the whole debt, rounded up. */
  repaid: bigint;
  /** Collateral sent to the receiver. */
  collateral: bigint;
};
/** KeelContractError: NotVaultOwner, ERC20InsufficientBalance (not enough kUSD for the debt); or RpcRequestError. */
export type CloseVaultErrorType = KeelWriteErrorType;

/**
 * Repays all of a vault's debt from the sender's kUSD and sends all its collateral to `receiver`.
 * Owner or operator; reads no price, so it works while the oracle is down.
 */
export async function closeVault(
  client: KeelWalletClient,
  parameters: CloseVaultParameters,
): Promise<CloseVaultReturnType> {
  const { engine, vaultId } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "close",
    args: [vaultId, parameters.receiver ?? addressOf(account)],
    account,
    errorContext: () => cdpErrorContext(client, { engine, vaultId, operation: "closeVault", moves: "kUSD" }),
  });
  const withdrawn = contractEvent(receipt, {
    address: engine,
    abi: cdpEngineAbi,
    eventName: "Withdraw",
    match: { vaultId },
  });
  // No Repay event when the vault had no debt.
  const repay = findContractEvent(receipt, {
    address: engine,
    abi: cdpEngineAbi,
    eventName: "Repay",
    match: { vaultId },
  });
  return { hash, receipt, repaid: repay?.amount ?? 0n, collateral: withdrawn.amount };
}
