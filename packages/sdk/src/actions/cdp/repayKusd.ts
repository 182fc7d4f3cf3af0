import { type Address, maxUint256 } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { cdpErrorContext } from "./errorContext.ts";

export type RepayKusdParameters = WriteParameters & {
  engine: Address;
  vaultId: bigint;
} & (
    | {
        /** kUSD wei, burned from the sender (no allowance needed). */
        amount: bigint;
        all?: false;
      }
    | {
        /** Repays the whole debt as of the block, leaving exactly zero (the sender must hold it). */
        all: true;
        amount?: undefined;
      }
  );
export type RepayKusdReturnType = WriteReturnType & {
  /** kUSD burned. */
  repaid: bigint;
  /** Normalized debt removed. */
  normalized: bigint;
};
/**
 * KeelContractError: RepayExceedsVaultDebt, DebtBelowFloor (a partial repayment leaving dust), ZeroAmount,
 * UnknownVault, ERC20InsufficientBalance (not enough kUSD); or RpcRequestError.
 */
export type RepayKusdErrorType = KeelWriteErrorType;

/**
 * Burns kUSD from the sender against a vault's debt. Anyone may repay any vault; no price is read.
 * Rounding, done by the engine: normalized debt falls by amount × RAY / rate rounded down; repaying
 * all burns normalized × rate / RAY rounded up, so the debt ends at exactly zero.
 */
export async function repayKusd(
  client: KeelWalletClient,
  parameters: RepayKusdParameters,
): Promise<RepayKusdReturnType> {
  const { engine, vaultId } = parameters;
  const amount = parameters.all ? maxUint256 : parameters.amount;
  const { hash, receipt } = await execute(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "repay",
    args: [vaultId, amount],
    account: resolveAccount(client, parameters.account),
    errorContext: () => cdpErrorContext(client, { engine, vaultId, operation: "repayKusd", moves: "kUSD" }),
  });
  const repaid = contractEvent(receipt, { address: engine, abi: cdpEngineAbi, eventName: "Repay", match: { vaultId } });
  return { hash, receipt, repaid: repaid.amount, normalized: repaid.normalized };
}
