import type { Address } from "viem";
import { getContractEvents } from "viem/actions";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import { decodeKeelError } from "../../errors/decode.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { pinBlock } from "../../internal/block.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { type AuctionInfo, getAuction } from "./getAuction.ts";

export type GetAuctionsParameters = {
  engine: Address;
  /** Where to start looking for StartAuction and Settle events: the deployment's `startBlock`. Default 0. */
  fromBlock?: bigint;
  blockNumber?: bigint;
};
export type GetAuctionsReturnType = AuctionInfo[];
export type GetAuctionsErrorType = KeelReadErrorType;

/**
 * Every auction running at one block, in vault-id order, with its current price and staleness: the
 * vaults the engine ever sent to auction (StartAuction, or Settle after a shutdown) whose auction is
 * still open.
 */
export async function getAuctions(
  client: KeelReadClient,
  { engine, fromBlock = 0n, blockNumber: pinned }: GetAuctionsParameters,
): Promise<GetAuctionsReturnType> {
  const { blockNumber } = await pinBlock(client, pinned);
  const range = { address: engine, abi: cdpEngineAbi, fromBlock, toBlock: blockNumber, strict: true } as const;
  let ids: bigint[];
  try {
    const [started, settled] = await Promise.all([
      getContractEvents(client, { ...range, eventName: "StartAuction" }),
      getContractEvents(client, { ...range, eventName: "Settle" }),
    ]);
    ids = [...new Set([...started, ...settled].map((log) => log.args.vaultId))].sort((a, b) => (a < b ? -1 : 1));
  } catch (error) {
    throw decodeKeelError(error);
  }
  const auctions = await Promise.all(ids.map((vaultId) => getAuction(client, { engine, vaultId, blockNumber })));
  return auctions.filter((auction): auction is AuctionInfo => auction !== undefined);
}
