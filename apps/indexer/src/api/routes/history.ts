// Lists over time: liquidations, bad debt, flash loans, peg swaps, parameter changes, governance,
// and the hourly, daily and weekly series of reserves, collateral types and the protocol.

import { db } from "ponder:api";
import {
  badDebt,
  cdpLoss,
  cdpSystem,
  collateralTypeDaily,
  collateralTypeHourly,
  flashLoan,
  governanceCall,
  governanceOperation,
  liquidation,
  parameterChange,
  pegModule,
  pegSwap,
  policy,
  policyExecution,
  protocolDaily,
  reserveConfigChange,
  reserveDaily,
  reserveHourly,
} from "ponder:schema";
import { type Context, Hono } from "hono";
import { and, asc, desc, eq, gt, gte, lte } from "ponder";
import { addressParam, badRequest, integerParam, json, page, pageParams } from "../format.ts";

export const history = new Hono();

/** A paginated list of one seq-ordered table, newest last, optionally filtered. */
function seqList<
  T extends
    | typeof liquidation
    | typeof badDebt
    | typeof flashLoan
    | typeof pegSwap
    | typeof parameterChange
    | typeof cdpLoss
    | typeof reserveConfigChange,
>(path: string, table: T, filter?: (c: Context) => ReturnType<typeof eq> | undefined) {
  history.get(path, async (c) => {
    const { limit, cursor } = pageParams(c);
    const rows = await db
      .select()
      .from(table as typeof liquidation)
      .where(and(cursor === undefined ? undefined : gt(table.seq, cursor), filter?.(c)))
      .orderBy(asc(table.seq))
      .limit(limit + 1);
    return json(c, page(rows, limit));
  });
}

seqList("/liquidations", liquidation, (c) => {
  const borrower = c.req.query("borrower");
  return borrower === undefined ? undefined : eq(liquidation.borrower, addressParam(borrower, "borrower"));
});
seqList("/bad-debt", badDebt);
seqList("/cdp-losses", cdpLoss);
seqList("/flash-loans", flashLoan);
seqList("/peg-swaps", pegSwap);
seqList("/parameter-changes", parameterChange);
seqList("/reserve-config-changes", reserveConfigChange);

history.get("/peg-modules", async (c) => json(c, { pegModules: await db.select().from(pegModule) }));
history.get("/cdp-system", async (c) => json(c, { system: (await db.select().from(cdpSystem))[0] ?? null }));

history.get("/policies", async (c) => {
  const owner = c.req.query("owner");
  const rows = await db
    .select()
    .from(policy)
    .where(owner === undefined ? undefined : eq(policy.owner, addressParam(owner, "owner")));
  const executions = await db.select().from(policyExecution).orderBy(policyExecution.seq);
  return json(c, {
    policies: rows.map((p) => ({ ...p, executionHistory: executions.filter((e) => e.policyHash === p.hash) })),
  });
});

history.get("/governance", async (c) => {
  const operations = await db.select().from(governanceOperation).orderBy(desc(governanceOperation.queuedBlock));
  const calls = await db.select().from(governanceCall).orderBy(governanceCall.index);
  return json(c, {
    operations: operations.map((o) => ({ ...o, calls: calls.filter((call) => call.timelockOperation === o.id) })),
  });
});

const WEEK = 7n * 86_400n;

/** `?interval=hour|day|week&from=&to=` (unix seconds). Weeks are 7 daily buckets, closes from the last day. */
function intervalParams(c: Context) {
  const interval = c.req.query("interval") ?? "day";
  if (!["hour", "day", "week"].includes(interval))
    badRequest(`interval must be hour, day or week (got "${interval}").`);
  const from = BigInt(integerParam(c, "from", 0) as number);
  const to = BigInt(integerParam(c, "to", 2 ** 40) as number);
  return { interval, from, to };
}

type Bucket = { start: bigint; events: number } & Record<string, unknown>;

/** Folds daily buckets into weeks (starting Thursday 00:00 UTC, as unix weeks do): sums add, closes take the last day's. */
function weekly<T extends Bucket>(days: T[], sums: string[]): T[] {
  const weeks = new Map<bigint, T>();
  for (const day of days) {
    const start = day.start - (day.start % WEEK);
    const week = weeks.get(start);
    if (!week) {
      weeks.set(start, { ...day, start });
      continue;
    }
    const merged = { ...day, start } as Record<string, unknown>;
    for (const key of sums) merged[key] = (week[key] as bigint) + (day[key] as bigint);
    merged.events = week.events + day.events;
    weeks.set(start, merged as T);
  }
  return [...weeks.values()];
}

history.get("/reserves/:pool/:reserve/series", async (c) => {
  const poolId = BigInt(integerParam(c, "pool") as number);
  const index = integerParam(c, "reserve") as number;
  const { interval, from, to } = intervalParams(c);
  const table = interval === "hour" ? reserveHourly : reserveDaily;
  const rows = await db
    .select()
    .from(table)
    .where(and(eq(table.poolId, poolId), eq(table.reserve, index), gte(table.start, from), lte(table.start, to)))
    .orderBy(table.start);
  const series =
    interval === "week"
      ? weekly(rows, ["supplied", "withdrawn", "borrowed", "repaid", "interest", "feeShares", "liquidated"])
      : rows;
  return json(c, { poolId, reserve: index, interval, series });
});

history.get("/collateral-types/:type/series", async (c) => {
  const typeId = integerParam(c, "type") as number;
  const { interval, from, to } = intervalParams(c);
  const table = interval === "hour" ? collateralTypeHourly : collateralTypeDaily;
  const rows = await db
    .select()
    .from(table)
    .where(and(eq(table.typeId, typeId), gte(table.start, from), lte(table.start, to)))
    .orderBy(table.start);
  const series = interval === "week" ? weekly(rows, ["minted", "repaid", "feesRad", "auctioned"]) : rows;
  return json(c, { typeId, interval, series });
});

history.get("/protocol/daily", async (c) => {
  const { from, to } = intervalParams(c);
  const rows = await db
    .select()
    .from(protocolDaily)
    .where(and(gte(protocolDaily.start, from), lte(protocolDaily.start, to)))
    .orderBy(protocolDaily.start);
  return json(c, { days: rows });
});
