import {
  type Address,
  type Chain,
  type Client,
  encodeAbiParameters,
  erc20Abi,
  type GetBlockErrorType,
  keccak256,
  type ReadContractErrorType,
  type Transport,
} from "viem";
import { getBlock } from "viem/actions";
import { adaptiveRateModelAbi } from "../abis/AdaptiveRateModel.ts";
import { iPriceOracleAbi } from "../abis/IPriceOracle.ts";
import { iRateModelAbi } from "../abis/IRateModel.ts";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import { keelErrorsAbi } from "../errors/abi.ts";
import { rethrowDecoded } from "../errors/decode.ts";
import { read } from "../internal/read.ts";
import { borrowRate } from "../math/rateModel.ts";
import type {
  EModeCategory,
  OracleRevert,
  PoolSnapshot,
  RateModelParams,
  ReserveConfig,
  ReserveSnapshot,
  ReserveState,
} from "../types.ts";
import { type GetRateModelReturnType, getRateModel } from "./getRateModel.ts";
import { decodedRevert, revertReason } from "./revertReason.ts";

/** Parameters of `getPoolSnapshot`. */
export type GetPoolSnapshotParameters = {
  /** The KeelPool contract. */
  pool: Address;
  poolId: bigint;
  /** Block to read at; the latest by default. */
  blockNumber?: bigint;
};

/** What `getPoolSnapshot` returns. */
export type GetPoolSnapshotReturnType = PoolSnapshot;

/** Errors `getPoolSnapshot` may throw (a failing price or symbol is recorded, not thrown). */
export type GetPoolSnapshotErrorType = ReadContractErrorType | GetBlockErrorType;

type ReadClient = Client<Transport, Chain | undefined>;

/**
 * Reads everything the math and the simulation need about a pool, all at one block so the snapshot
 * is consistent: every reserve's config, stored state (with its interest remainder), oracle price and
 * last reported price (each, or why it failed: the pool falls back to the last price), token symbol
 * and rate model with its parameters and, for an adaptive model, this reserve's curve; the e-mode
 * categories in use; and the block's timestamp. Rate models are recognised by `getRateModel`, and one
 * is trusted only when the SDK's rate equals the model's own `borrowRateView` at this block;
 * otherwise the reserve's model is `external`, with that quoted rate.
 */
export async function getPoolSnapshot(
  client: ReadClient,
  { pool, poolId, blockNumber }: GetPoolSnapshotParameters,
): Promise<GetPoolSnapshotReturnType> {
  const block = await getBlock(client, blockNumber === undefined ? {} : { blockNumber }).catch(rethrowDecoded);
  const at = block.number;
  const reserveCount = await read(client, {
    address: pool,
    abi: keelPoolAbi,
    functionName: "reserveCount",
    args: [poolId],
    blockNumber: at,
  });
  const models = new Map<Address, Promise<GetRateModelReturnType>>();
  const modelAt = (address: Address) => {
    if (!models.has(address)) models.set(address, getRateModel(client, { address, blockNumber: at }));
    return models.get(address) as Promise<GetRateModelReturnType>;
  };
  const reserves = await Promise.all(
    Array.from({ length: Number(reserveCount) }, (_, index) =>
      readReserve(client, { pool, poolId, index, blockNumber: at, timestamp: block.timestamp, modelAt }),
    ),
  );
  const categories = [...new Set(reserves.map((r) => r.config.eModeCategory).filter((c) => c !== 0))];
  const eModes: Record<number, EModeCategory> = {};
  await Promise.all(
    categories.map(async (category) => {
      eModes[category] = await read(client, {
        address: pool,
        abi: keelPoolAbi,
        functionName: "eMode",
        args: [poolId, category],
        blockNumber: at,
      });
    }),
  );
  return { pool, poolId, blockNumber: at, timestamp: block.timestamp, reserves, eModes };
}

async function readReserve(
  client: ReadClient,
  args: {
    pool: Address;
    poolId: bigint;
    index: number;
    blockNumber: bigint;
    timestamp: bigint;
    modelAt: (address: Address) => Promise<GetRateModelReturnType>;
  },
): Promise<ReserveSnapshot> {
  const { pool, poolId, index, blockNumber } = args;
  const reserveArgs = [poolId, BigInt(index)] as const;
  const [config, state] = await Promise.all([
    read(client, {
      address: pool,
      abi: keelPoolAbi,
      functionName: "reserveConfig",
      args: reserveArgs,
      blockNumber,
    }),
    read(client, {
      address: pool,
      abi: keelPoolAbi,
      functionName: "reserveState",
      args: reserveArgs,
      blockNumber,
    }),
  ]);
  const [prices, symbol, rateModel] = await Promise.all([
    readOraclePrices(client, { oracle: config.oracle, blockNumber }),
    read(client, { address: config.asset, abi: erc20Abi, functionName: "symbol", blockNumber }).catch(() => undefined),
    readRateModel(client, { ...args, config, state }),
  ]);
  return { index, config, state, ...prices, rateModel, ...(symbol === undefined ? {} : { symbol }) };
}

