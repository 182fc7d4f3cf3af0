import type { Address, Hex } from "viem";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import type { KeelWalletClient, WriteParameters } from "../../internal/types.ts";
import { signPermit } from "../../signatures/signPermit.ts";
import { getAllowance } from "../token/getAllowance.ts";
import { permit } from "../token/permit.ts";
import { getReserveConfig } from "./getReserveConfig.ts";
import { type SupplyReturnType, supply } from "./supply.ts";
import type { ReserveParameters } from "./types.ts";

export type SupplyWithPermitParameters = ReserveParameters &
  WriteParameters & {
    /** Token units to supply; the permit covers exactly this much. */
    assets: bigint;
    /** Who receives the supply shares; defaults to the sender. */
    onBehalf?: Address;
    /** Permit deadline, unix seconds; defaults to one hour after the latest block. */
    deadline?: bigint;
  };
export type SupplyWithPermitReturnType = SupplyReturnType & {
  /** The permit transaction; undefined when the allowance already covered `assets`. */
  permitHash: Hex | undefined;
};
/** As supply, plus BaseError when the token has no EIP-2612 permit and ERC2612 errors. */
export type SupplyWithPermitErrorType = KeelWriteErrorType;

/**
 * Supplies without a prior approve transaction from the owner: signs an EIP-2612 permit for exactly
 * `assets`, submits it to the token, then supplies. KeelPool has no permit entry point (and no
 * multicall), so these are two transactions: between them the allowance is exactly `assets`, which
 * only the pool can use. When the allowance already covers `assets` (for example a third party
 * submitted the same permit first), the permit is skipped instead of failing.
 */
export async function supplyWithPermit(
  client: KeelWalletClient,
  parameters: SupplyWithPermitParameters,
): Promise<SupplyWithPermitReturnType> {
  const { pool, poolId, reserve, assets } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { asset } = await getReserveConfig(client, { pool, poolId, reserve });
  const allowance = await getAllowance(client, { token: asset, owner: addressOf(account), spender: pool });
  let permitHash: Hex | undefined;
  if (allowance < assets) {
    const signed = await signPermit(client, {
      token: asset,
      spender: pool,
      value: assets,
      deadline: parameters.deadline,
      account,
    });
    ({ hash: permitHash } = await permit(client, { ...signed, token: asset, account }));
  }
  const supplied = await supply(client, { pool, poolId, reserve, assets, onBehalf: parameters.onBehalf, account });
  return { ...supplied, permitHash };
}
