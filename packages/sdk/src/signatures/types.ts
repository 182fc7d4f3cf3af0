import type { Address } from "viem";

/** EIP-712 message: `authorizer` lets `operator` act for it in every pool (or revokes it). */
export type Authorization = {
  authorizer: Address;
  operator: Address;
  isAuthorized: boolean;
  /** The authorizer's current pool nonce; consumed on use. */
  nonce: bigint;
  /** Unix seconds; the pool refuses the signature after it. */
  deadline: bigint;
};

/** EIP-712 message: `owner` lets `delegate` borrow up to `amount` of a reserve against its collateral. */
export type Delegation = {
  owner: Address;
  delegate: Address;
  poolId: bigint;
  reserve: bigint;
  /** Token units; replaces any previous delegation. */
  amount: bigint;
  nonce: bigint;
  deadline: bigint;
};

/** The EIP-712 types the pool hashes (contracts/src/pool/PoolAuthorization.sol), field order included. */
export const keelPoolTypes = {
  Authorization: [
    { name: "authorizer", type: "address" },
    { name: "operator", type: "address" },
    { name: "isAuthorized", type: "bool" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
  Delegation: [
    { name: "owner", type: "address" },
    { name: "delegate", type: "address" },
    { name: "poolId", type: "uint256" },
    { name: "reserve", type: "uint256" },
    { name: "amount", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** EIP-2612 Permit type, as OpenZeppelin's ERC20Permit hashes it. */
export const permitTypes = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;

/** EIP-712 message: `owner` lets `operator` act on all its kUSD vaults (or revokes it). */
export type OperatorApproval = {
  owner: Address;
  operator: Address;
  approved: boolean;
  /** The owner's current engine nonce; consumed on use. */
  nonce: bigint;
  /** Unix seconds; the engine refuses the signature after it. */
  deadline: bigint;
};

/** The EIP-712 type the kUSD engine hashes (contracts/src/cdp/CdpAuthorization.sol), field order included. */
export const cdpEngineTypes = {
  OperatorApproval: [
    { name: "owner", type: "address" },
    { name: "operator", type: "address" },
    { name: "approved", type: "bool" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
} as const;
