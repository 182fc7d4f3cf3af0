import type { Address } from "viem";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

export type InvalidateNoncesParameters = WriteParameters & {
  /** The pool or the kUSD engine: both keep their signers' nonces the same way (ISignedGrants). */
  contract: Address;
  /** The sender's next nonce; every signature it gave out with a lower nonce dies. */
  newNonce: bigint;
};
export type InvalidateNoncesReturnType = WriteReturnType;
/** KeelContractError: InvalidNonce (the new nonce is not ahead of the current one); or RpcRequestError. */
export type InvalidateNoncesErrorType = KeelWriteErrorType;

/**
 * Kills every signed grant (Authorization, Delegation or OperatorApproval) the sender gave out and nobody
 * submitted, by moving its nonce to `newNonce` (read the current one with `getNonce`).
 */
export async function invalidateNonces(
  client: KeelWalletClient,
  { contract, newNonce, account }: InvalidateNoncesParameters,
): Promise<InvalidateNoncesReturnType> {
  const { hash, receipt } = await execute(client, {
    address: contract,
    abi: keelPoolAbi,
    functionName: "invalidateNonces",
    args: [newNonce],
    account: resolveAccount(client, account),
  });
  return { hash, receipt };
}
