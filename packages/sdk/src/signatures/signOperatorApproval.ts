import type { Account, Address, Hex } from "viem";
import { signTypedData } from "viem/actions";
import { decodeKeelError } from "../errors/decode.ts";
import { addressOf, resolveAccount } from "../internal/account.ts";
import type { KeelWalletClient } from "../internal/types.ts";
import {
  type BuildOperatorApprovalTypedDataParameters,
  buildOperatorApprovalTypedData,
} from "./buildOperatorApprovalTypedData.ts";
import type { OperatorApproval } from "./types.ts";

export type SignOperatorApprovalParameters = Omit<BuildOperatorApprovalTypedDataParameters, "owner"> & {
  /** The vault owner; defaults to the client's account. */
  account?: Account | Address;
};
export type SignOperatorApprovalReturnType = { approval: OperatorApproval; signature: Hex };

/**
 * Signs an OperatorApproval off chain (no gas). Anyone may then submit it with setVaultOperatorWithSig
 * before its deadline; it is valid once, for this chain and this engine only.
 */
export async function signOperatorApproval(
  client: KeelWalletClient,
  parameters: SignOperatorApprovalParameters,
): Promise<SignOperatorApprovalReturnType> {
  const account = resolveAccount(client, parameters.account);
  try {
    const typedData = await buildOperatorApprovalTypedData(client, { ...parameters, owner: addressOf(account) });
    const signature = await signTypedData(client, { ...typedData, account });
    return { approval: typedData.message, signature };
  } catch (error) {
    throw decodeKeelError(error);
  }
}
