import type { Abi, Account, Address, Hex, TransactionReceipt } from "viem";
import { simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";
import type { KeelErrorContext } from "../../errors/context.ts";
import { TransactionRevertedError } from "../../errors/contract.ts";
import { decodeKeelError } from "../../errors/decode.ts";
import type { KeelWalletClient } from "../types.ts";

/** One contract write as the actions describe it. */
export type ExecuteParameters = {
  address: Address;
  abi: Abi;
  functionName: string;
  args: readonly unknown[];
  account: Account | Address;
  /** Read only after a failure, so a successful write costs no extra request. */
  errorContext?: () => Promise<KeelErrorContext>;
};

/**
 * Simulates the call (a revert becomes a typed Keel error before any gas is spent), sends exactly the
 * simulated request, waits for the receipt and rejects a reverted one.
 */
export async function execute(
  client: KeelWalletClient,
  { address, abi, functionName, args, account, errorContext }: ExecuteParameters,
): Promise<{ hash: Hex; receipt: TransactionReceipt; result: unknown }> {
  let simulation: Awaited<ReturnType<typeof simulateContract>>;
  try {
    simulation = await simulateContract(client, { address, abi, functionName, args, account, chain: client.chain });
  } catch (error) {
    throw decodeKeelError(error, { abi, ...(await safeContext(errorContext)) });
  }
  let hash: Hex;
  let receipt: TransactionReceipt;
  try {
    hash = await writeContract(client, simulation.request as Parameters<typeof writeContract>[1]);
    receipt = await waitForTransactionReceipt(client, { hash });
  } catch (error) {
    throw decodeKeelError(error, { abi, ...(await safeContext(errorContext)) });
  }
  if (receipt.status !== "success") throw new TransactionRevertedError({ hash });
  return { hash, receipt, result: simulation.result };
}

// A failing context read must not hide the original error.
async function safeContext(errorContext?: () => Promise<KeelErrorContext>): Promise<KeelErrorContext> {
  try {
    return (await errorContext?.()) ?? {};
  } catch {
    return {};
  }
}
