import type { Address } from "viem";
import { cdpEngineAbi } from "../abis/CdpEngine.ts";
import type { BaseError } from "../errors/base.ts";
import { read } from "./internal/read.ts";
import type { KeelReadClient } from "./types.ts";

export type GetIsVaultOperatorParameters = { engine: Address; owner: Address; operator: Address };
export type GetIsVaultOperatorReturnType = boolean;
export type GetIsVaultOperatorErrorType = BaseError;

/** Whether `operator` may act on all of `owner`'s vaults in the kUSD engine. */
export function getIsVaultOperator(
  client: KeelReadClient,
  { engine, owner, operator }: GetIsVaultOperatorParameters,
): Promise<GetIsVaultOperatorReturnType> {
  return read(client, { address: engine, abi: cdpEngineAbi, functionName: "isOperator", args: [owner, operator] });
}
