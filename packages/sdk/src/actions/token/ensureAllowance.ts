import type { Address } from "viem";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { approve } from "./approve.ts";
import { getAllowance } from "./getAllowance.ts";

export type EnsureAllowanceParameters = WriteParameters & {
  token: Address;
  spender: Address;
  /** The allowance needed, token units. */
  amount: bigint;
  /** What to approve when the allowance is short; defaults to exactly `amount`. */
  approveAmount?: bigint;
};
/** `undefined` when the allowance already sufficed and nothing was sent. */
export type EnsureAllowanceReturnType = WriteReturnType | undefined;
export type EnsureAllowanceErrorType = KeelWriteErrorType;

/** Approves `spender` only when the sender's current allowance is below `amount`. */
export async function ensureAllowance(
  client: KeelWalletClient,
  parameters: EnsureAllowanceParameters,
): Promise<EnsureAllowanceReturnType> {
  const account = resolveAccount(client, parameters.account);
  const { token, spender, amount } = parameters;
  const current = await getAllowance(client, { token, owner: addressOf(account), spender });
  if (current >= amount) return undefined;
  return approve(client, { token, spender, amount: parameters.approveAmount ?? amount, account });
}
