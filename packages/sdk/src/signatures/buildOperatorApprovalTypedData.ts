import type { Address, TypedDataDomain } from "viem";
import { cdpEngineAbi } from "../abis/CdpEngine.ts";
import { read } from "../internal/read.ts";
import type { KeelReadClient } from "../internal/types.ts";
import { resolveDeadline } from "./deadline.ts";
import { getKeelCdpDomain } from "./domain.ts";
import { cdpEngineTypes, type OperatorApproval } from "./types.ts";

export type BuildOperatorApprovalTypedDataParameters = {
  /** The CdpEngine. */
  engine: Address;
  owner: Address;
  operator: Address;
  /** false revokes. */
  approved: boolean;
  /** Defaults to the owner's current nonce, read from the engine. */
  nonce?: bigint;
  /** Unix seconds; defaults to one hour after the latest block. */
  deadline?: bigint;
};
export type OperatorApprovalTypedData = {
  domain: TypedDataDomain;
  types: typeof cdpEngineTypes;
  primaryType: "OperatorApproval";
  message: OperatorApproval;
};

/** The EIP-712 typed data of an OperatorApproval for the kUSD engine, ready for eth_signTypedData_v4. */
export async function buildOperatorApprovalTypedData(
  client: KeelReadClient,
  parameters: BuildOperatorApprovalTypedDataParameters,
): Promise<OperatorApprovalTypedData> {
  const { engine, owner, operator, approved } = parameters;
  const [domain, nonce, deadline] = await Promise.all([
    getKeelCdpDomain(client, { engine }),
    parameters.nonce ?? read(client, { address: engine, abi: cdpEngineAbi, functionName: "nonces", args: [owner] }),
    resolveDeadline(client, parameters.deadline),
  ]);
  return {
    domain,
    types: cdpEngineTypes,
    primaryType: "OperatorApproval",
    message: { owner, operator, approved, nonce, deadline },
  };
}
