import type { Abi } from "viem";

/** An ABI item of type "error". */
export type AbiError = Extract<Abi[number], { type: "error" }>;
