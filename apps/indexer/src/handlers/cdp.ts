// The kUSD engine: collateral types, vaults, fee accrual, auctions and losses. Vault and type books are
// replayed from the events; the end-to-end test compares them with the engine's storage.

import type { Context } from "ponder:registry";
import { ponder } from "ponder:registry";
import {
  auction,
  auctionTake,
  authorization,
  cdpLoss,
  cdpSystem,
  collateralType,
  collateralTypeChange,
  collateralTypeDaily,
  collateralTypeHourly,
  vault,
  vaultChange,
} from "ponder:schema";
import { MathLib } from "@keel/sdk";
import type { Address } from "viem";
import { at, bucketStart, DAY, describeChanges, type EventAt, HOUR, idOf, readPrice, seqOf } from "../util.ts";
import { recordParameter } from "./parameters.ts";
import { bumpDay, markActive } from "./positions.ts";

const RAY = 10n ** 27n;
const BPS = 10_000n;

type TypeRow = typeof collateralType.$inferSelect;
type VaultRow = typeof vault.$inferSelect;
type CollateralVolumes = Partial<{ minted: bigint; repaid: bigint; feesRad: bigint; auctioned: bigint }>;

const ceilDiv = (a: bigint, b: bigint) => (a === 0n ? 0n : (a - 1n) / b + 1n);

/** The normalized debt whose debt (normalized × rate / RAY, rounded up) is `debt`: unique while rate ≥ RAY. */
export function normalizedOf(debt: bigint, rate: bigint): bigint {
  let n = (debt * RAY) / rate;
  while (ceilDiv(n * rate, RAY) < debt) n += 1n;
  while (n > 0n && ceilDiv((n - 1n) * rate, RAY) >= debt) n -= 1n;
  return n;
}

async function loadType(context: Context, id: number): Promise<TypeRow> {
  const row = await context.db.find(collateralType, { id });
  if (!row) throw new Error(`collateral type ${id} changed before it was added`);
  return row;
}

async function loadVault(context: Context, id: bigint): Promise<VaultRow> {
  const row = await context.db.find(vault, { id });
  if (!row) throw new Error(`vault ${id} changed before it was opened`);
  return row;
}

async function system(context: Context) {
  return (
    (await context.db.find(cdpSystem, { id: 1 })) ?? {
      id: 1,
      lossesFromSurplus: 0n,
      lossesToSystemDebt: 0n,
      surplusWithdrawn: 0n,
      surplusAbsorbed: 0n,
      feesRad: 0n,
      globalDebtCeiling: 0n,
      updatedBlock: 0n,
    }
  );
}

async function changeSystem(
  context: Context,
  event: EventAt,
  change: (row: Awaited<ReturnType<typeof system>>) => Partial<Awaited<ReturnType<typeof system>>>,
) {
  const row = await system(context);
  const values = { ...row, ...change(row), updatedBlock: event.block.number };
  await context.db.insert(cdpSystem).values(values).onConflictDoUpdate(values);
}

/** Applies a change to a collateral type and records its hour and day. */
async function changeType(
  context: Context,
  event: EventAt,
  id: number,
  change: (row: TypeRow) => Partial<TypeRow>,
  volumes: CollateralVolumes = {},
): Promise<TypeRow> {
  const row = await loadType(context, id);
  const updated = { ...row, ...change(row), updatedBlock: event.block.number };
  const hour = bucketStart(event.block.timestamp, HOUR);
  if (updated.priceAt === null || updated.priceAt < hour) {
    updated.price = await readPrice(context, updated.oracle, event.block.number);
    updated.priceBlock = event.block.number;
    updated.priceAt = event.block.timestamp;
  }
  const close = {
    rate: updated.rate,
    totalNormalizedDebt: updated.totalNormalizedDebt,
    totalCollateral: updated.totalCollateral,
  };
  const v = (name: keyof CollateralVolumes) => volumes[name] ?? 0n;
  for (const [table, start] of [
    [collateralTypeHourly, hour],
    [collateralTypeDaily, bucketStart(event.block.timestamp, DAY)],
  ] as const) {
    await context.db
      .insert(table)
      .values({
        typeId: id,
        start,
        ...close,
        price: updated.price,
        minted: v("minted"),
        repaid: v("repaid"),
        feesRad: v("feesRad"),
        auctioned: v("auctioned"),
        events: 1,
      })
      .onConflictDoUpdate((bucket) => ({
        ...close,
        minted: bucket.minted + v("minted"),
        repaid: bucket.repaid + v("repaid"),
        feesRad: bucket.feesRad + v("feesRad"),
        auctioned: bucket.auctioned + v("auctioned"),
        events: bucket.events + 1,
      }));
  }
  const { id: _id, ...rest } = updated;
  await context.db.update(collateralType, { id }).set(rest);
  return updated;
}

