import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

export type ResetAuctionParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
  /** Who is paid the keeper tip; defaults to the sender. */
  keeper?: Address;
};
export type ResetAuctionReturnType = WriteReturnType & { topPrice: bigint; keeperReward: bigint };
/** KeelContractError: AuctionNotStale, AuctionNotActive, an oracle's error; or RpcRequestError. */
export type ResetAuctionErrorType = KeelWriteErrorType;

/** Restarts a stale auction (price at its floor, or out of time) from the oracle price × the start buffer. */
export async function resetAuction(
  client: KeelWalletClient,
  parameters: ResetAuctionParameters,
): Promise<ResetAuctionReturnType> {
  const { engine, vaultId } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "resetAuction",
    args: [vaultId, parameters.keeper ?? addressOf(account)],
    account,
    errorContext: async () => ({ operation: "resetAuction" }),
  });
  const event = contractEvent(receipt, {
    address: engine,
    abi: cdpEngineAbi,
    eventName: "ResetAuction",
    match: { vaultId },
  });
  return { hash, receipt, topPrice: event.topPrice, keeperReward: event.keeperReward };
}
