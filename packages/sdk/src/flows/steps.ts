import { type ContractFunctionArgs, type ContractFunctionName, encodeFunctionData, type Hex, maxUint256 } from "viem";
import { bundlerAbi } from "../abis/Bundler.ts";

type BundlerAbi = typeof bundlerAbi;
/** The bundler's step functions (and its post-conditions), by name. */
export type BundlerStepName = Exclude<
  ContractFunctionName<BundlerAbi, "nonpayable" | "view">,
  "multicall" | "onFlashLoan" | "initiator" | "pool" | "engine" | "kusd" | "psm" | "registry"
>;

/** "The bundler's whole balance" (or, for `poolRepay` shares, the whole debt): see IBundler. */
export const ALL = maxUint256;

/** One step of a bundle: the ABI-encoded call of a bundler step function, typed by the ABI. */
export function bundlerStep<name extends BundlerStepName>(
  functionName: name,
  args: ContractFunctionArgs<BundlerAbi, "nonpayable" | "view", name>,
): Hex {
  return encodeFunctionData({ abi: bundlerAbi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
}
