import { type AbiParameterToPrimitiveType, type Hex, keccak256 } from "viem";
import type { protectionPoliciesAbi } from "../abis/ProtectionPolicies.ts";

type ExecuteInputs = Extract<(typeof protectionPoliciesAbi)[number], { type: "function"; name: "execute" }>["inputs"];

/** A protection policy, field for field as the contract's `Policy` struct (IProtectionPolicies). */
export type Policy = AbiParameterToPrimitiveType<ExecuteInputs[0]>;
/** The amounts an executor chooses for one execution (the contract's `Execution` struct). */
export type PolicyExecution = AbiParameterToPrimitiveType<ExecuteInputs[2]>;

/** `Trigger` of IProtectionPolicies, by name. */
export const PolicyTrigger = { HealthBelow: 0, PriceBelow: 1, PriceAbove: 2 } as const;
/** `Action` of IProtectionPolicies, by name. */
export const PolicyAction = { Deleverage: 0, RepayFromWallet: 1, Close: 2, SoftLiquidation: 3, VaultRepay: 4 } as const;

/** A policy's route commitment for the adapter's direct pair (empty adapter data): keccak256 of no bytes. */
export const POLICY_DIRECT_ROUTE = keccak256("0x");

/** The route commitment a policy carries for adapter data `swapData` (the executor must pass exactly it). */
export function policyRoute(swapData: Hex): Hex {
  return keccak256(swapData);
}

/** The policy contract's EIP-712 domain name and version (`EIP712("Keel Protection Policies", "1")`). */
export const KEEL_POLICIES_DOMAIN_NAME = "Keel Protection Policies";
export const KEEL_POLICIES_DOMAIN_VERSION = "1";

/** The EIP-712 type the contract hashes (POLICY_TYPEHASH), field order included. */
export const policyTypes = {
  Policy: [
    { name: "owner", type: "address" },
    { name: "poolId", type: "uint256" },
    { name: "vaultId", type: "uint256" },
    { name: "trigger", type: "uint8" },
    { name: "triggerValue", type: "uint256" },
    { name: "priceReserve", type: "uint8" },
    { name: "action", type: "uint8" },
    { name: "collateralReserve", type: "uint8" },
    { name: "debtReserve", type: "uint8" },
    { name: "targetHealth", type: "uint256" },
    { name: "healthTolerance", type: "uint256" },
    { name: "repayAllowance", type: "uint256" },
    { name: "adapter", type: "address" },
    { name: "route", type: "bytes32" },
    { name: "throughPegModule", type: "bool" },
    { name: "maxDeviationBps", type: "uint16" },
    { name: "feeBps", type: "uint16" },
    { name: "maxFee", type: "uint256" },
    { name: "incentiveStartBps", type: "uint16" },
    { name: "incentiveEndBps", type: "uint16" },
    { name: "closeFactorBps", type: "uint16" },
    { name: "cooldown", type: "uint32" },
    { name: "expiry", type: "uint64" },
    { name: "maxExecutions", type: "uint32" },
    { name: "nonce", type: "uint256" },
  ],
} as const;
