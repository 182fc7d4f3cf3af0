import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import type { Position } from "../../types.ts";
import type { ReserveParameters } from "./types.ts";

export type GetPositionParameters = ReserveParameters & { account: Address };
export type GetPositionReturnType = Position;
export type GetPositionErrorType = KeelReadErrorType;

/** An account's supply shares, collateral (token units) and debt shares in one reserve. */
export function getPosition(
  client: KeelReadClient,
  { pool, poolId, reserve, account }: GetPositionParameters,
): Promise<GetPositionReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "position", args: [poolId, account, reserve] });
}
