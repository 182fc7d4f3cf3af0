import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import type { ReserveParameters } from "./types.ts";

export type GetBorrowAllowanceParameters = ReserveParameters & { owner: Address; delegate: Address };
/** Token units `delegate` may still borrow against `owner`'s collateral; maxUint256 is never spent down. */
export type GetBorrowAllowanceReturnType = bigint;
export type GetBorrowAllowanceErrorType = KeelReadErrorType;

/** The credit delegation left from `owner` to `delegate` in one reserve. */
export function getBorrowAllowance(
  client: KeelReadClient,
  { pool, poolId, reserve, owner, delegate }: GetBorrowAllowanceParameters,
): Promise<GetBorrowAllowanceReturnType> {
  return read(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "borrowAllowance",
    args: [poolId, owner, reserve, delegate],
  });
}
