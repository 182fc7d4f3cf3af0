import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type OpenVaultParameters = WriteParameters & {
  /** The CdpEngine. */
  engine: Address;
  typeId: bigint;
  /** Collateral (token units) pulled from the sender, who must have approved the engine. Default 0. */
  collateral?: bigint;
  /** kUSD (wei) to mint at once; the sender must be the owner or its operator. Default 0. */
  debt?: bigint;
  /** Who owns the vault; defaults to the sender. */
  owner?: Address;
  /** Who receives the kUSD; defaults to the sender. */
  receiver?: Address;
};
export type OpenVaultReturnType = WriteReturnType & {
  vaultId: bigint;
  /** Normalized debt added by the mint (0 without one). */
  normalized: bigint;
};
/**
 * KeelContractError: UnknownCollateralType, RatioBelowMinimum, DebtBelowFloor, DebtCeilingExceeded,
 * GlobalDebtCeilingExceeded, MintPaused, TypeIsShutdown, an oracle's error, ERC20InsufficientAllowance;
 * or RpcRequestError.
 */
export type OpenVaultErrorType = KeelWriteErrorType;

/**
 * Opens a vault of one collateral type, optionally depositing and minting in the same transaction.
 * Rounding, done by the engine: the normalized debt rounds up, so the vault owes at least `debt`.
 */
export async function openVault(
  client: KeelWalletClient,
  parameters: OpenVaultParameters,
): Promise<OpenVaultReturnType> {
  const { engine, typeId, collateral = 0n, debt = 0n } = parameters;
  const account = resolveAccount(client, parameters.account);
  const sender = addressOf(account);
  const owner = parameters.owner ?? sender;
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "open",
    args: [typeId, owner, collateral, debt, parameters.receiver ?? sender],
    account,
    errorContext: () => cdpErrorContext(client, { engine, typeId, operation: "openVault", moves: "collateral" }),
  });
  const opened = contractEvent(receipt, { address: engine, abi: cdpEngineAbi, eventName: "Open", match: { owner } });
  const vaultId = opened.vaultId;
  const minted =
    debt === 0n
      ? undefined
      : contractEvent(receipt, { address: engine, abi: cdpEngineAbi, eventName: "Mint", match: { vaultId } });
  return { hash, receipt, vaultId, normalized: minted?.normalized ?? 0n };
}
