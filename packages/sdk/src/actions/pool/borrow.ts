import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { poolEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { reserveErrorContext } from "./errorContext.ts";
import type { ReserveParameters } from "./types.ts";

export type BorrowParameters = ReserveParameters &
  WriteParameters & {
    /** Exactly one of `assets` and `shares` is given (non-zero). */
    assets?: bigint;
    shares?: bigint;
    /**
     * Whose collateral backs the debt; defaults to the sender. Otherwise the sender must be its
     * operator or hold enough credit delegation (spent by the assets borrowed).
     */
    onBehalf?: Address;
    /** Who receives the tokens; defaults to the sender. */
    receiver?: Address;
  };
export type BorrowReturnType = WriteReturnType & { assets: bigint; shares: bigint };
/**
 * KeelContractError: InsufficientCollateral (with the health factor it would reach and the most you can
 * borrow), InsufficientLiquidity, BorrowCapExceeded, ReserveFrozen/Paused, Unauthorized,
 * InsufficientDelegation, a price error; or RpcRequestError.
 */
export type BorrowErrorType = KeelWriteErrorType;

/**
 * Borrows against `onBehalf`'s collateral. Rounding, done by the pool: debt shares minted round up when
 * borrowing by assets, assets lent round down when borrowing by shares.
 */
export async function borrow(client: KeelWalletClient, parameters: BorrowParameters): Promise<BorrowReturnType> {
  const { pool, poolId, reserve, assets = 0n, shares = 0n } = parameters;
  const account = resolveAccount(client, parameters.account);
  const sender = addressOf(account);
  const onBehalf = parameters.onBehalf ?? sender;
  const receiver = parameters.receiver ?? sender;
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "borrow",
    args: [poolId, reserve, assets, shares, onBehalf, receiver],
    account,
    errorContext: () => reserveErrorContext(client, { pool, poolId, reserve, operation: "borrow", account: onBehalf }),
  });
  const event = poolEvent(receipt, pool, "Borrow", { poolId, reserve, onBehalf });
  return { hash, receipt, assets: event.assets, shares: event.shares };
}
