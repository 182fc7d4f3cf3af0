import type {
  Abi,
  Account,
  Address,
  ContractFunctionArgs,
  ContractFunctionName,
  ContractFunctionReturnType,
  Hex,
  TransactionReceipt,
} from "viem";
import { estimateContractGas, simulateContract, waitForTransactionReceipt, writeContract } from "viem/actions";
import type { KeelErrorContext } from "../errors/context.ts";
import { TransactionRevertedError } from "../errors/contract.ts";
import { decodeKeelError } from "../errors/decode.ts";
import { withGasMargin } from "../gas.ts";
import type { KeelWalletClient } from "./types.ts";

type Mutability = "nonpayable" | "payable";

/** One contract write as the actions describe it, typed by the ABI as viem's `writeContract` is. */
export type ExecuteParameters<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, Mutability>,
  args extends ContractFunctionArgs<abi, Mutability, functionName>,
> = {
  address: Address;
  abi: abi;
  functionName: functionName;
  args: args;
  account: Account | Address;
  /** Read only after a failure, so a successful write costs no extra request. */
  errorContext?: () => Promise<KeelErrorContext>;
};

/** The mined transaction and what the simulation said the function returns. */
export type ExecuteReturnType<
  abi extends Abi,
  functionName extends ContractFunctionName<abi, Mutability>,
  args extends ContractFunctionArgs<abi, Mutability, functionName>,
> = { hash: Hex; receipt: TransactionReceipt; result: ContractFunctionReturnType<abi, Mutability, functionName, args> };

/**
 * Simulates the call (a revert becomes a typed Keel error before any gas is spent), estimates its gas,
 * sends the simulated request with the gas margin of `withGasMargin` (the block it lands in is later
 * than the one estimated against, and accrual costs more once time has passed), waits for the receipt
 * and rejects a reverted one. Fees follow EIP-1559 from the chain's own suggestions (viem's default).
 */
export async function execute<
  const abi extends Abi,
  functionName extends ContractFunctionName<abi, Mutability>,
  const args extends ContractFunctionArgs<abi, Mutability, functionName>,
>(
  client: KeelWalletClient,
  parameters: ExecuteParameters<abi, functionName, args>,
): Promise<ExecuteReturnType<abi, functionName, args>> {
  const { address, abi, functionName, args, account, errorContext } = parameters;
  // Past this line the call is checked against the ABI by the signature above; viem's own overloads
  // cannot re-derive that from generic parameters, so the call goes through its untyped form.
  const call = {
    address,
    abi: abi as Abi,
    functionName: functionName as string,
    args: args as readonly unknown[],
    account,
    chain: client.chain,
  };
  let request: Awaited<ReturnType<typeof simulateContract>>["request"];
  let result: unknown;
  let gas: bigint;
  try {
    ({ request, result } = await simulateContract(client, call));
    gas = withGasMargin(await estimateContractGas(client, call));
  } catch (error) {
    throw decodeKeelError(error, { abi, ...(await safeContext(errorContext)) });
  }
  let hash: Hex;
  let receipt: TransactionReceipt;
  try {
    hash = await writeContract(client, { ...request, gas } as Parameters<typeof writeContract>[1]);
    receipt = await waitForTransactionReceipt(client, { hash });
  } catch (error) {
    throw decodeKeelError(error, { abi, ...(await safeContext(errorContext)) });
  }
  if (receipt.status !== "success") throw new TransactionRevertedError({ hash });
  return { hash, receipt, result: result as ContractFunctionReturnType<abi, Mutability, functionName, args> };
}

// A failing context read must not hide the original error.
async function safeContext(errorContext?: () => Promise<KeelErrorContext>): Promise<KeelErrorContext> {
  try {
    return (await errorContext?.()) ?? {};
  } catch {
    return {};
  }
}
