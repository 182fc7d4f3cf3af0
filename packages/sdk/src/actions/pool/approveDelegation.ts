import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import type { ReserveParameters } from "./types.ts";

export type ApproveDelegationParameters = ReserveParameters &
  WriteParameters & {
    delegate: Address;
    /** Token units the delegate may borrow against the sender's collateral; maxUint256 is never spent down. */
    amount: bigint;
  };
export type ApproveDelegationReturnType = WriteReturnType;
export type ApproveDelegationErrorType = KeelWriteErrorType;

/** Sets (replaces) how much of one reserve `delegate` may borrow against the sender's collateral. */
export async function approveDelegation(
  client: KeelWalletClient,
  parameters: ApproveDelegationParameters,
): Promise<ApproveDelegationReturnType> {
  const { pool, poolId, reserve, delegate, amount } = parameters;
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "approveDelegation",
    args: [poolId, reserve, delegate, amount],
    account: resolveAccount(client, parameters.account),
  });
  return { hash, receipt };
}
