import type { Address } from "viem";
import { iPriceOracleAbi } from "../../abis/IPriceOracle.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";

export type GetPriceParameters = { oracle: Address };
/** Value in WAD USD = amount (token units) × price / 1e18; for d decimals at P USD, price = P × 10^(36 − d). */
export type GetPriceReturnType = bigint;
/** A price the adapter refuses (stale, out of bounds, …) comes out as a KeelContractError. */
export type GetPriceErrorType = KeelReadErrorType;

/** The price a Keel oracle adapter reports now. */
export function getPrice(client: KeelReadClient, { oracle }: GetPriceParameters): Promise<GetPriceReturnType> {
  return read(client, { address: oracle, abi: iPriceOracleAbi, functionName: "price" });
}
