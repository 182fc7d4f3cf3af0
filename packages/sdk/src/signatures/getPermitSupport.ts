import { type Address, domainSeparator, type TypedDataDomain } from "viem";
import { getChainId, readContract } from "viem/actions";
import type { KeelReadClient } from "../internal/types.ts";
import { erc2612Abi } from "./erc2612Abi.ts";

/** A token's EIP-2612 support: the domain to sign over when supported, the reason when not. */
export type PermitSupport = { supported: true; domain: TypedDataDomain } | { supported: false; reason: string };

/**
 * Detects EIP-2612 permit: the token must answer `nonces` and `DOMAIN_SEPARATOR`, and the domain we
 * would sign with must hash to its DOMAIN_SEPARATOR. The domain comes from ERC-5267 `eip712Domain()`
 * when the token has it, otherwise from `name()` with version "1" (the common default), and is only
 * trusted once the hash matches, so a permit is never signed over a domain the token would reject.
 */
export async function getPermitSupport(client: KeelReadClient, { token }: { token: Address }): Promise<PermitSupport> {
  // A token without one of these functions reverts: that is an answer ("no permit"), not an error.
  const at = { address: token, abi: erc2612Abi } as const;
  const absent = () => undefined;
  const [separator, nonce, eip712Domain, name] = await Promise.all([
    readContract(client, { ...at, functionName: "DOMAIN_SEPARATOR" }).catch(absent),
    readContract(client, { ...at, functionName: "nonces", args: ["0x0000000000000000000000000000000000000000"] }).catch(
      absent,
    ),
    readContract(client, { ...at, functionName: "eip712Domain" }).catch(absent),
    readContract(client, { ...at, functionName: "name" }).catch(absent),
  ]);
  if (separator === undefined || nonce === undefined)
    return { supported: false, reason: "the token has no nonces/DOMAIN_SEPARATOR (no EIP-2612 permit)" };
  const chainId = client.chain?.id ?? (await getChainId(client));
  const domain: TypedDataDomain = eip712Domain
    ? {
        name: eip712Domain[1],
        version: eip712Domain[2],
        chainId: Number(eip712Domain[3]),
        verifyingContract: eip712Domain[4],
      }
    : { name, version: "1", chainId, verifyingContract: token };
  if (domainSeparator({ domain }) !== separator)
    return { supported: false, reason: "the token's DOMAIN_SEPARATOR does not match a standard EIP-712 domain" };
  return { supported: true, domain };
}
