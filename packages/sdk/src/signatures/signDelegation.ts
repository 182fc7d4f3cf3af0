import type { Account, Address, Hex } from "viem";
import { signTypedData } from "viem/actions";
import { decodeKeelError } from "../errors/decode.ts";
import { addressOf, resolveAccount } from "../internal/account.ts";
import type { KeelWalletClient } from "../internal/types.ts";
import { type BuildDelegationTypedDataParameters, buildDelegationTypedData } from "./buildDelegationTypedData.ts";
import type { Delegation } from "./types.ts";

export type SignDelegationParameters = Omit<BuildDelegationTypedDataParameters, "owner"> & {
  /** The owner of the collateral; defaults to the client's account. */
  account?: Account | Address;
};
export type SignDelegationReturnType = { delegation: Delegation; signature: Hex };

/**
 * Signs a credit Delegation off chain (no gas). Anyone may then submit it with approveDelegationWithSig
 * before its deadline; it is valid once, for this chain and this pool only.
 */
export async function signDelegation(
  client: KeelWalletClient,
  parameters: SignDelegationParameters,
): Promise<SignDelegationReturnType> {
  const account = resolveAccount(client, parameters.account);
  try {
    const typedData = await buildDelegationTypedData(client, { ...parameters, owner: addressOf(account) });
    const signature = await signTypedData(client, { ...typedData, account });
    return { delegation: typedData.message, signature };
  } catch (error) {
    throw decodeKeelError(error);
  }
}
