import type { Address, Hex } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import type { Delegation } from "../../signatures/types.ts";

export type ApproveDelegationWithSigParameters = WriteParameters & {
  pool: Address;
  /** From signDelegation (or any EIP-712 signer of the same message). */
  delegation: Delegation;
  signature: Hex;
};
export type ApproveDelegationWithSigReturnType = WriteReturnType;
/** KeelContractError (SignatureExpired, InvalidNonce, InvalidSignature) or RpcRequestError. */
export type ApproveDelegationWithSigErrorType = KeelWriteErrorType;

/** Submits a signed Delegation; any account (typically the delegate) may pay the gas. Consumes the owner's nonce. */
export async function approveDelegationWithSig(
  client: KeelWalletClient,
  parameters: ApproveDelegationWithSigParameters,
): Promise<ApproveDelegationWithSigReturnType> {
  const { hash, receipt } = await execute(client, {
    address: parameters.pool,
    abi: keelPoolAbi,
    functionName: "approveDelegationWithSig",
    args: [parameters.delegation, parameters.signature],
    account: resolveAccount(client, parameters.account),
    errorContext: async () => ({ operation: "approveDelegationWithSig" }),
  });
  return { hash, receipt };
}
