import type { Address, Hex } from "viem";
import { bundlerAbi } from "../abis/Bundler.ts";
import type { KeelWriteErrorType } from "../errors/types.ts";
import { resolveAccount } from "../internal/account.ts";
import { execute } from "../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../internal/types.ts";

export type ExecuteBundleParameters = WriteParameters & {
  bundler: Address;
  /** The bundle's steps, from a flow builder or `bundlerStep`. */
  steps: readonly Hex[];
};
export type ExecuteBundleReturnType = WriteReturnType;
/**
 * KeelContractError: a bundler refusal (UnauthorizedAccount, a post-condition such as HealthFactorTooLow,
 * SwapOutputTooLow, PriceDeviationTooHigh, …) or any error of the pool, the engine or a token met by a step;
 * or RpcRequestError. Nothing happens when any step fails.
 */
export type ExecuteBundleErrorType = KeelWriteErrorType;

/**
 * Sends a bundle: the bundler runs every step for the sender, atomically, and returns to the sender every
 * token a step touched. The sender must have authorized the bundler on the pool (and made it a vault
 * operator for kUSD steps), and approved it for the tokens it pulls.
 */
export async function executeBundle(
  client: KeelWalletClient,
  parameters: ExecuteBundleParameters,
): Promise<ExecuteBundleReturnType> {
  const { hash, receipt } = await execute(client, {
    address: parameters.bundler,
    abi: bundlerAbi,
    functionName: "multicall",
    args: [parameters.steps],
    account: resolveAccount(client, parameters.account),
  });
  return { hash, receipt };
}
