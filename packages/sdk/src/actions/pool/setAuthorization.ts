import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

export type SetAuthorizationParameters = WriteParameters & {
  pool: Address;
  operator: Address;
  isAuthorized: boolean;
};
export type SetAuthorizationReturnType = WriteReturnType;
export type SetAuthorizationErrorType = KeelWriteErrorType;

/**
 * Lets `operator` (a bundler, a keeper, another wallet) withdraw, withdraw collateral and borrow for the
 * sender in every pool, or revokes it. Moves no value. Grant it only to contracts or people you trust
 * with the whole position.
 */
export async function setAuthorization(
  client: KeelWalletClient,
  parameters: SetAuthorizationParameters,
): Promise<SetAuthorizationReturnType> {
  const { hash, receipt } = await execute(client, {
    address: parameters.pool,
    abi: keelPoolAbi,
    functionName: "setAuthorization",
    args: [parameters.operator, parameters.isAuthorized],
    account: resolveAccount(client, parameters.account),
  });
  return { hash, receipt };
}
