import { type Policy, protectionPoliciesAbi } from "@keel/sdk";
import { type Address, decodeEventLog, type Hash, type Hex, isAddressEqual, type Log } from "viem";

/** A policy the keeper may execute: posted on chain (empty signature), or signed and handed to the keeper. */
export type KnownPolicy = { hash: Hash; policy: Policy; signature: Hex; postedAt?: bigint };

/**
 * Protection policies from PostPolicy events (the event carries the whole policy) and from the signed
 * policies file. A cancelled one (CancelPolicy) is dropped; after CancelAllPolicies every policy of that
 * owner with another nonce is dropped. Whether one is ready is the contract's `check` to say, at each head.
 */
export class PolicyBook {
  private readonly policies = new Map<Hash, KnownPolicy>();

  private readonly contract: Address;

  constructor(contract: Address) {
    this.contract = contract;
  }

  get size(): number {
    return this.policies.size;
  }

  add(policy: KnownPolicy): void {
    this.policies.set(policy.hash, policy);
  }

  applyLogs(logs: readonly Log[]): void {
    for (const log of logs) {
      if (!isAddressEqual(log.address, this.contract)) continue;
      let decoded: ReturnType<typeof decodeEventLog<typeof protectionPoliciesAbi>>;
      try {
        decoded = decodeEventLog({ abi: protectionPoliciesAbi, data: log.data, topics: log.topics });
      } catch {
        continue;
      }
      if (decoded.eventName === "PostPolicy") {
        const { policyHash, policy } = decoded.args;
        this.add({ hash: policyHash, policy, signature: "0x", postedAt: log.blockNumber ?? undefined });
      } else if (decoded.eventName === "CancelPolicy") {
        this.policies.delete(decoded.args.policyHash);
      } else if (decoded.eventName === "CancelAllPolicies") {
        const { owner, newNonce } = decoded.args;
        for (const [hash, known] of this.policies) {
          if (isAddressEqual(known.policy.owner, owner) && known.policy.nonce !== newNonce) this.policies.delete(hash);
        }
      }
    }
  }

  /** A reorg removed the blocks above `ancestor`: policies posted there are forgotten until posted again. */
  rollBack(ancestor: bigint): void {
    for (const [hash, known] of this.policies) {
      if (known.postedAt !== undefined && known.postedAt > ancestor) this.policies.delete(hash);
    }
  }

  all(): KnownPolicy[] {
    return [...this.policies.values()];
  }

  forget(hash: Hash): void {
    this.policies.delete(hash);
  }
}
