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

export type WithdrawCollateralParameters = ReserveParameters &
  WriteParameters & {
    /** Token units; give this or `max`. */
    assets?: bigint;
    /**
     * Withdraws all of `onBehalf`'s collateral in this reserve (read just before sending). With debt
     * still backed by it this fails with InsufficientCollateral: repay first, or ask KeelLens.maxWithdrawCollateral.
     */
    max?: boolean;
    /** Whose collateral is withdrawn; defaults to the sender, who must otherwise be its operator. */
    onBehalf?: Address;
    /** Who receives the tokens; defaults to the sender. */
    receiver?: Address;
  };
export type WithdrawCollateralReturnType = WriteReturnType & { assets: bigint };
/** KeelContractError (InsufficientCollateral with the most you can withdraw, InsufficientBalance, Unauthorized, a price error, …) or RpcRequestError. */
export type WithdrawCollateralErrorType = KeelWriteErrorType;

/**
 * Withdraws collateral; the account must stay within its borrowing power, so with debt every price of
 * the account must be available. No rounding: the exact amount leaves.
 */
export async function withdrawCollateral(
  client: KeelWalletClient,
  parameters: WithdrawCollateralParameters,
): Promise<WithdrawCollateralReturnType> {
  const { pool, poolId, reserve } = parameters;
  const account = resolveAccount(client, parameters.account);
  const sender = addressOf(account);
  const onBehalf = parameters.onBehalf ?? sender;
  const receiver = parameters.receiver ?? sender;
  const assets = parameters.max
    ? (await getPosition(client, { pool, poolId, reserve, account: onBehalf })).collateral
    : (parameters.assets ?? 0n);
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "withdrawCollateral",
    args: [poolId, reserve, assets, onBehalf, receiver],
    account,
    errorContext: () =>
      reserveErrorContext(client, { pool, poolId, reserve, operation: "withdrawCollateral", account: onBehalf }),
  });
  const event = poolEvent(receipt, pool, "WithdrawCollateral", { poolId, reserve, onBehalf });
  return { hash, receipt, assets: event.assets };
}
