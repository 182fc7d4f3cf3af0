import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { pinBlock } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { auctionPrice } from "../../math/cdp/auction.ts";
import type { CdpAuction } from "../../types.ts";
import { type CollateralTypeInfo, getCollateralType } from "./getCollateralType.ts";

/** A running Dutch auction with its price at one block. */
export type AuctionInfo = CdpAuction & {
  /** An auction's id is its vault's. */
  vaultId: bigint;
  /** The vault's owner. */
  owner: Address;
  /** The collateral type, read at the same block (token symbol and decimals, floor, half-life). */
  type: CollateralTypeInfo;
  /** kUSD wei per collateral unit × 1e18 (PRICE_SCALE), equal to the engine's `auctionPrice`. */
  price: bigint;
  /** Must be reset before anyone can take (price at its floor, or out of time). */
  stale: boolean;
  /** Seconds since the curve (re)started. */
  elapsed: bigint;
  /** The block the answer was read at, and its timestamp. */
  blockNumber: bigint;
  timestamp: bigint;
};

export type GetAuctionParameters = { engine: Address; vaultId: bigint; blockNumber?: bigint };
/** undefined when no auction runs for the vault. */
export type GetAuctionReturnType = AuctionInfo | undefined;
export type GetAuctionErrorType = KeelReadErrorType;

/** A vault's running auction (collateral, tab, principal, top price, start) with its current price and staleness. */
export async function getAuction(
  client: KeelReadClient,
  { engine, vaultId, blockNumber: pinned }: GetAuctionParameters,
): Promise<GetAuctionReturnType> {
  const { blockNumber, timestamp } = await pinBlock(client, pinned);
  const at = { address: engine, abi: cdpEngineAbi, blockNumber } as const;
  const [auction, vault] = await Promise.all([
    read(client, { ...at, functionName: "auction", args: [vaultId] }),
    read(client, { ...at, functionName: "vault", args: [vaultId] }),
  ]);
  if (auction.tab === 0n) return undefined;
  const type = await getCollateralType(client, { engine, typeId: BigInt(vault.typeId), blockNumber });
  return {
    ...auction,
    vaultId,
    owner: vault.owner,
    type,
    ...auctionPrice(auction, type, timestamp),
    elapsed: timestamp - BigInt(auction.startedAt),
    blockNumber,
    timestamp,
  };
}
