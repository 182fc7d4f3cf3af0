import { type Address, erc20Abi } from "viem";
import { getBlock } from "viem/actions";
import { decodeKeelError } from "../errors/decode.ts";
import { read } from "./read.ts";
import type { KeelReadClient } from "./types.ts";

/** One block every read of an answer is pinned to, so that derived values agree with each other. */
export type PinnedBlock = { blockNumber: bigint; timestamp: bigint };

/** The block given (or the latest) with its timestamp. */
export async function pinBlock(client: KeelReadClient, blockNumber?: bigint): Promise<PinnedBlock> {
  try {
    const block = await getBlock(client, blockNumber === undefined ? { blockTag: "latest" } : { blockNumber });
    return { blockNumber: block.number as bigint, timestamp: block.timestamp };
  } catch (error) {
    throw decodeKeelError(error);
  }
}

/** An ERC-20's symbol (undefined when it has none) and decimals. */
export async function readTokenDisplay(
  client: KeelReadClient,
  token: Address,
  blockNumber?: bigint,
): Promise<{ symbol: string | undefined; decimals: number }> {
  const [symbol, decimals] = await Promise.all([
    read(client, { address: token, abi: erc20Abi, functionName: "symbol", blockNumber }).catch(() => undefined),
    read(client, { address: token, abi: erc20Abi, functionName: "decimals", blockNumber }),
  ]);
  return { symbol, decimals };
}
