import { type Address, type Hex, hexToBigInt, type TypedDataDomain, toFunctionSelector, toHex } from "viem";
import { getChainId, readContract, signTypedData, verifyTypedData } from "viem/actions";
import { protectionPoliciesAbi } from "../abis/ProtectionPolicies.ts";
import { keelErrorsAbi } from "../errors/abi.ts";
import { decodeKeelError } from "../errors/decode.ts";
import type { KeelWriteErrorType } from "../errors/types.ts";
import { resolveAccount } from "../internal/account.ts";
import { execute } from "../internal/execute.ts";
import type { KeelReadClient, KeelWalletClient, WriteParameters, WriteReturnType } from "../internal/types.ts";
import {
  KEEL_POLICIES_DOMAIN_NAME,
  KEEL_POLICIES_DOMAIN_VERSION,
  type Policy,
  type PolicyExecution,
  policyTypes,
} from "./types.ts";

/** The policy contract's EIP-712 domain: a signature is bound to this chain and this contract. */
export async function getPoliciesDomain(
  client: KeelReadClient,
  { policies }: { policies: Address },
): Promise<TypedDataDomain> {
  const chainId = client.chain?.id ?? (await getChainId(client));
  return {
    name: KEEL_POLICIES_DOMAIN_NAME,
    version: KEEL_POLICIES_DOMAIN_VERSION,
    chainId,
    verifyingContract: policies,
  };
}

/** The EIP-712 typed data of a policy, ready for any wallet's eth_signTypedData_v4. */
export async function buildPolicyTypedData(
  client: KeelReadClient,
  { policies, policy }: { policies: Address; policy: Policy },
) {
  return {
    domain: await getPoliciesDomain(client, { policies }),
    types: policyTypes,
    primaryType: "Policy" as const,
    message: policy,
  };
}

/** Signs a policy off chain (no gas): any keeper may then execute it with the signature. */
export async function signPolicy(
  client: KeelWalletClient,
  { policies, policy }: { policies: Address; policy: Policy },
): Promise<Hex> {
  try {
    const typedData = await buildPolicyTypedData(client, { policies, policy });
    return await signTypedData(client, { ...typedData, account: resolveAccount(client) });
  } catch (error) {
    throw decodeKeelError(error);
  }
}

/** Whether `signature` is the policy owner's (an EOA's; a contract wallet is checked by the contract itself). */
export async function verifyPolicy(
  client: KeelReadClient,
  { policies, policy, signature }: { policies: Address; policy: Policy; signature: Hex },
): Promise<boolean> {
  const typedData = await buildPolicyTypedData(client, { policies, policy });
  return verifyTypedData(client, { ...typedData, address: policy.owner, signature });
}

/** Whether the policy could run now and, if not, the name of the error `execute` would raise (signature aside). */
export async function checkPolicy(
  client: KeelReadClient,
  { policies, policy }: { policies: Address; policy: Policy },
): Promise<{ ready: boolean; reason?: string }> {
  const [ready, selector] = await readContract(client, {
    address: policies,
    abi: protectionPoliciesAbi,
    functionName: "check",
    args: [policy],
  });
  if (ready) return { ready };
  const known = keelErrorsAbi.find(
    (item) => toFunctionSelector(`${item.name}(${item.inputs.map((i) => i.type).join(",")})`) === selector,
  );
  return { ready, reason: known?.name ?? selector };
}

export type PolicyWriteErrorType = KeelWriteErrorType;

/** Executes a policy as a keeper: the contract checks everything and pays the policy's fee to the sender. */
export async function executePolicy(
  client: KeelWalletClient,
  parameters: WriteParameters & { policies: Address; policy: Policy; signature: Hex; execution: PolicyExecution },
): Promise<WriteReturnType & { fee: bigint }> {
  const { hash, receipt, result } = await execute(client, {
    address: parameters.policies,
    abi: protectionPoliciesAbi,
    functionName: "execute",
    args: [parameters.policy, parameters.signature, parameters.execution],
    account: resolveAccount(client, parameters.account),
  });
  return { hash, receipt, fee: result };
}

/** Posts the sender's own policy on chain, so keepers find it in the PostPolicy event; no signature needed then. */
export async function postPolicy(
  client: KeelWalletClient,
  parameters: WriteParameters & { policies: Address; policy: Policy },
): Promise<WriteReturnType> {
  const { hash, receipt } = await execute(client, {
    address: parameters.policies,
    abi: protectionPoliciesAbi,
    functionName: "post",
    args: [parameters.policy],
    account: resolveAccount(client, parameters.account),
  });
  return { hash, receipt };
}

/**
 * Cancels one of the sender's policies, or (without `policy`) every policy it signed so far. Cancelling all
 * moves the nonce by a random jump, so that a policy pre-signed with one of the next nonces (a phishing page's)
 * stays dead too.
 */
export async function cancelPolicy(
  client: KeelWalletClient,
  parameters: WriteParameters & { policies: Address; policy?: Policy },
): Promise<WriteReturnType> {
  const account = resolveAccount(client, parameters.account);
  if (parameters.policy !== undefined) {
    const { hash, receipt } = await execute(client, {
      address: parameters.policies,
      abi: protectionPoliciesAbi,
      functionName: "cancel",
      args: [parameters.policy],
      account,
    });
    return { hash, receipt };
  }
  const current = await readContract(client, {
    address: parameters.policies,
    abi: protectionPoliciesAbi,
    functionName: "policyNonce",
    args: [typeof account === "string" ? account : account.address],
  });
  const jump = 1n + hexToBigInt(toHex(crypto.getRandomValues(new Uint8Array(8))));
  const { hash, receipt } = await execute(client, {
    address: parameters.policies,
    abi: protectionPoliciesAbi,
    functionName: "cancelAll",
    args: [current + jump],
    account,
  });
  return { hash, receipt };
}
