import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetIsVaultOperatorParameters = { engine: Address; owner: Address; operator: Address };
export type GetIsVaultOperatorReturnType = boolean;
export type GetIsVaultOperatorErrorType = KeelReadErrorType;

/** Whether `operator` may act on all of `owner`'s vaults in the kUSD engine. */
export function getIsVaultOperator(
  client: KeelReadClient,
  { engine, owner, operator }: GetIsVaultOperatorParameters,
): Promise<GetIsVaultOperatorReturnType> {
  return read(client, { address: engine, abi: cdpEngineAbi, functionName: "isOperator", args: [owner, operator] });
}
