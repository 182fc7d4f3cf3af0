import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { poolEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { reserveErrorContext } from "./errorContext.ts";
import { getPosition } from "./getPosition.ts";
import type { ReserveParameters } from "./types.ts";

export type WithdrawParameters = ReserveParameters &
  WriteParameters & {
    /** Exactly one of `assets`, `shares` and `max` is given. */
    assets?: bigint;
    shares?: bigint;
    /** Withdraws all of `onBehalf`'s supply shares (read just before sending), so no dust remains. */
    max?: boolean;
    /** Whose supply is withdrawn; defaults to the sender, who must otherwise be its operator. */
    onBehalf?: Address;
    /** Who receives the tokens; defaults to the sender. */
    receiver?: Address;
  };
export type WithdrawReturnType = WriteReturnType & { assets: bigint; shares: bigint };
/** KeelContractError (InsufficientBalance, InsufficientLiquidity, Unauthorized, …) or RpcRequestError. */
export type WithdrawErrorType = KeelWriteErrorType;

/**
 * Withdraws lent supply. Never blocked by pause, freeze or a price failure, only by idle liquidity.
 * Rounding, done by the pool: shares burned round up by assets, assets paid round down by shares.
 */
export async function withdraw(client: KeelWalletClient, parameters: WithdrawParameters): Promise<WithdrawReturnType> {
  const { pool, poolId, reserve } = parameters;
  const account = resolveAccount(client, parameters.account);
  const sender = addressOf(account);
  const onBehalf = parameters.onBehalf ?? sender;
  const receiver = parameters.receiver ?? sender;
  const shares = parameters.max
    ? (await getPosition(client, { pool, poolId, reserve, account: onBehalf })).supplyShares
    : (parameters.shares ?? 0n);
  const assets = parameters.max ? 0n : (parameters.assets ?? 0n);
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "withdraw",
    args: [poolId, reserve, assets, shares, onBehalf, receiver],
    account,
    errorContext: () =>
      reserveErrorContext(client, { pool, poolId, reserve, operation: "withdraw", account: onBehalf }),
  });
  const event = poolEvent(receipt, pool, "Withdraw", { poolId, reserve, onBehalf });
  return { hash, receipt, assets: event.assets, shares: event.shares };
}
