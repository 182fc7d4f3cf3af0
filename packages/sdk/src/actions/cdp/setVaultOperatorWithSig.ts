import type { Address, Hex } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import type { OperatorApproval } from "../../signatures/types.ts";

export type SetVaultOperatorWithSigParameters = WriteParameters & {
  engine: Address;
  /** From signOperatorApproval (or any EIP-712 signer of the same message). */
  approval: OperatorApproval;
  signature: Hex;
};
export type SetVaultOperatorWithSigReturnType = WriteReturnType;
/** KeelContractError (SignatureExpired, InvalidNonce, InvalidSignature) or RpcRequestError. */
export type SetVaultOperatorWithSigErrorType = KeelWriteErrorType;

/** Submits a signed OperatorApproval; any account may pay the gas. Consumes the owner's engine nonce. */
export async function setVaultOperatorWithSig(
  client: KeelWalletClient,
  { engine, approval, signature, account }: SetVaultOperatorWithSigParameters,
): Promise<SetVaultOperatorWithSigReturnType> {
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "setOperatorWithSig",
    args: [approval, signature],
    account: resolveAccount(client, account),
    errorContext: async () => ({ operation: "setVaultOperatorWithSig" }),
  });
  return { hash, receipt };
}