async function changeVault(
  context: Context,
  event: EventAt,
  args: {
    id: bigint;
    kind: string;
    caller: Address;
    amount: bigint;
    change: (row: VaultRow) => Partial<VaultRow>;
    k?: number;
  },
): Promise<VaultRow> {
  const row = await loadVault(context, args.id);
  const updated = { ...row, ...args.change(row), updatedBlock: event.block.number };
  const { id: _id, ...rest } = updated;
  await context.db.update(vault, { id: args.id }).set(rest);
  await context.db.insert(vaultChange).values({
    id: idOf(event, args.k ?? 0),
    seq: seqOf(event, args.k ?? 0),
    vaultId: args.id,
    owner: updated.owner,
    kind: args.kind,
    caller: args.caller,
    amount: args.amount,
    collateral: updated.collateral,
    normalizedDebt: updated.normalizedDebt,
    ...at(event),
  });
  await markActive(context, event, updated.owner);
  return updated;
}

function paramsFields(params: {
  oracle: Address;
  stabilityFee: bigint;
  minRatioBps: number;
  liquidationPenaltyBps: number;
  auctionStartBufferBps: number;
  auctionLimit: bigint;
  debtCeiling: bigint;
  debtFloor: bigint;
}) {
  return {
    oracle: params.oracle,
    stabilityFee: params.stabilityFee,
    minRatioBps: params.minRatioBps,
    liquidationPenaltyBps: params.liquidationPenaltyBps,
    auctionStartBufferBps: params.auctionStartBufferBps,
    auctionLimit: params.auctionLimit,
    debtCeiling: params.debtCeiling,
    debtFloor: params.debtFloor,
  };
}

async function recordTypeChange(context: Context, event: EventAt, typeId: number, name: string, changes: string) {
  await context.db
    .insert(collateralTypeChange)
    .values({ id: idOf(event), seq: seqOf(event), typeId, event: name, changes, ...at(event) });
}

// ----- collateral types and governance -----

ponder.on("CdpEngine:AddCollateralType", async ({ event, context }) => {
  const typeId = Number(event.args.typeId);
  const fields = paramsFields(event.args.params);
  await context.db.insert(collateralType).values({
    id: typeId,
    token: event.args.token,
    ...fields,
    rate: RAY,
    totalNormalizedDebt: 0n,
    totalCollateral: 0n,
    inAuction: 0n,
    feesRad: 0n,
    mintPaused: false,
    updatedBlock: event.block.number,
  });
  await recordTypeChange(context, event, typeId, "AddCollateralType", "listed");
});

ponder.on("CdpEngine:SetCollateralParams", async ({ event, context }) => {
  const typeId = Number(event.args.typeId);
  const fields = paramsFields(event.args.params);
  const before = await loadType(context, typeId);
  await changeType(context, event, typeId, () => fields);
  await recordTypeChange(context, event, typeId, "SetCollateralParams", describeChanges(before, fields));
});

ponder.on("CdpEngine:SetMintPaused", async ({ event, context }) => {
  const typeId = Number(event.args.typeId);
  await changeType(context, event, typeId, () => ({ mintPaused: event.args.paused }));
  await recordTypeChange(
    context,
    event,
    typeId,
    "SetMintPaused",
    `minting ${event.args.paused ? "paused" : "resumed"}`,
  );
});

ponder.on("CdpEngine:Shutdown", async ({ event, context }) => {
  const typeId = Number(event.args.typeId);
  await changeType(context, event, typeId, () => ({ shutdownPrice: event.args.price }));
  await recordTypeChange(context, event, typeId, "Shutdown", `shut down at price ${event.args.price}`);
});

