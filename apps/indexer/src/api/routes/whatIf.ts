// "What if": the SDK's health math over every indexed account of a pool, with prices moved or
// liquidation thresholds changed, e.g. what a drop of 10, 20 or 30% in ETH would leave liquidatable,
// or which accounts a queued governance operation would put under water (`operation=<timelock id>`).

import { db } from "ponder:api";
import { governanceCall, governanceOperation, pool } from "ponder:schema";
import type { PoolSnapshot } from "@keel/sdk";
import { keelConfiguratorAbi } from "@keel/sdk/abis";
import { Hono } from "hono";
import { eq } from "ponder";
import { decodeFunctionData } from "viem";
import { deployment } from "../../settings.ts";
import { badRequest, integerParam, json, notFound } from "../format.ts";
import { indexedHead } from "../head.ts";
import { poolAccounts, poolSnapshot, valueAccounts } from "../health.ts";
import { reservesAt } from "../state.ts";

const WAD = 10n ** 18n;

export const whatIf = new Hono();

/**
 * Applies what a queued timelock operation would change in this pool's risk parameters: the
 * configurator's `updateReserve` (LTV, threshold, bonus, e-mode category) and `setEMode`. Other calls
 * are listed as not applied; they do not move health.
 */
async function applyOperation(snapshot: PoolSnapshot, id: string) {
  if (!/^0x[0-9a-fA-F]{64}$/.test(id))
    badRequest(`operation must be a timelock operation id, 0x and 64 hex digits (got "${id}").`);
  const [op] = await db
    .select()
    .from(governanceOperation)
    .where(eq(governanceOperation.id, id.toLowerCase() as `0x${string}`));
  if (!op) notFound(`no timelock operation ${id} is indexed.`);
  const calls = await db
    .select()
    .from(governanceCall)
    .where(eq(governanceCall.timelockOperation, op.id))
    .orderBy(governanceCall.index);
  const applied: string[] = [];
  const ignored: string[] = [];
  for (const call of calls) {
    const label = call.decoded ?? call.data.slice(0, 10);
    if (call.target.toLowerCase() !== deployment.contracts.configurator.toLowerCase()) {
      ignored.push(label);
      continue;
    }
    const decoded = decodeFunctionData({ abi: keelConfiguratorAbi, data: call.data });
    if (decoded.functionName === "updateReserve" && decoded.args[0] === snapshot.poolId) {
      const [, index, params] = decoded.args;
      const reserve = snapshot.reserves.find((r) => BigInt(r.index) === index);
      if (!reserve)
        badRequest(`operation ${id} updates reserve ${index}, which pool ${snapshot.poolId} does not have.`);
      reserve.config = {
        ...reserve.config,
        ltvBps: params.ltvBps,
        liquidationThresholdBps: params.liquidationThresholdBps,
        maxLiquidationBonusBps: params.maxLiquidationBonusBps,
        eModeCategory: params.eModeCategory,
      };
      applied.push(label);
    } else if (decoded.functionName === "setEMode" && decoded.args[0] === snapshot.poolId) {
      const [, category, params] = decoded.args;
      snapshot.eModes[category] = params;
      applied.push(label);
    } else {
      ignored.push(label);
    }
  }
  return { id: op.id, status: op.status, readyAt: op.readyAt, applied, ignored };
}

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
  if (drops.length > 10) badRequest(`at most 10 drops at once (got ${drops.length}).`);
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
  const operation = c.req.query("operation");
  const governance = operation === undefined ? undefined : await applyOperation(base, operation);
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
    ...(governance ? { operation: governance } : {}),
    scenarios,
  });
});
