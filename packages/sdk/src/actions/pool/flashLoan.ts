import { type Address, erc20Abi, type Hex, parseAbi } from "viem";
import { readContract } from "viem/actions";
import { keelPoolAbi } from "../../abis/KeelPool.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { poolEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";

// The entry point of FlashBorrowerExample and of receivers built from it.
const exampleBorrowerAbi = parseAbi(["function borrow(address token, uint256 amount)"]);

export type FlashLoanParameters = WriteParameters & {
  pool: Address;
  /** A token some pool lists. */
  token: Address;
  /** Token units. */
  amount: bigint;
} & (
    | {
        /**
         * An ERC-3156 receiver that accepts loans the sender starts: the pool's `flashLoan` is called
         * directly with the sender as initiator.
         */
        receiver: Address;
        /** Passed to the receiver's onFlashLoan. */
        data?: Hex;
        borrower?: never;
      }
    | {
        /**
         * A receiver that starts its own loans, like FlashBorrowerExample (only trusting loans it
         * initiated): its `borrow(token, amount)` is called, and pulls any fee from the sender.
         */
        borrower: Address;
        receiver?: never;
        data?: never;
      }
  );
export type FlashLoanReturnType = WriteReturnType & { receiver: Address; amount: bigint; fee: bigint };
/** KeelContractError (UnsupportedFlashToken, FlashLoanTooLarge, FlashLoanCallbackFailed, UntrustedCallback, …) or RpcRequestError. */
export type FlashLoanErrorType = KeelWriteErrorType;

/**
 * Borrows `amount` of `token` and returns it (plus the pool's fee, rounded up by the pool) within one
 * transaction. The receiver must approve the pool for the repayment, which the pool pulls.
 */
export async function flashLoan(
  client: KeelWalletClient,
  parameters: FlashLoanParameters,
): Promise<FlashLoanReturnType> {
  const { pool, token, amount } = parameters;
  const account = resolveAccount(client, parameters.account);
  const errorContext = async () => {
    const [decimals, symbol] = await Promise.all([
      readContract(client, { address: token, abi: erc20Abi, functionName: "decimals" }),
      readContract(client, { address: token, abi: erc20Abi, functionName: "symbol" }).catch(() => undefined),
    ]);
    return { operation: "flashLoan", token: { decimals, symbol } };
  };
  const { hash, receipt } =
    parameters.borrower !== undefined
      ? await execute(client, {
          address: parameters.borrower,
          abi: exampleBorrowerAbi,
          functionName: "borrow",
          args: [token, amount],
          account,
          errorContext,
        })
      : await execute(client, {
          address: pool,
          abi: keelPoolAbi,
          functionName: "flashLoan",
          args: [parameters.receiver, token, amount, parameters.data ?? "0x"],
          account,
          errorContext,
        });
  const event = poolEvent(receipt, pool, "FlashLoan", { token });
  return {
    hash,
    receipt,
    receiver: event.receiver,
    amount: event.assets,
    fee: event.fee,
  };
}