ponder.on("CdpEngine:SetShutdownOracle", async ({ event, context }) => {
  const typeId = Number(event.args.typeId);
  // Governance replaces a shut-down type's oracle; the shutdown price stays. The price in the event is
  // the new oracle's answer at that moment, kept in words.
  await changeType(context, event, typeId, () => ({ oracle: event.args.oracle }));
  await recordTypeChange(
    context,
    event,
    typeId,
    "SetShutdownOracle",
    `oracle replaced by ${event.args.oracle} after shutdown (it answered ${event.args.price})`,
  );
});

ponder.on("CdpEngine:SetGlobalDebtCeiling", async ({ event, context }) => {
  await changeSystem(context, event, () => ({ globalDebtCeiling: event.args.ceiling }));
  await recordParameter(
    context,
    event,
    "CdpEngine",
    "SetGlobalDebtCeiling",
    `global debt ceiling set to ${event.args.ceiling}`,
  );
});

ponder.on("CdpEngine:SetGuardian", async ({ event, context }) => {
  await recordParameter(context, event, "CdpEngine", "SetGuardian", `guardian set to ${event.args.guardian}`);
});

ponder.on("CdpEngine:WithdrawSurplus", async ({ event, context }) => {
  await changeSystem(context, event, (row) => ({ surplusWithdrawn: row.surplusWithdrawn + event.args.amount }));
  await recordParameter(
    context,
    event,
    "CdpEngine",
    "WithdrawSurplus",
    `${event.args.amount} kUSD wei of surplus paid to ${event.args.to}`,
  );
});

ponder.on("CdpEngine:AbsorbSurplus", async ({ event, context }) => {
  await changeSystem(context, event, (row) => ({ surplusAbsorbed: row.surplusAbsorbed + event.args.amount }));
});

ponder.on("CdpEngine:SetOperator", async ({ event, context }) => {
  const { owner, operator, approved } = event.args;
  await context.db
    .insert(authorization)
    .values({
      contract: "CdpEngine",
      authorizer: owner,
      operator,
      isAuthorized: approved,
      updatedBlock: event.block.number,
    })
    .onConflictDoUpdate({ isAuthorized: approved, updatedBlock: event.block.number });
});

ponder.on("CdpEngine:Accrue", async ({ event, context }) => {
  const typeId = Number(event.args.typeId);
  const { rate, feeRad } = event.args;
  await changeType(context, event, typeId, (row) => ({ rate, feesRad: row.feesRad + feeRad }), { feesRad: feeRad });
  await changeSystem(context, event, (row) => ({ feesRad: row.feesRad + feeRad }));
});

// ----- vaults -----

ponder.on("CdpEngine:Open", async ({ event, context }) => {
  const { vaultId, owner } = event.args;
  await context.db.insert(vault).values({
    id: vaultId,
    owner,
    typeId: Number(event.args.typeId),
    collateral: 0n,
    normalizedDebt: 0n,
    openedBlock: event.block.number,
    updatedBlock: event.block.number,
  });
  await changeVault(context, event, {
    id: vaultId,
    kind: "open",
    caller: event.transaction.from,
    amount: 0n,
    change: () => ({}),
  });
});

ponder.on("CdpEngine:Deposit", async ({ event, context }) => {
  const { vaultId, caller, amount } = event.args;
  const v = await changeVault(context, event, {
    id: vaultId,
    kind: "deposit",
    caller,
    amount,
    change: (row) => ({ collateral: row.collateral + amount }),
  });
  await changeType(context, event, v.typeId, (row) => ({ totalCollateral: row.totalCollateral + amount }));
});

ponder.on("CdpEngine:Withdraw", async ({ event, context }) => {
  const { vaultId, caller, amount } = event.args;
  const v = await changeVault(context, event, {
    id: vaultId,
    kind: "withdraw",
    caller,
    amount,
    change: (row) => ({ collateral: row.collateral - amount }),
  });
  await changeType(context, event, v.typeId, (row) => ({ totalCollateral: row.totalCollateral - amount }));
});

