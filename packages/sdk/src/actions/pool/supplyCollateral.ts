import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { poolEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { reserveErrorContext } from "./errorContext.ts";
import type { ReserveParameters } from "./types.ts";

export type SupplyCollateralParameters = ReserveParameters &
  WriteParameters & {
    /** Token units. */
    assets: bigint;
    /** Whose collateral grows; defaults to the sender. Anyone may add collateral for anyone. */
    onBehalf?: Address;
  };
export type SupplyCollateralReturnType = WriteReturnType & { assets: bigint };
/** KeelContractError (NotCollateral, SupplyCapExceeded, ERC20InsufficientAllowance, …) or RpcRequestError. */
export type SupplyCollateralErrorType = KeelWriteErrorType;

/**
 * Deposits collateral (held apart, never lent, earns nothing). Never blocked by pause, freeze or a
 * price failure; only the reserve's supply cap bounds it. No rounding: the exact amount is credited.
 */
export async function supplyCollateral(
  client: KeelWalletClient,
  parameters: SupplyCollateralParameters,
): Promise<SupplyCollateralReturnType> {
  const { pool, poolId, reserve, assets } = parameters;
  const account = resolveAccount(client, parameters.account);
  const onBehalf = parameters.onBehalf ?? addressOf(account);
  const { hash, receipt } = await execute(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "supplyCollateral",
    args: [poolId, reserve, assets, onBehalf],
    account,
    errorContext: () =>
      reserveErrorContext(client, { pool, poolId, reserve, operation: "supplyCollateral", account: onBehalf }),
  });
  const event = poolEvent(receipt, pool, "SupplyCollateral", { poolId, reserve, onBehalf });
  return { hash, receipt, assets: event.assets };
}
