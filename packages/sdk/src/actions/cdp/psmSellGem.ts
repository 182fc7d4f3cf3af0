import type { Address } from "viem";
import { pegStabilityModuleAbi } from "../../abis/PegStabilityModule.ts";
import type { KeelWriteErrorType } from "../../errors/types.ts";
import { addressOf, resolveAccount } from "../../internal/account.ts";
import { contractEvent } from "../../internal/events.ts";
import { execute } from "../../internal/execute.ts";
import type { KeelWalletClient, WriteParameters, WriteReturnType } from "../../internal/types.ts";
import { psmErrorContext } from "./psmErrorContext.ts";

export type PsmSellGemParameters = WriteParameters & {
  /** The PegStabilityModule. */
  psm: Address;
  /** Stablecoin units pulled from the sender (approve the module first). */
  amount: bigint;
  /** Who receives the kUSD; defaults to the sender. */
  receiver?: Address;
};
export type PsmSellGemReturnType = WriteReturnType & {
  /** kUSD wei received: the stablecoin's value less the fee. */
  kusdOut: bigint;
  fee: bigint;
};
/** KeelContractError: PsmFrozen, GemDepegged, PsmCapExceeded, ZeroAmount, an oracle's error; or RpcRequestError. */
export type PsmSellGemErrorType = KeelWriteErrorType;

/** Swaps the module's stablecoin for kUSD 1:1 less the in-fee (rounded up). `previewSellGem` quotes it. */
export async function psmSellGem(
  client: KeelWalletClient,
  parameters: PsmSellGemParameters,
): Promise<PsmSellGemReturnType> {
  const { psm, amount } = parameters;
  const account = resolveAccount(client, parameters.account);
  const { hash, receipt } = await execute(client, {
    address: psm,
    abi: pegStabilityModuleAbi,
    functionName: "sellGem",
    args: [amount, parameters.receiver ?? addressOf(account)],
    account,
    errorContext: () => psmErrorContext(client, { psm, operation: "psmSellGem" }),
  });
  const event = contractEvent(receipt, { address: psm, abi: pegStabilityModuleAbi, eventName: "SellGem" });
  return { hash, receipt, kusdOut: event.kusdOut, fee: event.fee };
}
