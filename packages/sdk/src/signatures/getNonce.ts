import type { Address } from "viem";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../errors/types.ts";
import { read } from "../internal/read.ts";
import type { KeelReadClient } from "../internal/types.ts";

export type GetNonceParameters = { pool: Address; account: Address };
export type GetNonceReturnType = bigint;
export type GetNonceErrorType = KeelReadErrorType;

/** The nonce the pool expects in `account`'s next Authorization or Delegation signature. */
export function getNonce(client: KeelReadClient, { pool, account }: GetNonceParameters): Promise<GetNonceReturnType> {
  return read(client, { address: pool, abi: keelPoolAbi, functionName: "nonces", args: [account] });
}
