import type { Address } from "viem";
import { pegStabilityModuleAbi } from "../../abis/PegStabilityModule.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { psmErrorContext } from "./psmErrorContext.ts";

export type PsmBuyGemParameters = WriteParameters & {
  psm: Address;
  /** Stablecoin units to receive. */
  amount: bigint;
  /** Who receives the stablecoin; defaults to the sender. */
  receiver?: Address;
};
export type PsmBuyGemReturnType = WriteReturnType & {
  /** kUSD wei burned from the sender (no allowance needed): the value plus the fee. */
  kusdIn: bigint;
  fee: bigint;
};
/**
 * KeelContractError: PsmFrozen, GemDepegged, PsmInsufficientGem, ZeroAmount, ERC20InsufficientBalance
 * (not enough kUSD), an oracle's error; or RpcRequestError.
 */
export type PsmBuyGemErrorType = KeelWriteErrorType;

/** Swaps kUSD for the module's stablecoin 1:1 plus the out-fee (rounded up). `previewBuyGem` quotes it. */
export async function psmBuyGem(
  client: KeelWalletClient,
  parameters: PsmBuyGemParameters,
): Promise<PsmBuyGemReturnType> {
  const { psm, amount } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: psm,
    abi: pegStabilityModuleAbi,
    functionName: "buyGem",
    args: [amount, parameters.receiver ?? addressOf(account)],
    account,
    errorContext: () => psmErrorContext(client, { psm, operation: "psmBuyGem" }),
  });
  const event = contractEvent(receipt, { address: psm, abi: pegStabilityModuleAbi, eventName: "BuyGem" });
  return { hash, receipt, kusdIn: event.kusdIn, fee: event.fee };
}
