import { type Account, type Address, type Hex, parseSignature } from "viem";
import { readContract, signTypedData } from "viem/actions";
import { BaseError } from "../errors/base.ts";
import { decodeKeelError } from "../errors/decode.ts";
import type { KeelReadErrorType } from "../errors/types.ts";
import { addressOf, resolveAccount } from "../internal/account.ts";
import type { KeelWalletClient } from "../internal/types.ts";
import { resolveDeadline } from "./deadline.ts";
import { erc2612Abi } from "./erc2612Abi.ts";
import { getPermitSupport } from "./getPermitSupport.ts";
import { permitTypes } from "./types.ts";

export type SignPermitParameters = {
  token: Address;
  /** Usually the KeelPool. */
  spender: Address;
  /** Token units the spender may pull. */
  value: bigint;
  /** Unix seconds; defaults to one hour after the latest block. */
  deadline?: bigint;
  /** The token owner; defaults to the client's account. */
  account?: Account | Address;
  /** The permit nonce; defaults to the token's next one (a later nonce signs a permit to submit after it). */
  nonce?: bigint;
};
/** The permit's fields and its signature, whole and split into v, r, s for `permit(...)`. */
export type SignPermitReturnType = {
  owner: Address;
  spender: Address;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
  signature: Hex;
  v: number;
  r: Hex;
  s: Hex;
};
/** BaseError when the token does not support EIP-2612. */
export type SignPermitErrorType = KeelReadErrorType;

/** Signs an EIP-2612 permit off chain after checking the token supports it (see getPermitSupport). */
export async function signPermit(
  client: KeelWalletClient,
  parameters: SignPermitParameters,
): Promise<SignPermitReturnType> {
  const { token, spender, value } = parameters;
  const account = resolveAccount(client, parameters.account);
  const owner = addressOf(account);
  const support = await getPermitSupport(client, { token });
  if (!support.supported) throw new BaseError(`Token ${token} cannot be permitted: ${support.reason}.`);
  try {
    const [nonce, deadline] = await Promise.all([
      parameters.nonce ??
        readContract(client, { address: token, abi: erc2612Abi, functionName: "nonces", args: [owner] }),
      resolveDeadline(client, parameters.deadline),
    ]);
    const signature = await signTypedData(client, {
      account,
      domain: support.domain,
      types: permitTypes,
      primaryType: "Permit",
      message: { owner, spender, value, nonce, deadline },
    });
    const { r, s, v, yParity } = parseSignature(signature);
    return { owner, spender, value, nonce, deadline, signature, v: Number(v ?? BigInt(yParity + 27)), r, s };
  } catch (error) {
    throw decodeKeelError(error);
  }
}