ponder.on("CdpEngine:Mint", async ({ event, context }) => {
  const { vaultId, caller, amount, normalized } = event.args;
  const v = await changeVault(context, event, {
    id: vaultId,
    kind: "mint",
    caller,
    amount,
    change: (row) => ({ normalizedDebt: row.normalizedDebt + normalized }),
  });
  await changeType(context, event, v.typeId, (row) => ({ totalNormalizedDebt: row.totalNormalizedDebt + normalized }), {
    minted: amount,
  });
});

ponder.on("CdpEngine:Repay", async ({ event, context }) => {
  const { vaultId, caller, amount, normalized } = event.args;
  const v = await changeVault(context, event, {
    id: vaultId,
    kind: "repay",
    caller,
    amount,
    change: (row) => ({ normalizedDebt: row.normalizedDebt - normalized }),
  });
  await changeType(context, event, v.typeId, (row) => ({ totalNormalizedDebt: row.totalNormalizedDebt - normalized }), {
    repaid: amount,
  });
});

ponder.on("CdpEngine:TransferVault", async ({ event, context }) => {
  const { vaultId, from, to } = event.args;
  await changeVault(context, event, {
    id: vaultId,
    kind: "transfer",
    caller: from,
    amount: 0n,
    change: () => ({ owner: to }),
  });
});

// ----- auctions -----

/**
 * Moves debt and collateral from a vault into a new auction (StartAuction and Settle). Debt seized is
 * reported in kUSD; the normalized amount leaving the books is the one that rounds up to it.
 */
async function openAuction(
  context: Context,
  event: EventAt,
  args: {
    vaultId: bigint;
    keeper: Address;
    collateral: bigint;
    debt: bigint;
    tab: bigint;
    topPrice: bigint;
    reward: bigint;
    kind: string;
    wholeVault: boolean;
  },
) {
  const v = await loadVault(context, args.vaultId);
  const t = await loadType(context, v.typeId);
  const normalized =
    args.wholeVault || ceilDiv(v.normalizedDebt * t.rate, RAY) === args.debt
      ? v.normalizedDebt
      : normalizedOf(args.debt, t.rate);
  const auctionId = `${args.vaultId}-${seqOf(event)}`;
  const active = args.collateral !== 0n;
  await context.db.insert(auction).values({
    id: auctionId,
    vaultId: args.vaultId,
    typeId: v.typeId,
    status: active ? "active" : "ended",
    collateral: args.collateral,
    collateralStart: args.collateral,
    tab: active ? args.tab : 0n,
    debt: active ? args.debt + args.reward : 0n,
    topPrice: args.topPrice,
    startedAt: event.block.timestamp,
    startedBlock: event.block.number,
    keeper: args.keeper,
    keeperRewards: args.reward,
    resets: 0,
    raised: 0n,
    collateralReturned: active ? null : 0n,
    badDebt: active ? null : args.debt,
    endedBlock: active ? null : event.block.number,
  });
  await changeVault(context, event, {
    id: args.vaultId,
    kind: args.kind,
    caller: args.keeper,
    amount: args.debt,
    change: (row) => ({
      collateral: row.collateral - args.collateral,
      normalizedDebt: row.normalizedDebt - normalized,
      auctionId: active ? auctionId : null,
    }),
  });
  await changeType(
    context,
    event,
    v.typeId,
    (row) => ({
      totalNormalizedDebt: row.totalNormalizedDebt - normalized,
      inAuction: row.inAuction + (active ? args.tab : 0n),
    }),
    { auctioned: args.debt },
  );
  await bumpDay(context, event, { auctionsStarted: 1 });
}

ponder.on("CdpEngine:StartAuction", async ({ event, context }) => {
  const { vaultId, keeper, collateral, debt, tab, topPrice, keeperReward } = event.args;
  await openAuction(context, event, {
    vaultId,
    keeper,
    collateral,
    debt,
    tab,
    topPrice,
    reward: keeperReward,
    kind: "auction",
    wholeVault: false,
  });
});

