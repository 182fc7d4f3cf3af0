// Market tables: every reserve with its totals, utilization, rates (now and realized over 1, 7 and 30
// days), caps and price, now or as of a block.

import { db, publicClients } from "ponder:api";
import { pool } from "ponder:schema";
import { rateToApy, SharesMathLib } from "@keel/sdk";
import { iRateModelAbi } from "@keel/sdk/abis";
import { Hono } from "hono";
import { eq } from "ponder";
import { totalsOf, utilizationOf } from "../../handlers/reserves.ts";
import { deployment } from "../../settings.ts";
import { badRequest, blockParam, integerParam, json, notFound } from "../format.ts";
import { indexedHead } from "../head.ts";
import { type ReserveRow, reserveStateBefore, reservesAt } from "../state.ts";

const WAD = 10n ** 18n;
const BPS = 10_000n;
const YEAR = 365 * 86_400;
const WINDOWS = { apy1d: 86_400n, apy7d: 7n * 86_400n, apy30d: 30n * 86_400n } as const;

/** The model's rate for these totals at the indexed block, cached per block and reserve. */
const rateCache = new Map<string, Promise<bigint | null>>();
function modelRate(row: ReserveRow, block: bigint): Promise<bigint | null> {
  const key = `${block}:${row.poolId}:${row.index}:${row.totalSupplyAssets}:${row.totalBorrowAssets}`;
  let rate = rateCache.get(key);
  if (!rate) {
    if (rateCache.size > 10_000) rateCache.clear();
    rate = publicClients.keel
      .readContract({
        address: row.irm,
        abi: iRateModelAbi,
        functionName: "borrowRateView",
        args: [deployment.contracts.pool, row.poolId, BigInt(row.index), row.totalSupplyAssets, row.totalBorrowAssets],
        blockNumber: block,
      })
      .catch(() => null);
    rateCache.set(key, rate);
  }
  return rate;
}

/** Supply (or borrow) share price growth between two states, annualized; null without history that old. */
function realizedApy(
  now: { assets: bigint; shares: bigint },
  then: { assets: bigint; shares: bigint } | undefined,
  seconds: bigint,
): number | null {
  if (!then || then.shares === 0n || now.shares === 0n) return null;
  const priceNow = Number(SharesMathLib.toAssetsDown(10n ** 24n, now.assets, now.shares));
  const priceThen = Number(SharesMathLib.toAssetsDown(10n ** 24n, then.assets, then.shares));
  if (priceThen === 0) return null;
  return (priceNow / priceThen) ** (YEAR / Number(seconds)) - 1;
}

export async function marketRow(row: ReserveRow, block: bigint, timestamp: bigint) {
  const utilization = utilizationOf(row);
  const rate = (await modelRate(row, block)) ?? row.borrowRate;
  const supplyRate = (((rate * utilization) / WAD) * (BPS - BigInt(row.reserveFactorBps))) / BPS;
  const apys: Record<string, { supply: number | null; borrow: number | null }> = {};
  for (const [name, seconds] of Object.entries(WINDOWS)) {
    const then = await reserveStateBefore(row, { timestamp: timestamp - seconds });
    apys[name] = {
      supply: realizedApy(
        { assets: row.totalSupplyAssets, shares: row.totalSupplyShares },
        then && { assets: then.totalSupplyAssets, shares: then.totalSupplyShares },
        seconds,
      ),
      borrow: realizedApy(
        { assets: row.totalBorrowAssets, shares: row.totalBorrowShares },
        then && { assets: then.totalBorrowAssets, shares: then.totalBorrowShares },
        seconds,
      ),
    };
  }
  return {
    poolId: row.poolId,
    reserve: row.index,
    symbol: row.symbol,
    asset: row.asset,
    decimals: row.decimals,
    ...totalsOf(row),
    liquidity: row.totalSupplyAssets - row.totalBorrowAssets,
    utilization,
    borrowRate: rate,
    supplyRate,
    borrowApy: rateToApy(rate),
    supplyApy: rateToApy(supplyRate),
    realizedApy: apys,
    supplyCap: row.supplyCap,
    borrowCap: row.borrowCap,
    ltvBps: row.ltvBps,
    liquidationThresholdBps: row.liquidationThresholdBps,
    maxLiquidationBonusBps: row.maxLiquidationBonusBps,
    reserveFactorBps: row.reserveFactorBps,
    flags: row.flags,
    eModeCategory: row.eModeCategory,
    collapsed: row.collapsed,
    oracle: row.oracle,
    irm: row.irm,
    price: row.price,
    priceBlock: row.priceBlock,
    interestAccrued: row.interestAccrued,
    badDebtSocialized: row.badDebtSocialized,
    updatedBlock: row.updatedBlock,
  };
}

export const markets = new Hono();

markets.get("/markets", async (c) => {
  const head = await indexedHead();
  const block = blockParam(c);
  if (block !== undefined && block > head.number) badRequest(`block ${block} is past the indexed head ${head.number}.`);
  const poolId = integerParam(c, "pool");
  const rows = await reservesAt(poolId === undefined ? undefined : BigInt(poolId), block);
  const at = block ?? head.number;
  const timestamp =
    block === undefined ? head.timestamp : (await publicClients.keel.getBlock({ blockNumber: block })).timestamp;
  return json(c, { block: at, markets: await Promise.all(rows.map((row) => marketRow(row, at, timestamp))) });
});

markets.get("/pools/:pool", async (c) => {
  const head = await indexedHead();
  const id = BigInt(integerParam(c, "pool") as number);
  const block = blockParam(c);
  if (block !== undefined && block > head.number) badRequest(`block ${block} is past the indexed head ${head.number}.`);
  const [row] = await db.select().from(pool).where(eq(pool.id, id));
  if (!row || (block !== undefined && row.createdBlock > block))
    notFound(`pool ${id} does not exist${block === undefined ? "" : ` at block ${block}`}.`);
  const at = block ?? head.number;
  const timestamp =
    block === undefined ? head.timestamp : (await publicClients.keel.getBlock({ blockNumber: block })).timestamp;
  const reserves = await reservesAt(id, block);
  return json(c, {
    block: at,
    pool: row,
    reserves: await Promise.all(reserves.map((r) => marketRow(r, at, timestamp))),
  });
});
