import type { Address, Hex } from "viem";
import type { KeelReadClient } from "../internal/types.ts";
import { getKeelCdpDomain } from "./domain.ts";
import { cdpEngineTypes, type OperatorApproval } from "./types.ts";
import { verifyKeelSignature } from "./verifySignature.ts";

/**
 * Whether `signature` is the owner's valid signature of `approval` for this engine (EOA by recovery,
 * contract wallets by ERC-1271). It does not check the nonce or deadline against the chain.
 */
export async function verifyOperatorApproval(
  client: KeelReadClient,
  { engine, approval, signature }: { engine: Address; approval: OperatorApproval; signature: Hex },
): Promise<boolean> {
  const domain = await getKeelCdpDomain(client, { engine });
  return verifyKeelSignature(client, {
    signer: approval.owner,
    signature,
    typedData: { domain, types: cdpEngineTypes, primaryType: "OperatorApproval", message: approval },
  });
}
