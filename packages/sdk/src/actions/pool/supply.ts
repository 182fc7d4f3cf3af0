import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { poolEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { reserveErrorContext } from "./errorContext.ts";
import type { ReserveParameters } from "./types.ts";

export type SupplyParameters = ReserveParameters &
  WriteParameters & {
    /** Exactly one of `assets` and `shares` is given (non-zero). */
    assets?: bigint;
    shares?: bigint;
    /** Who receives the supply shares; defaults to the sender. */
    onBehalf?: Address;
  };
export type SupplyReturnType = WriteReturnType & { assets: bigint; shares: bigint };
/** KeelContractError (ReserveFrozen, ReservePaused, SupplyCapExceeded, ERC20InsufficientAllowance, …) or RpcRequestError. */
export type SupplyErrorType = KeelWriteErrorType;

/**
 * Lends `assets` (or the assets worth `shares`) to a reserve to earn interest. The pool must be allowed
 * to pull the tokens (see ensureAllowance, or supplyWithPermit). Rounding, done by the pool: shares
 * minted round down when supplying by assets, assets pulled round up when supplying by shares.
 */
export async function supply(client: KeelWalletClient, parameters: SupplyParameters): Promise<SupplyReturnType> {
  const { pool, poolId, reserve, assets = 0n, shares = 0n } = parameters;
  const account = resolveAccount(client, parameters.account);
  const onBehalf = parameters.onBehalf ?? addressOf(account);
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "supply",
    args: [poolId, reserve, assets, shares, onBehalf],
    account,
    errorContext: () => reserveErrorContext(client, { pool, poolId, reserve, operation: "supply", account: onBehalf }),
  });
  const event = poolEvent(receipt, pool, "Supply", { poolId, reserve, onBehalf });
  return { hash, receipt, assets: event.assets, shares: event.shares };
}
