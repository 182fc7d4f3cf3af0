import type { Address, Hex } from "viem";
import type { KeelReadClient } from "../internal/types.ts";
import { getKeelPoolDomain } from "./domain.ts";
import { type Delegation, keelPoolTypes } from "./types.ts";
import { verifyKeelSignature } from "./verifySignature.ts";

/**
 * Whether `signature` is the owner's valid signature of `delegation` for this pool (EOA by recovery,
 * contract wallets by ERC-1271). It does not check the nonce or deadline against the chain.
 */
export async function verifyDelegation(
  client: KeelReadClient,
  { pool, delegation, signature }: { pool: Address; delegation: Delegation; signature: Hex },
): Promise<boolean> {
  const domain = await getKeelPoolDomain(client, { pool });
  return verifyKeelSignature(client, {
    signer: delegation.owner,
    signature,
    typedData: { domain, types: keelPoolTypes, primaryType: "Delegation", message: delegation },
  });
}
