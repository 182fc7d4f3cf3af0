import type { Address, Hex } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import type { Authorization } from "../../signatures/types.ts";

export type SetAuthorizationWithSigParameters = WriteParameters & {
  pool: Address;
  /** From signAuthorization (or any EIP-712 signer of the same message). */
  authorization: Authorization;
  signature: Hex;
};
export type SetAuthorizationWithSigReturnType = WriteReturnType;
/** KeelContractError (SignatureExpired, InvalidNonce, InvalidSignature) or RpcRequestError. */
export type SetAuthorizationWithSigErrorType = KeelWriteErrorType;

/** Submits a signed Authorization; any account may pay the gas. Consumes the authorizer's nonce. */
export async function setAuthorizationWithSig(
  client: KeelWalletClient,
  parameters: SetAuthorizationWithSigParameters,
): Promise<SetAuthorizationWithSigReturnType> {
  const { hash, receipt } = await execute(client, {
    address: parameters.pool,
    abi: keelPoolAbi,
    functionName: "setAuthorizationWithSig",
    args: [parameters.authorization, parameters.signature],
    account: resolveAccount(client, parameters.account),
    errorContext: async () => ({ operation: "setAuthorizationWithSig" }),
  });
  return { hash, receipt };
}
