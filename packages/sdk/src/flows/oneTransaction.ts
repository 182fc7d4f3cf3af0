import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import { addressOf, resolveAccount } from "../internal/account.ts";
import type { KeelWalletClient } from "../internal/types.ts";
import { getNonce } from "../signatures/getNonce.ts";
import { signAuthorization } from "../signatures/signAuthorization.ts";
import { signPermit } from "../signatures/signPermit.ts";
import { bundlerStep } from "./steps.ts";

export type AuthorizeForOneBundleParameters = { pool: Address; bundler: Address; steps: readonly Hex[] };

/**
 * Wraps a pool bundle so that the bundler is authorized for this one transaction only: the signer signs
 * a grant (its current nonce) and a revoke (the next one), and the bundle submits the grant first and the
 * revoke last. Nothing changes when the signer has already authorized the bundler. Both signatures name
 * this chain, this pool and the bundler, and are dead once the bundle lands.
 */
export async function authorizeForOneBundle(
  client: KeelWalletClient,
  { pool, bundler, steps }: AuthorizeForOneBundleParameters,
): Promise<Hex[]> {
  const account = addressOf(resolveAccount(client));
  const authorized = await readContract(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "isAuthorized",
    args: [account, bundler],
  });
  if (authorized) return [...steps];
  const nonce = await getNonce(client, { pool, account });
  const grant = await signAuthorization(client, { pool, operator: bundler, isAuthorized: true, nonce });
  const revoke = await signAuthorization(client, { pool, operator: bundler, isAuthorized: false, nonce: nonce + 1n });
  return [
    bundlerStep("poolSetAuthorizationWithSig", [grant.authorization, grant.signature]),
    ...steps,
    bundlerStep("poolSetAuthorizationWithSig", [revoke.authorization, revoke.signature]),
  ];
}

export type PermitForBundleParameters = { token: Address; bundler: Address; value: bigint; steps: readonly Hex[] };

/**
 * Prepends the signer's EIP-2612 permit of `value` to the bundler, so that a `pull` needs no approval
 * transaction. The permit names the bundler as spender and this token's domain.
 */
export async function permitForBundle(
  client: KeelWalletClient,
  { token, bundler, value, steps }: PermitForBundleParameters,
): Promise<Hex[]> {
  const permit = await signPermit(client, { token, spender: bundler, value });
  return [bundlerStep("permit", [token, value, permit.deadline, permit.v, permit.r, permit.s]), ...steps];
}
