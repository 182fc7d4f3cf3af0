import type { Address } from "viem";
import { cdpEngineAbi } from "../../abis/CdpEngine.ts";
import { iPriceOracleAbi } from "../../abis/IPriceOracle.ts";
import type { BaseError } from "../../errors/base.ts";
import type { KeelReadErrorType } from "../../errors/types.ts";
import { pinBlock, readTokenDisplay } from "../../internal/block.ts";
import { read } from "../../internal/read.ts";
import type { KeelReadClient } from "../../internal/types.ts";
import { RAY, TYPE_MINT_PAUSED, TYPE_SHUTDOWN } from "../../math/cdp/constants.ts";
import { stabilityFeeToApy } from "../../math/cdp/fees.ts";
import { currentRate, debtOf, minRatio } from "../../math/cdp/vault.ts";
import type { CdpCollateralType } from "../../types.ts";

/** One collateral type of the kUSD engine with what a dashboard derives from it, at one block. */
export type CollateralTypeInfo = CdpCollateralType & {
  id: bigint;
  symbol: string | undefined;
  decimals: number;
  /** The rate accumulator accrued to the block's timestamp (RAY); equals the engine's `currentRate`. */
  currentRate: bigint;
  /** Per-second fee in RAY (RAY + feeExcess). */
  stabilityFee: bigint;
  /** For display only: the yearly yield the fee compounds to (0.05 = 5%). */
  stabilityFeeApy: number;
  /** Total debt of the type's vaults in kUSD wei, accrued to the block, rounded up. */
  totalDebt: bigint;
  /** Minimum collateral ratio, WAD. */
  minRatio: bigint;
  /** The oracle's price (PRICE_SCALE); undefined when it refuses to price (see `priceError`). */
  price: bigint | undefined;
  priceError: string | undefined;
  isMintPaused: boolean;
  isShutdown: boolean;
  blockNumber: bigint;
  timestamp: bigint;
};

export type GetCollateralTypeParameters = { engine: Address; typeId: bigint; blockNumber?: bigint };
export type GetCollateralTypeReturnType = CollateralTypeInfo;
/** KeelContractError UnknownCollateralType, or RpcRequestError. */
export type GetCollateralTypeErrorType = KeelReadErrorType;

/** A collateral type's stored state and parameters, its token, its oracle price and its accrued debt. */
export async function getCollateralType(
  client: KeelReadClient,
  { engine, typeId, blockNumber: pinned }: GetCollateralTypeParameters,
): Promise<GetCollateralTypeReturnType> {
  const { blockNumber, timestamp } = await pinBlock(client, pinned);
  const type = await read(client, {
    address: engine,
    abi: cdpEngineAbi,
    functionName: "collateralType",
    args: [typeId],
    blockNumber,
  });
  const [token, priced] = await Promise.all([
    readTokenDisplay(client, type.token, blockNumber),
    read(client, { address: type.oracle, abi: iPriceOracleAbi, functionName: "price", blockNumber }).then(
      (price) => ({ price, priceError: undefined }),
      (error: BaseError) => ({ price: undefined, priceError: error.shortMessage }),
    ),
  ]);
  const rate = currentRate(type, timestamp);
  return {
    ...type,
    id: typeId,
    ...token,
    currentRate: rate,
    stabilityFee: RAY + type.feeExcess,
    stabilityFeeApy: stabilityFeeToApy(RAY + type.feeExcess),
    totalDebt: debtOf(type.totalNormalizedDebt, rate),
    minRatio: minRatio(type),
    ...priced,
    isMintPaused: (type.flags & TYPE_MINT_PAUSED) !== 0,
    isShutdown: (type.flags & TYPE_SHUTDOWN) !== 0,
    blockNumber,
    timestamp,
  };
}
