import type { Abi, Account, Address, Hex, TransactionReceipt } from "viem";
import { estimateContractGas, simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";
import type { KeelErrorContext } from "../../errors/context.ts";
import { TransactionRevertedError } from "../../errors/contract.ts";
import { decodeKeelError } from "../../errors/decode.ts";
import { withGasMargin } from "../../gas.ts";
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
 * Simulates the call (a revert becomes a typed Keel error before any gas is spent), estimates its gas,
 * sends the simulated request with the gas margin of `withGasMargin` (the block it lands in is later
 * than the one estimated against, and accrual costs more once time has passed), waits for the receipt
 * and rejects a reverted one.
 */
export async function execute(
  client: KeelWalletClient,
  { address, abi, functionName, args, account, errorContext }: ExecuteParameters,
): Promise<{ hash: Hex; receipt: TransactionReceipt; result: unknown }> {
  let simulation: Awaited<ReturnType<typeof simulateContract>>;
  let gas: bigint;
  try {
    const call = { address, abi, functionName, args, account, chain: client.chain };
    simulation = await simulateContract(client, call);
    gas = withGasMargin(await estimateContractGas(client, call));
  } catch (error) {
    throw decodeKeelError(error, { abi, ...(await safeContext(errorContext)) });
  }
  let hash: Hex;
  let receipt: TransactionReceipt;
  try {
    hash = await writeContract(client, { ...simulation.request, gas } as Parameters<typeof writeContract>[1]);
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