/** A reserve's oracle readings as a snapshot holds them: each price, or why its call reverted. */
export type OraclePrices = Pick<
  ReserveSnapshot,
  "price" | "priceError" | "priceRevert" | "lastPrice" | "lastPriceError" | "lastPriceRevert"
>;

/**
 * Reads an oracle's checked `price()` and unchecked `lastPrice()` at one block, recording for each
 * failure the reason and the decoded custom error (which the pool lets through when it needs that price).
 */
export async function readOraclePrices(
  client: ReadClient,
  { oracle, blockNumber }: { oracle: Address; blockNumber: bigint },
): Promise<OraclePrices> {
  const [price, lastPrice] = await Promise.all([
    read(client, { address: oracle, abi: oracleAbi, functionName: "price", blockNumber }).then(
      (value) => ({ price: value }),
      (error: unknown) => ({ priceError: revertReason(error), ...optionalRevert("priceRevert", error) }),
    ),
    read(client, { address: oracle, abi: oracleAbi, functionName: "lastPrice", blockNumber }).then(
      (value) => ({ lastPrice: value }),
      (error: unknown) => ({ lastPriceError: revertReason(error), ...optionalRevert("lastPriceRevert", error) }),
    ),
  ]);
  return { ...price, ...lastPrice };
}

/** IPriceOracle with every custom error an adapter (or a source behind it) may revert with. */
const oracleAbi = [...iPriceOracleAbi, ...keelErrorsAbi] as const;

function optionalRevert<key extends "priceRevert" | "lastPriceRevert">(key: key, error: unknown) {
  const revert = decodedRevert(error);
  return (revert === undefined ? {} : { [key]: revert }) as { [k in key]?: OracleRevert };
}

/**
 * Totals at which a recognised rate model must quote what the SDK computes, besides the reserve's own:
 * idle, half used, near full, full, and empty. One matching point could be a coincidence.
 */
const PROBES: readonly (readonly [bigint, bigint])[] = [
  [10n ** 24n, 0n],
  [10n ** 24n, 5n * 10n ** 23n],
  [10n ** 24n, 95n * 10n ** 22n],
  [10n ** 24n, 10n ** 24n],
  [0n, 0n],
];

async function readRateModel(
  client: ReadClient,
  args: {
    pool: Address;
    poolId: bigint;
    index: number;
    blockNumber: bigint;
    timestamp: bigint;
    config: ReserveConfig;
    state: ReserveState;
    modelAt: (address: Address) => Promise<GetRateModelReturnType>;
  },
): Promise<RateModelParams> {
  const { pool, poolId, index, blockNumber, timestamp, config, state } = args;
  const address = config.irm;
  const points = [[state.totalSupplyAssets, state.totalBorrowAssets] as const, ...PROBES];
  const [model, quotes] = await Promise.all([
    args.modelAt(address),
    Promise.all(
      points.map(([totalSupplyAssets, totalBorrowAssets]) =>
        read(client, {
          address,
          abi: iRateModelAbi,
          functionName: "borrowRateView",
          args: [pool, poolId, BigInt(index), totalSupplyAssets, totalBorrowAssets],
          blockNumber,
        }).catch(() => undefined),
      ),
    ),
  ]);
  const quoted = quotes[0];
  const external: RateModelParams = {
    kind: "external",
    address,
    ...(quoted === undefined
      ? {}
      : {
          quote: {
            ratePerSecond: quoted,
            timestamp,
            totalSupplyAssets: state.totalSupplyAssets,
            totalBorrowAssets: state.totalBorrowAssets,
          },
        }),
  };
  let known: RateModelParams;
  if (model.kind === "kinked") known = { kind: "kinked", address, params: model.params };
  else if (model.kind === "adaptive") {
    // The model keys each caller's curve by keccak256(abi.encode(caller, poolId, reserve)); the caller is the pool.
    const key = keccak256(
      encodeAbiParameters(
        [{ type: "address" }, { type: "uint256" }, { type: "uint256" }],
        [pool, poolId, BigInt(index)],
      ),
    );
    const [rateAtTarget, lastUpdate] = await read(client, {
      address,
      abi: adaptiveRateModelAbi,
      functionName: "curves",
      args: [key],
      blockNumber,
    });
    known = { kind: "adaptive", address, params: model.params, curve: { rateAtTarget, lastUpdate } };
  } else return external;
  const agrees = points.every(([totalSupplyAssets, totalBorrowAssets], i) => {
    const probe = { index, config, state: { ...state, totalSupplyAssets, totalBorrowAssets }, rateModel: known };
    return quotes[i] !== undefined && borrowRate(probe, timestamp) === quotes[i];
  });
  return agrees ? known : external;
}
