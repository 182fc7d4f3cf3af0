import { type Address, erc20Abi } from "viem";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

export type ApproveParameters = WriteParameters & {
  token: Address;
  /** Usually the KeelPool. */
  spender: Address;
  /** Token units; maxUint256 for an unlimited allowance. */
  amount: bigint;
};
export type ApproveReturnType = WriteReturnType;
export type ApproveErrorType = KeelWriteErrorType;

/** Sets an ERC-20 allowance (replacing the previous one). */
export async function approve(client: KeelWalletClient, parameters: ApproveParameters): Promise<ApproveReturnType> {
  const { hash, receipt } = await execute(client, {
    address: parameters.token,
    abi: erc20Abi,
    functionName: "approve",
    args: [parameters.spender, parameters.amount],
    account: resolveAccount(client, parameters.account),
  });
  return { hash, receipt };
}
