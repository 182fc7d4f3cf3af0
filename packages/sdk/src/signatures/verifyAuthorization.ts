import type { Address, Hex } from "viem";
import type { KeelReadClient } from "../internal/types.ts";
import { getKeelPoolDomain } from "./domain.ts";
import { type Authorization, keelPoolTypes } from "./types.ts";
import { verifyKeelSignature } from "./verifySignature.ts";

/**
 * Whether `signature` is the authorizer's valid signature of `authorization` for this pool (EOA by
 * recovery, contract wallets by ERC-1271). It does not check the nonce or deadline against the chain.
 */
export async function verifyAuthorization(
  client: KeelReadClient,
  { pool, authorization, signature }: { pool: Address; authorization: Authorization; signature: Hex },
): Promise<boolean> {
  const domain = await getKeelPoolDomain(client, { pool });
  return verifyKeelSignature(client, {
    signer: authorization.authorizer,
    signature,
    typedData: { domain, types: keelPoolTypes, primaryType: "Authorization", message: authorization },
  });
}
