// An account's positions (now or as of a block, with interest earned), its history with cursor
// pagination or as CSV, and a pool's accounts by health.

import { db } from "ponder:api";
import { pool, positionChange } from "ponder:schema";
import { Hono } from "hono";
import { and, desc, eq, gt, lt } from "ponder";
import {
  addressParam,
  badRequest,
  blockParam,
  integerParam,
  json,
  notFound,
  page,
  pageParams,
  toCsv,
} from "../format.ts";
import { indexedHead } from "../head.ts";
import { poolAccounts, poolSnapshot, valueAccounts } from "../health.ts";
import { positionAssets, positionsAt, reservesAt } from "../state.ts";

const WAD = 10n ** 18n;

export const accounts = new Hono();

/** The most rows one CSV download holds. */
const CSV_ROWS = 100_000;

accounts.get("/accounts/:address/positions", async (c) => {
  const account = addressParam(c.req.param("address"), "address");
  const head = await indexedHead();
  const block = blockParam(c);
  if (block !== undefined && block > head.number) badRequest(`block ${block} is past the indexed head ${head.number}.`);
  const positions = await positionsAt(account, block);
  const reserves = new Map((await reservesAt(undefined, block)).map((r) => [`${r.poolId}:${r.index}`, r]));
  const items = positions.map((p) => {
    const r = reserves.get(`${p.poolId}:${p.reserve}`);
    if (!r) throw new Error(`position in unknown reserve ${p.poolId}:${p.reserve}`);
    const { supplyAssets, debtAssets } = positionAssets(p, r);
    return {
      poolId: p.poolId,
      reserve: p.reserve,
      symbol: r.symbol,
      asset: r.asset,
      decimals: r.decimals,
      supplyShares: p.supplyShares,
      supplyAssets,
      collateral: p.collateral,
      debtShares: p.debtShares,
      debtAssets,
      // Interest so far: what the supply is worth less what went in; what is owed less what was drawn.
      ...(p.netSupplied === undefined ? {} : { interestEarned: supplyAssets - p.netSupplied }),
      ...(p.netBorrowed === undefined ? {} : { interestPaid: debtAssets - (p.netBorrowed ?? 0n) }),
    };
  });
  return json(c, { block: block ?? head.number, account, positions: items });
});

accounts.get("/accounts/:address/history", async (c) => {
  const account = addressParam(c.req.param("address"), "address");
  const { limit, cursor } = pageParams(c);
  const format = c.req.query("format") ?? "json";
  if (format !== "json" && format !== "csv") badRequest(`format must be json or csv (got "${format}").`);
  const order = c.req.query("order") ?? "asc";
  if (order !== "asc" && order !== "desc") badRequest(`order must be asc or desc (got "${order}").`);
  const after =
    cursor === undefined
      ? undefined
      : order === "asc"
        ? gt(positionChange.seq, cursor)
        : lt(positionChange.seq, cursor);
  const rows = await db
    .select()
    .from(positionChange)
    .where(and(eq(positionChange.account, account), after))
    .orderBy(order === "asc" ? positionChange.seq : desc(positionChange.seq))
    .limit((format === "csv" && c.req.query("limit") === undefined ? CSV_ROWS : limit) + 1);
  if (format === "csv") {
    // The whole history in one file, up to CSV_ROWS rows; beyond that, `x-next-cursor` continues it.
    const size = c.req.query("limit") === undefined ? CSV_ROWS : limit;
    const { items, next } = page(rows, size);
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", `attachment; filename="keel-${account}-history.csv"`);
    if (next) c.header("x-next-cursor", next);
    return c.body(toCsv(items));
  }
  return json(c, { account, ...page(rows, limit) });
});

/** A pool's accounts with debt, lowest health first; `?below=1.05` keeps those under that health. */
accounts.get("/pools/:pool/accounts", async (c) => {
  const id = BigInt(integerParam(c, "pool") as number);
  const [row] = await db.select().from(pool).where(eq(pool.id, id));
  if (!row) notFound(`pool ${id} does not exist.`);
  const below = c.req.query("below");
  if (below !== undefined && !/^\d+(\.\d{1,6})?$/.test(below))
    badRequest(`below must be a health factor such as 1 or 1.05 (got "${below}").`);
  const head = await indexedHead();
  const reserves = await reservesAt(id, undefined);
  const snapshot = await poolSnapshot(id, reserves, head.number, head.timestamp);
  const { valued, unpriced } = valueAccounts(snapshot, await poolAccounts(id, reserves.length));
  const limit = below === undefined ? undefined : BigInt(Math.round(Number(below) * 1e6)) * (WAD / 1_000_000n);
  const items = valued
    .filter((v) => limit === undefined || v.health < limit)
    .sort((a, b) => (a.health < b.health ? -1 : a.health > b.health ? 1 : 0));
  return json(c, { block: head.number, poolId: id, accounts: items, unpriced });
});
