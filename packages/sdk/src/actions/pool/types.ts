import type { Address } from "viem";

/** Which reserve of which pool an action targets. */
export type ReserveParameters = {
  /** The KeelPool contract. */
  pool: Address;
  poolId: bigint;
  /** Reserve index inside the pool. */
  reserve: bigint;
};
