import type { Address } from "viem";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { BaseError } from "../errors/base.ts";
import { read } from "./internal/read.ts";
import type { KeelReadClient } from "./types.ts";

export type GetPoolCountParameters = { pool: Address };
export type GetPoolCountReturnType = bigint;
export type GetPoolCountErrorType = BaseError;

/** How many pools the KeelPool singleton holds; pool ids run from 0 to count − 1. */
export function getPoolCount(
  client: KeelReadClient,
  { pool }: GetPoolCountParameters,
): Promise<GetPoolCountReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "poolCount" });
}