ponder.on("CdpEngine:Settle", async ({ event, context }) => {
  const { vaultId, caller, debt, tab, collateralSeized, price } = event.args;
  const v = await loadVault(context, vaultId);
  const t = await loadType(context, v.typeId);
  const topPrice = ceilDiv(price * BigInt(t.auctionStartBufferBps), BPS);
  await openAuction(context, event, {
    vaultId,
    keeper: caller,
    collateral: collateralSeized,
    debt,
    tab,
    topPrice,
    reward: 0n,
    kind: "settle",
    wholeVault: true,
  });
});

ponder.on("CdpEngine:ResetAuction", async ({ event, context }) => {
  const { vaultId, topPrice, keeperReward } = event.args;
  const v = await loadVault(context, vaultId);
  if (!v.auctionId) throw new Error(`vault ${vaultId} reset with no auction open`);
  await context.db.update(auction, { id: v.auctionId }).set((row) => ({
    topPrice,
    startedAt: event.block.timestamp,
    resets: row.resets + 1,
    keeperRewards: row.keeperRewards + keeperReward,
    debt: row.debt + keeperReward,
  }));
});

/**
 * Emitted before the take that ends an auction (and, for collateral-less debt, before the StartAuction
 * or Settle that would have opened one). The Take handler finishes the books.
 */
ponder.on("CdpEngine:EndAuction", async ({ event, context }) => {
  const { vaultId, collateralReturned, badDebt } = event.args;
  const v = await loadVault(context, vaultId);
  if (!v.auctionId) return; // collateral-less debt: no auction was open; openAuction records it
  const open = await context.db.find(auction, { id: v.auctionId });
  if (open?.status !== "active") return;
  await context.db
    .update(auction, { id: v.auctionId })
    .set({ status: "ended", collateralReturned, badDebt, endedBlock: event.block.number });
  if (collateralReturned !== 0n) {
    await changeVault(context, event, {
      id: vaultId,
      kind: "auction-end",
      caller: event.transaction.from,
      amount: collateralReturned,
      change: (row) => ({ collateral: row.collateral + collateralReturned }),
    });
  }
});

ponder.on("CdpEngine:Take", async ({ event, context }) => {
  const { vaultId, taker, receiver, collateral: slice, paid, price } = event.args;
  const v = await loadVault(context, vaultId);
  if (!v.auctionId) throw new Error(`vault ${vaultId} taken with no auction open`);
  const a = await context.db.find(auction, { id: v.auctionId });
  if (!a) throw new Error(`auction ${v.auctionId} missing`);
  const recovered = MathLib.min(paid, a.debt);
  const ended = a.status === "ended";
  const tabLeft = a.tab - paid;
  const lotLeft = a.collateral - slice - (ended ? (a.collateralReturned ?? 0n) : 0n);
  await context.db.update(auction, { id: a.id }).set({
    collateral: lotLeft,
    tab: ended ? 0n : tabLeft,
    debt: ended ? 0n : a.debt - recovered,
    raised: a.raised + paid,
  });
  await context.db.insert(auctionTake).values({
    id: idOf(event),
    seq: seqOf(event),
    auctionId: a.id,
    vaultId,
    taker,
    receiver,
    collateral: slice,
    paid,
    price,
    ...at(event),
  });
  // The type's auction books: what was paid leaves them; an auction ended with its tab unmet takes the rest.
  await changeType(context, event, a.typeId, (row) => ({
    inAuction: row.inAuction - paid - (ended ? tabLeft : 0n),
    totalCollateral: row.totalCollateral - slice,
  }));
  if (ended) await context.db.update(vault, { id: vaultId }).set({ auctionId: null });
  await markActive(context, event, taker);
});

ponder.on("CdpEngine:AbsorbLoss", async ({ event, context }) => {
  const { vaultId, loss, fromSurplus, toSystemDebt } = event.args;
  await context.db
    .insert(cdpLoss)
    .values({ id: idOf(event), seq: seqOf(event), vaultId, loss, fromSurplus, toSystemDebt, ...at(event) });
  await changeSystem(context, event, (row) => ({
    lossesFromSurplus: row.lossesFromSurplus + fromSurplus,
    lossesToSystemDebt: row.lossesToSystemDebt + toSystemDebt,
  }));
});
