import { type Address, domainSeparator, type TypedDataDomain } from "viem";
import { getChainId, readContract } from "viem/actions";
import type { KeelReadClient } from "../actions/types.ts";
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
  const read = <result>(
    functionName: "DOMAIN_SEPARATOR" | "name" | "eip712Domain" | "nonces",
    args?: readonly unknown[],
  ) =>
    readContract(client, { address: token, abi: erc2612Abi, functionName, args } as Parameters<
      typeof readContract
    >[1]).then(
      (value) => value as result,
      () => undefined,
    );
  const [separator, nonce, eip712Domain, name] = await Promise.all([
    read<`0x${string}`>("DOMAIN_SEPARATOR"),
    read<bigint>("nonces", ["0x0000000000000000000000000000000000000000"]),
    read<readonly [string, string, string, bigint, Address]>("eip712Domain"),
    read<string>("name"),
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
