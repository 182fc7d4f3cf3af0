// Vaults (by owner or type, with their history), auctions and their takes.

import { db } from "ponder:api";
import { auction, auctionTake, collateralType, vault, vaultChange } from "ponder:schema";
import { Hono } from "hono";
import { and, asc, desc, eq, gt } from "ponder";
import { addressParam, badRequest, integerParam, json, notFound, page, pageParams } from "../format.ts";
import { indexedHead } from "../head.ts";
import { pricesAt } from "../health.ts";

const RAY = 10n ** 27n;
const WAD = 10n ** 18n;
const BPS = 10_000n;
const debtOf = (normalized: bigint, rate: bigint) => (normalized === 0n ? 0n : (normalized * rate - 1n) / RAY + 1n);

export const cdp = new Hono();

cdp.get("/collateral-types", async (c) =>
  json(c, { collateralTypes: await db.select().from(collateralType).orderBy(collateralType.id) }),
);

cdp.get("/vaults", async (c) => {
  const owner = c.req.query("owner");
  const typeId = integerParam(c, "type");
  const { limit, cursor } = pageParams(c);
  const rows = await db
    .select()
    .from(vault)
    .where(
      and(
        owner === undefined ? undefined : eq(vault.owner, addressParam(owner, "owner")),
        typeId === undefined ? undefined : eq(vault.typeId, typeId),
        cursor === undefined ? undefined : gt(vault.id, cursor),
      ),
    )
    .orderBy(asc(vault.id))
    .limit(limit + 1);
  const types = new Map((await db.select().from(collateralType)).map((t) => [t.id, t]));
  const items = rows.map((v) => ({
    ...v,
    seq: v.id,
    debt: debtOf(v.normalizedDebt, types.get(v.typeId)?.rate ?? RAY),
  }));
  const result = page(items, limit);
  return json(c, { items: result.items.map(({ seq: _s, ...v }) => v), next: result.next });
});

/**
 * Vaults with debt, no auction running, and a ratio below `minRatio × (1 + margin)` at the indexed head
 * (oracle price at that block, debt at the type's last accrual): the candidates a keeper or `keel
 * auctions` confirms with the engine's own view. `?margin=` in bps, 200 by default, covers the fee
 * accrued since; a vault whose price reverts is listed too, since only the engine can judge it.
 */
cdp.get("/vaults/unsafe", async (c) => {
  const margin = BigInt(integerParam(c, "margin", 200, 10_000) as number);
  const head = await indexedHead();
  const types = await db.select().from(collateralType);
  const candidates: { id: bigint; typeId: number; ratio: bigint | null }[] = [];
  for (const type of types) {
    const { price } = await pricesAt(type.oracle, head.number);
    const rows = await db.select().from(vault).where(eq(vault.typeId, type.id));
    for (const v of rows) {
      if (v.normalizedDebt === 0n || v.auctionId !== null) continue;
      const debt = debtOf(v.normalizedDebt, type.rate);
      if (price === undefined) {
        candidates.push({ id: v.id, typeId: type.id, ratio: null });
        continue;
      }
      const value = (v.collateral * price) / WAD;
      if (value * BPS * BPS < debt * BigInt(type.minRatioBps) * (BPS + margin)) {
        candidates.push({ id: v.id, typeId: type.id, ratio: (value * WAD) / debt });
      }
    }
  }
  return json(c, { block: head.number, marginBps: margin, vaults: candidates });
});

cdp.get("/vaults/:id", async (c) => {
  const id = BigInt(integerParam(c, "id") as number);
  const [row] = await db.select().from(vault).where(eq(vault.id, id));
  if (!row) notFound(`vault ${id} does not exist.`);
  const [type] = await db.select().from(collateralType).where(eq(collateralType.id, row.typeId));
  const history = await db.select().from(vaultChange).where(eq(vaultChange.vaultId, id)).orderBy(vaultChange.seq);
  return json(c, { vault: { ...row, debt: debtOf(row.normalizedDebt, type?.rate ?? RAY) }, history });
});

cdp.get("/auctions", async (c) => {
  const status = c.req.query("status");
  if (status !== undefined && status !== "active" && status !== "ended")
    badRequest(`status must be active or ended (got "${status}").`);
  const rows = await db
    .select()
    .from(auction)
    .where(status === undefined ? undefined : eq(auction.status, status))
    .orderBy(desc(auction.startedBlock));
  return json(c, { auctions: rows });
});

cdp.get("/auctions/:id", async (c) => {
  const id = c.req.param("id");
  if (!/^\d+-\d+$/.test(id)) badRequest(`an auction id is "<vault>-<seq>" (got "${id}").`);
  const [row] = await db.select().from(auction).where(eq(auction.id, id));
  if (!row) notFound(`auction ${id} does not exist.`);
  const takes = await db.select().from(auctionTake).where(eq(auctionTake.auctionId, id)).orderBy(auctionTake.seq);
  return json(c, { auction: row, takes });
});
