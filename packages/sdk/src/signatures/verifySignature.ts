import { type Address, type Hex, isAddressEqual, recoverTypedDataAddress, type TypedDataDefinition } from "viem";
import { getCode, verifyTypedData } from "viem/actions";
import type { KeelReadClient } from "../internal/types.ts";

/**
 * Whether `signature` over `typedData` is valid for `signer`, as the pool's SignatureChecker judges it:
 * an EOA signature must recover to the signer; for a contract signer (a smart wallet) the signer's
 * ERC-1271 `isValidSignature` decides, asked on chain.
 */
export async function verifyKeelSignature(
  client: KeelReadClient,
  { signer, signature, typedData }: { signer: Address; signature: Hex; typedData: TypedDataDefinition },
): Promise<boolean> {
  const code = await getCode(client, { address: signer });
  if (code === undefined || code === "0x") {
    try {
      return isAddressEqual(await recoverTypedDataAddress({ ...typedData, signature }), signer);
    } catch {
      // A malformed signature recovers to nothing: it is simply not valid.
      return false;
    }
  }
  return verifyTypedData(client, { ...typedData, address: signer, signature } as Parameters<typeof verifyTypedData>[1]);
}
