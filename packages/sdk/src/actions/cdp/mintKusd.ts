import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type MintKusdParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
  /** kUSD wei; `getVault(…).maxMint` is the most the vault allows now. */
  amount: bigint;
  /** Who receives the kUSD; defaults to the sender. */
  receiver?: Address;
};
export type MintKusdReturnType = WriteReturnType & { amount: bigint; normalized: bigint };
/**
 * KeelContractError: NotVaultOwner, RatioBelowMinimum, DebtBelowFloor, DebtCeilingExceeded,
 * GlobalDebtCeilingExceeded, MintPaused, TypeIsShutdown, ZeroAmount, an oracle's error; or RpcRequestError.
 */
export type MintKusdErrorType = KeelWriteErrorType;

/**
 * Mints kUSD against a vault. Owner or operator. Rounding, done by the engine: the normalized debt grows
 * by amount × RAY / rate rounded up, so the vault owes at least `amount`.
 */
export async function mintKusd(client: KeelWalletClient, parameters: MintKusdParameters): Promise<MintKusdReturnType> {
  const { engine, vaultId, amount } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "mint",
    args: [vaultId, amount, parameters.receiver ?? addressOf(account)],
    account,
    errorContext: () => cdpErrorContext(client, { engine, vaultId, operation: "mintKusd", moves: "kUSD" }),
  });
  const minted = contractEvent(receipt, { address: engine, abi: cdpEngineAbi, eventName: "Mint", match: { vaultId } });
  return { hash, receipt, amount: minted.amount, normalized: minted.normalized };
}
