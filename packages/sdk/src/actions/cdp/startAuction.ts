import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent, findContractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type StartAuctionParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
  /** Who is paid the keeper reward; defaults to the sender. */
  keeper?: Address;
};
export type StartAuctionReturnType = WriteReturnType & {
  /** Collateral moved into the auction. */
  collateral: bigint;
  /** Principal (kUSD wei) and tab (principal + penalty). */
  debt: bigint;
  tab: bigint;
  /** The curve's starting price (PRICE_SCALE); 0 when the vault had no collateral and the debt was a loss at once. */
  topPrice: bigint;
  keeperReward: bigint;
  /** false when the vault had no collateral: no auction opened. */
  opened: boolean;
};
/**
 * KeelContractError: VaultIsSafe (with its ratio), NoDebt, AuctionActive, AuctionLimitReached,
 * UnknownVault, an oracle's error; or RpcRequestError.
 */
export type StartAuctionErrorType = KeelWriteErrorType;

/**
 * Sends an unsafe vault to a Dutch auction: all of it, or the part that fits under the type's auction
 * limit. The keeper is paid the tip plus the keeper fee on the tab (rounded down), from the surplus.
 */
export async function startAuction(
  client: KeelWalletClient,
  parameters: StartAuctionParameters,
): Promise<StartAuctionReturnType> {
  const { engine, vaultId } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "startAuction",
    args: [vaultId, parameters.keeper ?? addressOf(account)],
    account,
    errorContext: () => cdpErrorContext(client, { engine, vaultId, operation: "startAuction", moves: "kUSD" }),
  });
  const event = contractEvent(receipt, {
    address: engine,
    abi: cdpEngineAbi,
    eventName: "StartAuction",
    match: { vaultId },
  });
  const ended = findContractEvent(receipt, {
    address: engine,
    abi: cdpEngineAbi,
    eventName: "EndAuction",
    match: { vaultId },
  });
  const { collateral, debt, tab, topPrice, keeperReward } = event;
  return { hash, receipt, collateral, debt, tab, topPrice, keeperReward, opened: ended === undefined };
}
