import type { Address, TypedDataDomain } from "viem";
import type { KeelReadClient } from "../internal/types.ts";
import { resolveDeadline } from "./deadline.ts";
import { getKeelPoolDomain } from "./domain.ts";
import { getNonce } from "./getNonce.ts";
import { type Delegation, keelPoolTypes } from "./types.ts";

export type BuildDelegationTypedDataParameters = {
  pool: Address;
  owner: Address;
  delegate: Address;
  poolId: bigint;
  reserve: bigint;
  /** Token units the delegate may borrow; replaces any previous delegation. */
  amount: bigint;
  /** Defaults to the owner's current nonce, read from the pool. */
  nonce?: bigint;
  /** Unix seconds; defaults to one hour after the latest block. */
  deadline?: bigint;
};
export type DelegationTypedData = {
  domain: TypedDataDomain;
  types: typeof keelPoolTypes;
  primaryType: "Delegation";
  message: Delegation;
};

/** The EIP-712 typed data of a Delegation (credit delegation), ready for eth_signTypedData_v4. */
export async function buildDelegationTypedData(
  client: KeelReadClient,
  parameters: BuildDelegationTypedDataParameters,
): Promise<DelegationTypedData> {
  const { pool, owner, delegate, poolId, reserve, amount } = parameters;
  const [domain, nonce, deadline] = await Promise.all([
    getKeelPoolDomain(client, { pool }),
    parameters.nonce ?? getNonce(client, { pool, account: owner }),
    resolveDeadline(client, parameters.deadline),
  ]);
  return {
    domain,
    types: keelPoolTypes,
    primaryType: "Delegation",
    message: { owner, delegate, poolId, reserve, amount, nonce, deadline },
  };
}
