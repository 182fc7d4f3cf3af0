import type { Address, TypedDataDomain } from "viem";
import type { KeelReadClient } from "../internal/types.ts";
import { resolveDeadline } from "./deadline.ts";
import { getKeelPoolDomain } from "./domain.ts";
import { getNonce } from "./getNonce.ts";
import { type Authorization, keelPoolTypes } from "./types.ts";

export type BuildAuthorizationTypedDataParameters = {
  pool: Address;
  authorizer: Address;
  operator: Address;
  isAuthorized: boolean;
  /** Defaults to the authorizer's current nonce, read from the pool. */
  nonce?: bigint;
  /** Unix seconds; defaults to one hour after the latest block. */
  deadline?: bigint;
};
export type AuthorizationTypedData = {
  domain: TypedDataDomain;
  types: typeof keelPoolTypes;
  primaryType: "Authorization";
  message: Authorization;
};

/** The EIP-712 typed data of an Authorization, ready for any wallet's eth_signTypedData_v4. */
export async function buildAuthorizationTypedData(
  client: KeelReadClient,
  parameters: BuildAuthorizationTypedDataParameters,
): Promise<AuthorizationTypedData> {
  const { pool, authorizer, operator, isAuthorized } = parameters;
  const [domain, nonce, deadline] = await Promise.all([
    getKeelPoolDomain(client, { pool }),
    parameters.nonce ?? getNonce(client, { pool, account: authorizer }),
    resolveDeadline(client, parameters.deadline),
  ]);
  return {
    domain,
    types: keelPoolTypes,
    primaryType: "Authorization",
    message: { authorizer, operator, isAuthorized, nonce, deadline },
  };
}
