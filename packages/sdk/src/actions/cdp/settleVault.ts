import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

export type SettleVaultParameters = WriteParameters & {
  engine: Address;
  /** Any vault of a shut-down collateral type: settlement is open to everyone, for no reward. */
  vaultId: bigint;
};
export type SettleVaultReturnType = WriteReturnType & {
  /** The settle price: the lower of the shutdown price and the oracle's. */
  price: bigint;
  debt: bigint;
  /** The debt, plus the penalty when the vault was below its minimum ratio at the settle price. */
  tab: bigint;
  /** Collateral sent to the auction; what the auction does not need comes back to the vault. */
  collateral: bigint;
};
/** KeelContractError: TypeNotShutdown, AuctionActive, NoDebt, UnknownVault; or RpcRequestError. */
export type SettleVaultErrorType = KeelWriteErrorType;

/**
 * Settles a vault of a shut-down collateral type (CdpEngine.settle): its debt leaves the vault for an
 * auction priced from the lower of the shutdown price and the oracle's. Anyone may call it.
 */
export async function settleVault(
  client: KeelWalletClient,
  parameters: SettleVaultParameters,
): Promise<SettleVaultReturnType> {
  const { engine, vaultId } = parameters;
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "settle",
    args: [vaultId],
    account: resolveAccount(client, parameters.account),
    errorContext: async () => ({ operation: "settle" }),
  });
  const event = contractEvent(receipt, { address: engine, abi: cdpEngineAbi, eventName: "Settle", match: { vaultId } });
  return {
    hash,
    receipt,
    price: event.price,
    debt: event.debt,
    tab: event.tab,
    collateral: event.collateralSeized,
  };
}
