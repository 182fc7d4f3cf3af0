import type { Address } from "viem";
import { BaseError } from "../../errors/base.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import type { KeelWalletClient, WriteParameters } from "../../internal/types.ts";
import { getPosition } from "./getPosition.ts";
import { type RepayReturnType, repay } from "./repay.ts";
import type { ReserveParameters } from "./types.ts";

export type RepayAllParameters = ReserveParameters &
  WriteParameters & {
    /** Whose debt is closed; defaults to the sender. */
    onBehalf?: Address;
  };
export type RepayAllReturnType = RepayReturnType;
/** BaseError when there is no debt; otherwise as repay. */
export type RepayAllErrorType = KeelWriteErrorType;

/**
 * Closes a debt exactly: reads `onBehalf`'s debt shares and repays by shares, so zero shares remain
 * whatever interest accrued between the read and the block. Assets pulled round up (the pool's rule);
 * allow the pool a little more than the current debt, since interest accrues until the block.
 */
export async function repayAll(client: KeelWalletClient, parameters: RepayAllParameters): Promise<RepayAllReturnType> {
  const account = resolveAccount(client, parameters.account);
  const onBehalf = parameters.onBehalf ?? addressOf(account);
  const { debtShares } = await getPosition(client, { ...parameters, account: onBehalf });
  if (debtShares === 0n) throw new BaseError(`${onBehalf} has no debt in reserve ${parameters.reserve} to repay.`);
  return repay(client, { ...parameters, account, onBehalf, shares: debtShares, assets: 0n });
}
