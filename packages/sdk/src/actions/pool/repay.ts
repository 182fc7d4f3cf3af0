import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { poolEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { reserveErrorContext } from "./errorContext.ts";
import type { ReserveParameters } from "./types.ts";

export type RepayParameters = ReserveParameters &
  WriteParameters & {
    /** Exactly one of `assets` and `shares` is given (non-zero). Assets above the debt repay all of it. */
    assets?: bigint;
    shares?: bigint;
    /** Whose debt is repaid; defaults to the sender. Anyone may repay anyone's debt. */
    onBehalf?: Address;
  };
export type RepayReturnType = WriteReturnType & { assets: bigint; shares: bigint };
/** KeelContractError (RepayExceedsDebt, ERC20InsufficientAllowance/Balance, …) or RpcRequestError. */
export type RepayErrorType = KeelWriteErrorType;

/**
 * Repays debt; never blocked. Rounding, done by the pool: shares burned round down by assets, assets
 * pulled round up by shares. To leave no dust, use repayAll (by shares).
 */
export async function repay(client: KeelWalletClient, parameters: RepayParameters): Promise<RepayReturnType> {
  const { pool, poolId, reserve, assets = 0n, shares = 0n } = parameters;
  const account = resolveAccount(client, parameters.account);
  const onBehalf = parameters.onBehalf ?? addressOf(account);
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "repay",
    args: [poolId, reserve, assets, shares, onBehalf],
    account,
    errorContext: () => reserveErrorContext(client, { pool, poolId, reserve, operation: "repay", account: onBehalf }),
  });
  const event = poolEvent(receipt, pool, "Repay", { poolId, reserve, onBehalf });
  return { hash, receipt, assets: event.assets, shares: event.shares };
}
