// Account health over indexed state, with the SDK's math: the pool snapshot the math needs is built from
// the indexed reserves and the oracles' prices at the indexed block (the only chain read), so "what if"
// questions can change a price and value every account of a pool at once.

import { db, publicClients } from "ponder:api";
import { eModeCategory, position } from "ponder:schema";
import { type AccountSnapshot, accountHealth, healthFactor, type PoolSnapshot } from "@keel/sdk";
import { iPriceOracleAbi } from "@keel/sdk/abis";
import { eq } from "ponder";
import type { ReserveRow } from "./state.ts";

const priceCache = new Map<string, Promise<{ price?: bigint; lastPrice?: bigint }>>();

/** The adapter's checked price and its last price at `block`; either may be absent when it reverts. */
export function pricesAt(oracle: `0x${string}`, block: bigint) {
  const key = `${block}:${oracle}`;
  let prices = priceCache.get(key);
  if (!prices) {
    if (priceCache.size > 10_000) priceCache.clear();
    const read = (functionName: "price" | "lastPrice") =>
      publicClients.keel
        .readContract({ address: oracle, abi: iPriceOracleAbi, functionName, blockNumber: block })
        .then((value) => value as bigint)
        .catch(() => undefined);
    prices = Promise.all([read("price"), read("lastPrice")]).then(([price, lastPrice]) => ({
      ...(price === undefined ? {} : { price }),
      ...(lastPrice === undefined ? {} : { lastPrice }),
    }));
    priceCache.set(key, prices);
  }
  return prices;
}

/** A PoolSnapshot of indexed reserves at `block`: no accrual beyond it (the state's clock is the block's). */
export async function poolSnapshot(
  poolId: bigint,
  reserves: ReserveRow[],
  block: bigint,
  timestamp: bigint,
): Promise<PoolSnapshot> {
  const categories = await db.select().from(eModeCategory).where(eq(eModeCategory.poolId, poolId));
  const eModes: PoolSnapshot["eModes"] = {};
  for (const c of categories) {
    eModes[c.category] = {
      ltvBps: c.ltvBps,
      liquidationThresholdBps: c.liquidationThresholdBps,
      maxLiquidationBonusBps: c.maxLiquidationBonusBps,
    };
  }
  const snapshots = await Promise.all(
    reserves.map(async (r) => ({
      index: r.index,
      config: {
        asset: r.asset,
        decimals: r.decimals,
        flags: r.flags,
        eModeCategory: r.eModeCategory,
        reserveFactorBps: r.reserveFactorBps,
        liquidationFeeBps: r.liquidationFeeBps,
        supplyCap: Number(r.supplyCap),
        irm: r.irm,
        borrowCap: Number(r.borrowCap),
        oracle: r.oracle,
        ltvBps: r.ltvBps,
        liquidationThresholdBps: r.liquidationThresholdBps,
        maxLiquidationBonusBps: r.maxLiquidationBonusBps,
      },
      state: {
        totalSupplyAssets: r.totalSupplyAssets,
        totalSupplyShares: r.totalSupplyShares,
        totalBorrowAssets: r.totalBorrowAssets,
        totalBorrowShares: r.totalBorrowShares,
        totalCollateral: r.totalCollateral,
        treasuryCollateral: r.treasuryCollateral,
        listed: true,
        treasuryShares: r.treasuryShares,
        lastUpdate: Number(timestamp),
        interestRemainder: 0n,
      },
      ...(await pricesAt(r.oracle, block)),
      rateModel: { kind: "external" as const, address: r.irm },
      ...(r.symbol ? { symbol: r.symbol } : {}),
    })),
  );
  return {
    pool: "0x0000000000000000000000000000000000000000",
    poolId,
    blockNumber: block,
    timestamp,
    reserves: snapshots as PoolSnapshot["reserves"],
    eModes,
  };
}

/** Every account with a position in the pool, as the math wants them. */
export async function poolAccounts(poolId: bigint, reserveCount: number): Promise<AccountSnapshot[]> {
  const rows = await db.select().from(position).where(eq(position.poolId, poolId));
  const byAccount = new Map<string, AccountSnapshot>();
  for (const row of rows) {
    let account = byAccount.get(row.account);
    if (!account) {
      account = {
        account: row.account,
        positions: Array.from({ length: reserveCount }, () => ({ supplyShares: 0n, collateral: 0n, debtShares: 0n })),
      };
      byAccount.set(row.account, account);
    }
    account.positions[row.reserve] = {
      supplyShares: row.supplyShares,
      collateral: row.collateral,
      debtShares: row.debtShares,
    };
  }
  return [...byAccount.values()];
}

export type Valued = {
  account: `0x${string}`;
  health: bigint;
  collateralValue: bigint;
  liquidationValue: bigint;
  debtValue: bigint;
};

/** Values accounts with debt; a failing price leaves an account out, named in `unpriced`. */
export function valueAccounts(
  snapshot: PoolSnapshot,
  accounts: AccountSnapshot[],
): { valued: Valued[]; unpriced: string[] } {
  const valued: Valued[] = [];
  const unpriced: string[] = [];
  for (const account of accounts) {
    if (!account.positions.some((p) => p.debtShares !== 0n)) continue;
    try {
      const h = accountHealth(snapshot, account, { accrue: false });
      valued.push({
        account: account.account,
        health: healthFactor(h),
        collateralValue: h.collateralValue,
        liquidationValue: h.liquidationValue,
        debtValue: h.debtValue,
      });
    } catch {
      unpriced.push(account.account);
    }
  }
  return { valued, unpriced };
}
