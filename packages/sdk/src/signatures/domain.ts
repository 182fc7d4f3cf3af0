import type { Address, TypedDataDomain } from "viem";
import { getChainId } from "viem/actions";
import type { KeelReadClient } from "../internal/types.ts";

/** The pool's EIP-712 domain name and version (`EIP712("Keel Pool", "1")` in KeelPool's constructor). */
export const KEEL_POOL_DOMAIN_NAME = "Keel Pool";
export const KEEL_POOL_DOMAIN_VERSION = "1";

/** The pool's EIP-712 domain: it binds a signature to this chain and this pool contract. */
export function keelPoolDomain({ chainId, pool }: { chainId: number; pool: Address }): TypedDataDomain {
  return { name: KEEL_POOL_DOMAIN_NAME, version: KEEL_POOL_DOMAIN_VERSION, chainId, verifyingContract: pool };
}

/** {@link keelPoolDomain} with the chain id read from the client (the chain the pool lives on). */
export async function getKeelPoolDomain(client: KeelReadClient, { pool }: { pool: Address }): Promise<TypedDataDomain> {
  return keelPoolDomain({ chainId: client.chain?.id ?? (await getChainId(client)), pool });
}

/** The kUSD engine's EIP-712 domain name and version (`EIP712("Keel CDP", "1")` in CdpEngine's constructor). */
export const KEEL_CDP_DOMAIN_NAME = "Keel CDP";
export const KEEL_CDP_DOMAIN_VERSION = "1";

/** The engine's EIP-712 domain: it binds a signature to this chain and this engine contract. */
export function keelCdpDomain({ chainId, engine }: { chainId: number; engine: Address }): TypedDataDomain {
  return { name: KEEL_CDP_DOMAIN_NAME, version: KEEL_CDP_DOMAIN_VERSION, chainId, verifyingContract: engine };
}

/** {@link keelCdpDomain} with the chain id read from the client. */
export async function getKeelCdpDomain(
  client: KeelReadClient,
  { engine }: { engine: Address },
): Promise<TypedDataDomain> {
  return keelCdpDomain({ chainId: client.chain?.id ?? (await getChainId(client)), engine });
}
