import type { Address } from "viem";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { BaseError } from "../errors/base.ts";
import type { Position } from "../types.ts";
import { read } from "./internal/read.ts";
import type { KeelReadClient, ReserveParameters } from "./types.ts";

export type GetPositionParameters = ReserveParameters & { account: Address };
export type GetPositionReturnType = Position;
export type GetPositionErrorType = BaseError;

/** An account's supply shares, collateral (token units) and debt shares in one reserve. */
export function getPosition(
  client: KeelReadClient,
  { pool, poolId, reserve, account }: GetPositionParameters,
): Promise<GetPositionReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "position", args: [poolId, account, reserve] });
}
