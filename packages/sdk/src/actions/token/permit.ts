import type { Address, Hex } from "viem";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { erc2612Abi } from "../../signatures/erc2612Abi.ts";

export type PermitParameters = WriteParameters & {
  token: Address;
  owner: Address;
  spender: Address;
  value: bigint;
  deadline: bigint;
  v: number;
  r: Hex;
  s: Hex;
};
export type PermitReturnType = WriteReturnType;
/** KeelContractError (ERC2612ExpiredSignature, ERC2612InvalidSigner, …) or RpcRequestError. */
export type PermitErrorType = KeelWriteErrorType;

/** Submits an EIP-2612 permit (from signPermit) to the token; any account may pay the gas. */
export async function permit(client: KeelWalletClient, parameters: PermitParameters): Promise<PermitReturnType> {
  const { token, owner, spender, value, deadline, v, r, s } = parameters;
  const { hash, receipt } = await execute(client, {
    address: token,
    abi: erc2612Abi,
    functionName: "permit",
    args: [owner, spender, value, deadline, v, r, s],
    account: resolveAccount(client, parameters.account),
    errorContext: async () => ({ operation: "permit" }),
  });
  return { hash, receipt };
}
