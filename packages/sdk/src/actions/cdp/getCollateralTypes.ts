import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { pinBlock } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { type CollateralTypeInfo, getCollateralType } from "./getCollateralType.ts";

export type GetCollateralTypesParameters = { engine: Address; blockNumber?: bigint };
export type GetCollateralTypesReturnType = CollateralTypeInfo[];
export type GetCollateralTypesErrorType = KeelReadErrorType;

/** Every collateral type of the kUSD engine, in id order, at one block. */
export async function getCollateralTypes(
  client: KeelReadClient,
  { engine, blockNumber: pinned }: GetCollateralTypesParameters,
): Promise<GetCollateralTypesReturnType> {
  const { blockNumber } = await pinBlock(client, pinned);
  const count = await read(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "collateralTypeCount",
    blockNumber,
  });
  const ids = Array.from({ length: Number(count) }, (_, id) => BigInt(id));
  return Promise.all(ids.map((typeId) => getCollateralType(client, { engine, typeId, blockNumber })));
}
