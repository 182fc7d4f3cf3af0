// "What if": the SDK's health math over every indexed account of a pool, with prices moved or
// liquidation thresholds changed, e.g. what a drop of 10, 20 or 30% in ETH would leave liquidatable,
// or which accounts a queued threshold change would put under water.

import { db } from "ponder:api";
import { pool } from "ponder:schema";
import { Hono } from "hono";
import { eq } from "ponder";
import { badRequest, integerParam, json, notFound } from "../format.ts";
import { indexedHead } from "../head.ts";
import { poolAccounts, poolSnapshot, valueAccounts } from "../health.ts";
import { reservesAt } from "../state.ts";

const WAD = 10n ** 18n;

export const whatIf = new Hono();

/**
 * GET /v1/pools/:pool/what-if?symbol=WETH&drops=10,20,30 — per drop, the accounts whose health falls
 * below 1 and their collateral and debt value (USD, WAD). `&threshold=<reserve>:<bps>` (repeatable)
 * applies threshold changes first, as a queued governance change would.
 */
whatIf.get("/pools/:pool/what-if", async (c) => {
  const id = BigInt(integerParam(c, "pool") as number);
  const [row] = await db.select().from(pool).where(eq(pool.id, id));
  if (!row) notFound(`pool ${id} does not exist.`);
  const head = await indexedHead();
  const reserves = await reservesAt(id, undefined);
  const symbol = c.req.query("symbol");
  const target =
    symbol === undefined ? undefined : reserves.find((r) => r.symbol?.toLowerCase() === symbol.toLowerCase());
  if (symbol !== undefined && !target)
    badRequest(`pool ${id} has no reserve ${symbol} (it has ${reserves.map((r) => r.symbol).join(", ")}).`);
  const drops = (c.req.query("drops") ?? (symbol === undefined ? "0" : "10,20,30")).split(",").map((d) => d.trim());
  for (const d of drops)
    if (!/^\d{1,2}(\.\d{1,2})?$/.test(d)) badRequest(`drops are percentages below 100, comma-separated (got "${d}").`);
  const thresholds = c.req.queries("threshold") ?? [];
  const overrides = new Map<number, number>();
  for (const t of thresholds) {
    const m = /^(\d{1,2}):(\d{1,5})$/.exec(t);
    if (!m || Number(m[2]) > 10_000 || !reserves.some((r) => r.index === Number(m[1]))) {
      badRequest(`threshold must be <reserve index>:<bps up to 10000> of a listed reserve (got "${t}").`);
    }
    overrides.set(Number(m[1]), Number(m[2]));
  }
  const base = await poolSnapshot(id, reserves, head.number, head.timestamp);
  for (const reserve of base.reserves) {
    const bps = overrides.get(reserve.index);
    if (bps !== undefined)
      reserve.config = {
        ...reserve.config,
        liquidationThresholdBps: bps,
        ltvBps: Math.min(reserve.config.ltvBps, bps),
      };
  }
  const accounts = await poolAccounts(id, reserves.length);
  const scenarios = drops.map((drop) => {
    const factor = BigInt(Math.round((100 - Number(drop)) * 100));
    const snapshot = {
      ...base,
      reserves: base.reserves.map((r) =>
        target && r.index === target.index
          ? {
              ...r,
              ...(r.price === undefined ? {} : { price: (r.price * factor) / 10_000n }),
              ...(r.lastPrice === undefined ? {} : { lastPrice: (r.lastPrice * factor) / 10_000n }),
            }
          : r,
      ),
    };
    const { valued, unpriced } = valueAccounts(snapshot, accounts);
    const under = valued.filter((v) => v.health < WAD);
    return {
      dropPercent: Number(drop),
      liquidatableAccounts: under.length,
      collateralValue: under.reduce((sum, v) => sum + v.collateralValue, 0n),
      debtValue: under.reduce((sum, v) => sum + v.debtValue, 0n),
      accounts: under.sort((a, b) => (a.health < b.health ? -1 : 1)),
      unpriced,
    };
  });
  return json(c, {
    block: head.number,
    poolId: id,
    symbol: target?.symbol ?? null,
    thresholds: Object.fromEntries(overrides),
    scenarios,
  });
});
