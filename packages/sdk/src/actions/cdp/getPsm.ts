import type { Address } from "viem";
import { iPriceOracleAbi } from "../../abis/IPriceOracle.ts";
import { pegStabilityModuleAbi } from "../../abis/PegStabilityModule.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { pinBlock, readTokenDisplay } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { gemToKusd, isDepegged, type PsmState } from "../../math/cdp/psm.ts";

/** A peg stability module at one block: what `previewSellGem`/`previewBuyGem` need, and more to show. */
export type PsmInfo = PsmState & {
  address: Address;
  gem: Address;
  gemSymbol: string | undefined;
  gemOracle: Address;
  /** The oracle price of one gem unit at par (PRICE_SCALE). */
  pegPrice: bigint;
  /** undefined when the gem's oracle refuses to price (swaps revert with its error then). */
  gemPrice: bigint | undefined;
  /** The gem's oracle is further from the peg than the tolerance: swaps are stopped. */
  depegged: boolean | undefined;
  /** Swaps work now: not frozen, and the oracle prices the gem within the tolerance. */
  live: boolean;
  /** Gem units the module holds against its mints (what buyGem can pay out). */
  gemHeld: bigint;
  /** kUSD that sales can still mint under the cap. */
  capRoom: bigint;
  blockNumber: bigint;
};

export type GetPsmParameters = { psm: Address; blockNumber?: bigint };
export type GetPsmReturnType = PsmInfo;
export type GetPsmErrorType = KeelReadErrorType;

/** A peg stability module's gem, fees, cap, minted total, freeze and depeg state. */
export async function getPsm(
  client: KeelReadClient,
  { psm, blockNumber: pinned }: GetPsmParameters,
): Promise<GetPsmReturnType> {
  const { blockNumber } = await pinBlock(client, pinned);
  const at = { address: psm, abi: pegStabilityModuleAbi, blockNumber } as const;
  const [gem, gemOracle, pegPrice, minted, cap, feeInBps, feeOutBps, depegToleranceBps, frozen] = await Promise.all([
    read(client, { ...at, functionName: "gem" }),
    read(client, { ...at, functionName: "gemOracle" }),
    read(client, { ...at, functionName: "pegPrice" }),
    read(client, { ...at, functionName: "minted" }),
    read(client, { ...at, functionName: "cap" }),
    read(client, { ...at, functionName: "feeInBps" }),
    read(client, { ...at, functionName: "feeOutBps" }),
    read(client, { ...at, functionName: "depegToleranceBps" }),
    read(client, { ...at, functionName: "frozen" }),
  ]);
  const [token, gemPrice] = await Promise.all([
    readTokenDisplay(client, gem, blockNumber),
    read(client, { address: gemOracle, abi: iPriceOracleAbi, functionName: "price", blockNumber }).catch(
      () => undefined,
    ),
  ]);
  const depegged = gemPrice === undefined ? undefined : isDepegged(gemPrice, pegPrice, depegToleranceBps);
  return {
    address: psm,
    gem,
    gemSymbol: token.symbol,
    gemDecimals: token.decimals,
    gemOracle,
    pegPrice,
    gemPrice,
    minted,
    cap,
    feeInBps,
    feeOutBps,
    depegToleranceBps,
    frozen,
    depegged,
    live: !frozen && depegged === false,
    gemHeld: minted / gemToKusd(token.decimals),
    capRoom: cap > minted ? cap - minted : 0n,
    blockNumber,
  };
}
