import type { Account, Address, Hex } from "viem";
import { signTypedData } from "viem/actions";
import { decodeKeelError } from "../errors/decode.ts";
import { addressOf, resolveAccount } from "../internal/account.ts";
import type { KeelWalletClient } from "../internal/types.ts";
import {
  type BuildAuthorizationTypedDataParameters,
  buildAuthorizationTypedData,
} from "./buildAuthorizationTypedData.ts";
import type { Authorization } from "./types.ts";

export type SignAuthorizationParameters = Omit<BuildAuthorizationTypedDataParameters, "authorizer"> & {
  /** The authorizer; defaults to the client's account. */
  account?: Account | Address;
};
export type SignAuthorizationReturnType = { authorization: Authorization; signature: Hex };

/**
 * Signs an Authorization off chain (no gas). Anyone may then submit it with setAuthorizationWithSig
 * before its deadline; it is valid once, for this chain and this pool only.
 */
export async function signAuthorization(
  client: KeelWalletClient,
  parameters: SignAuthorizationParameters,
): Promise<SignAuthorizationReturnType> {
  const account = resolveAccount(client, parameters.account);
  try {
    const typedData = await buildAuthorizationTypedData(client, { ...parameters, authorizer: addressOf(account) });
    const signature = await signTypedData(client, { ...typedData, account });
    return { authorization: typedData.message, signature };
  } catch (error) {
    throw decodeKeelError(error);
  }
}
