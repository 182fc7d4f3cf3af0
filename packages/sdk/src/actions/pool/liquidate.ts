import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { poolEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { reserveErrorContext } from "./errorContext.ts";

export type LiquidateParameters = WriteParameters & {
  pool: Address;
  poolId: bigint;
  borrower: Address;
  collateralReserve: bigint;
  debtReserve: bigint;
  /** The most debt (token units of the debt reserve) the liquidator will repay; the pool may take less. */
  maxRepayAssets: bigint;
  /** Who receives the seized collateral; defaults to the sender. */
  receiver?: Address;
};
export type LiquidateReturnType = WriteReturnType & {
  repaidAssets: bigint;
  repaidShares: bigint;
  /** Collateral taken from the borrower, protocol fee included. */
  seizedAssets: bigint;
  /** Part of `seizedAssets` credited to the treasury; the receiver got the rest. */
  protocolFee: bigint;
};
/** KeelContractError (HealthyPosition, NothingToLiquidate, LiquidationMustClose, a price error, …) or RpcRequestError. */
export type LiquidateErrorType = KeelWriteErrorType;

/**
 * Repays part of an unhealthy account's debt and takes its collateral plus an incentive. The pool caps
 * the repay at what restores its target health; debt repaid rounds up, collateral seized rounds down.
 * The sender pays the debt asset: allow the pool at least `maxRepayAssets`.
 */
export async function liquidate(
  client: KeelWalletClient,
  parameters: LiquidateParameters,
): Promise<LiquidateReturnType> {
  const { pool, poolId, borrower, collateralReserve, debtReserve, maxRepayAssets } = parameters;
  const account = resolveAccount(client, parameters.account);
  const receiver = parameters.receiver ?? addressOf(account);
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "liquidate",
    args: [poolId, borrower, collateralReserve, debtReserve, maxRepayAssets, receiver],
    account,
    errorContext: () => reserveErrorContext(client, { pool, poolId, reserve: debtReserve, operation: "liquidate" }),
  });
  const event = poolEvent(receipt, pool, "Liquidate", { poolId, borrower });
  return {
    hash,
    receipt,
    repaidAssets: event.repaidAssets,
    repaidShares: event.repaidShares,
    seizedAssets: event.seizedAssets,
    protocolFee: event.protocolFee,
  };
}
