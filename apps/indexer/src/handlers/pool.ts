// KeelPool: reserves, positions, interest, liquidations, bad debt, flash loans and authorizations.
// Totals are replayed from the events with the SDK's math; the end-to-end test compares them with
// the pool's own storage.

import { ponder } from "ponder:registry";
import {
  authorization,
  badDebt,
  eModeCategory,
  flashLoan,
  liquidation,
  pool,
  reserve,
  reserveConfigChange,
} from "ponder:schema";
import { realizeBadDebt, repayDebt } from "@keel/sdk";
import { erc20Abi } from "viem";
import { at, describeChanges, idOf, readPrice, seqOf } from "../util.ts";
import { recordParameter } from "./parameters.ts";
import { bumpDay, changePosition } from "./positions.ts";
import { changeReserve, loadReserve, type Totals, ZERO_TOTALS } from "./reserves.ts";

const FLAG_FROZEN = 4;

/** The SDK's ReserveState shape from our totals (clock and remainder play no part in these steps). */
function asState(totals: Totals) {
  return { ...totals, listed: true, lastUpdate: 0, interestRemainder: 0n };
}
function fromState(state: ReturnType<typeof asState>): Totals {
  const { listed: _l, lastUpdate: _u, interestRemainder: _r, ...totals } = state;
  return totals;
}

ponder.on("KeelPool:CreatePool", async ({ event, context }) => {
  await context.db.insert(pool).values({
    id: event.args.poolId,
    reserveCount: 0,
    createdBlock: event.block.number,
    createdAt: event.block.timestamp,
  });
});

ponder.on("KeelPool:SetReserve", async ({ event, context }) => {
  const { poolId, config } = event.args;
  const index = Number(event.args.reserve);
  const fields = {
    flags: config.flags,
    eModeCategory: config.eModeCategory,
    reserveFactorBps: config.reserveFactorBps,
    liquidationFeeBps: config.liquidationFeeBps,
    supplyCap: BigInt(config.supplyCap),
    borrowCap: BigInt(config.borrowCap),
    irm: config.irm,
    oracle: config.oracle,
    ltvBps: config.ltvBps,
    liquidationThresholdBps: config.liquidationThresholdBps,
    maxLiquidationBonusBps: config.maxLiquidationBonusBps,
  };
  const existing = await context.db.find(reserve, { poolId, index });
  if (existing) {
    await context.db.update(reserve, { poolId, index }).set({ ...fields, updatedBlock: event.block.number });
  } else {
    let symbol: string | null = null;
    try {
      symbol = await context.client.readContract({ address: config.asset, abi: erc20Abi, functionName: "symbol" });
    } catch {
      // a token without a readable symbol is listed under its address
    }
    await context.db.insert(reserve).values({
      poolId,
      index,
      asset: config.asset,
      symbol,
      decimals: config.decimals,
      ...fields,
      ...ZERO_TOTALS,
      borrowRate: 0n,
      interestAccrued: 0n,
      feeSharesMinted: 0n,
      badDebtSocialized: 0n,
      collapsed: false,
      listedBlock: event.block.number,
      updatedBlock: event.block.number,
    });
    await context.db
      .update(pool, { id: poolId })
      .set((row) => ({ reserveCount: Math.max(row.reserveCount, index + 1) }));
  }
  await context.db.insert(reserveConfigChange).values({
    id: idOf(event),
    seq: seqOf(event),
    poolId,
    reserve: index,
    changes: describeChanges(existing ?? undefined, fields),
    flags: fields.flags,
    ltvBps: fields.ltvBps,
    liquidationThresholdBps: fields.liquidationThresholdBps,
    maxLiquidationBonusBps: fields.maxLiquidationBonusBps,
    reserveFactorBps: fields.reserveFactorBps,
    supplyCap: fields.supplyCap,
    borrowCap: fields.borrowCap,
    irm: fields.irm,
    oracle: fields.oracle,
    ...at(event),
  });
});

ponder.on("KeelPool:SetEMode", async ({ event, context }) => {
  const { poolId, category, params } = event.args;
  const values = {
    ltvBps: params.ltvBps,
    liquidationThresholdBps: params.liquidationThresholdBps,
    maxLiquidationBonusBps: params.maxLiquidationBonusBps,
  };
  await context.db
    .insert(eModeCategory)
    .values({ poolId, category, ...values })
    .onConflictDoUpdate(values);
  await recordParameter(
    context,
    event,
    "KeelPool",
    "SetEMode",
    `pool ${poolId} e-mode ${category}: LTV ${params.ltvBps} bps, threshold ${params.liquidationThresholdBps} bps, bonus up to ${params.maxLiquidationBonusBps} bps`,
  );
});

ponder.on("KeelPool:Supply", async ({ event, context }) => {
  const { poolId, caller, onBehalf, assets, shares } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "Supply",
    change: (t) => ({
      ...t,
      totalSupplyAssets: t.totalSupplyAssets + assets,
      totalSupplyShares: t.totalSupplyShares + shares,
    }),
    volumes: { supplied: assets },
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: onBehalf,
    kind: "supply",
    caller,
    assets,
    shares,
    delta: { supplyShares: shares, netSupplied: assets },
  });
});

ponder.on("KeelPool:Withdraw", async ({ event, context }) => {
  const { poolId, caller, onBehalf, assets, shares } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "Withdraw",
    change: (t) => ({
      ...t,
      totalSupplyAssets: t.totalSupplyAssets - assets,
      totalSupplyShares: t.totalSupplyShares - shares,
    }),
    volumes: { withdrawn: assets },
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: onBehalf,
    kind: "withdraw",
    caller,
    assets,
    shares,
    delta: { supplyShares: -shares, netSupplied: -assets },
  });
});

ponder.on("KeelPool:SupplyCollateral", async ({ event, context }) => {
  const { poolId, caller, onBehalf, assets } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "SupplyCollateral",
    change: (t) => ({ ...t, totalCollateral: t.totalCollateral + assets }),
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: onBehalf,
    kind: "supply-collateral",
    caller,
    assets,
    shares: 0n,
    delta: { collateral: assets },
  });
});

ponder.on("KeelPool:WithdrawCollateral", async ({ event, context }) => {
  const { poolId, caller, onBehalf, assets } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "WithdrawCollateral",
    change: (t) => ({ ...t, totalCollateral: t.totalCollateral - assets }),
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: onBehalf,
    kind: "withdraw-collateral",
    caller,
    assets,
    shares: 0n,
    delta: { collateral: -assets },
  });
});

ponder.on("KeelPool:Borrow", async ({ event, context }) => {
  const { poolId, caller, onBehalf, assets, shares } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "Borrow",
    change: (t) => ({
      ...t,
      totalBorrowAssets: t.totalBorrowAssets + assets,
      totalBorrowShares: t.totalBorrowShares + shares,
    }),
    volumes: { borrowed: assets },
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: onBehalf,
    kind: "borrow",
    caller,
    assets,
    shares,
    delta: { debtShares: shares, netBorrowed: assets },
  });
});

ponder.on("KeelPool:Repay", async ({ event, context }) => {
  const { poolId, caller, onBehalf, assets, shares } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "Repay",
    change: (t) => fromState(repayDebt(asState(t), shares, assets)),
    volumes: { repaid: assets },
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: onBehalf,
    kind: "repay",
    caller,
    assets,
    shares,
    delta: { debtShares: -shares, netBorrowed: -assets },
  });
});

ponder.on("KeelPool:AccrueInterest", async ({ event, context }) => {
  const { poolId, borrowRate, interest, feeShares } = event.args;
  await changeReserve(context, event, {
    poolId,
    index: Number(event.args.reserve),
    name: "AccrueInterest",
    change: (t) =>
      interest === 0n
        ? t
        : {
            ...t,
            totalBorrowAssets: t.totalBorrowAssets + interest,
            totalSupplyAssets: t.totalSupplyAssets + interest,
            totalSupplyShares: t.totalSupplyShares + feeShares,
            treasuryShares: t.treasuryShares + feeShares,
          },
    extra: (row) => ({
      borrowRate,
      interestAccrued: row.interestAccrued + interest,
      feeSharesMinted: row.feeSharesMinted + feeShares,
    }),
    volumes: { interest, feeShares },
  });
});

ponder.on("KeelPool:Liquidate", async ({ event, context }) => {
  const { poolId, borrower, liquidator, repaidAssets, repaidShares, seizedAssets, protocolFee } = event.args;
  const collateralReserve = Number(event.args.collateralReserve);
  const debtReserve = Number(event.args.debtReserve);
  const debtRow = await changeReserve(context, event, {
    poolId,
    index: debtReserve,
    name: "Liquidate",
    k: 0,
    change: (t) => fromState(repayDebt(asState(t), repaidShares, repaidAssets)),
    volumes: { repaid: repaidAssets, liquidated: repaidAssets },
  });
  const collateralRow = await changeReserve(context, event, {
    poolId,
    index: collateralReserve,
    name: "Liquidate",
    k: 1,
    change: (t) => ({
      ...t,
      totalCollateral: t.totalCollateral - (seizedAssets - protocolFee),
      treasuryCollateral: t.treasuryCollateral + protocolFee,
    }),
  });
  await changePosition(context, event, {
    poolId,
    reserve: debtReserve,
    account: borrower,
    kind: "liquidated",
    caller: liquidator,
    assets: repaidAssets,
    shares: repaidShares,
    delta: { debtShares: -repaidShares, netBorrowed: -repaidAssets },
    k: 0,
  });
  await changePosition(context, event, {
    poolId,
    reserve: collateralReserve,
    account: borrower,
    kind: "seized",
    caller: liquidator,
    assets: seizedAssets,
    shares: 0n,
    delta: { collateral: -seizedAssets },
    k: 1,
  });
  await context.db.insert(liquidation).values({
    id: idOf(event),
    seq: seqOf(event),
    poolId,
    borrower,
    liquidator,
    collateralReserve,
    debtReserve,
    repaidAssets,
    repaidShares,
    seizedAssets,
    protocolFee,
    collateralPrice: await readPrice(context, collateralRow.oracle, event.block.number),
    debtPrice: await readPrice(context, debtRow.oracle, event.block.number),
    ...at(event),
  });
  await bumpDay(context, event, { liquidations: 1 });
});

ponder.on("KeelPool:RealizeBadDebt", async ({ event, context }) => {
  const { poolId, borrower, debtShares, coveredAssets, socializedAssets } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "RealizeBadDebt",
    change: (t) => {
      const { state, writeOff } = realizeBadDebt(asState(t), index, debtShares);
      if (writeOff.coveredAssets !== coveredAssets || writeOff.socializedAssets !== socializedAssets) {
        throw new Error(
          `bad-debt replay disagrees with the pool at block ${event.block.number}: covered ${writeOff.coveredAssets} vs ${coveredAssets}, socialized ${writeOff.socializedAssets} vs ${socializedAssets}`,
        );
      }
      return fromState(state);
    },
    extra: (row) => ({ badDebtSocialized: row.badDebtSocialized + socializedAssets }),
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: borrower,
    kind: "bad-debt",
    caller: event.transaction.from,
    assets: coveredAssets + socializedAssets,
    shares: debtShares,
    delta: { debtShares: -debtShares },
  });
  await context.db.insert(badDebt).values({
    id: idOf(event),
    seq: seqOf(event),
    poolId,
    reserve: index,
    borrower,
    debtShares,
    coveredAssets,
    socializedAssets,
    ...at(event),
  });
});

ponder.on("KeelPool:FreezeCollapsedReserve", async ({ event, context }) => {
  const { poolId } = event.args;
  const index = Number(event.args.reserve);
  const row = await loadReserve(context, poolId, index);
  await context.db
    .update(reserve, { poolId, index })
    .set({ flags: row.flags | FLAG_FROZEN, collapsed: true, updatedBlock: event.block.number });
  await recordParameter(
    context,
    event,
    "KeelPool",
    "FreezeCollapsedReserve",
    `pool ${poolId} reserve ${index} frozen for good after a write-off collapsed its share price`,
  );
});

ponder.on("KeelPool:CollectTreasury", async ({ event, context }) => {
  const { poolId, treasury, shares, collateral } = event.args;
  const index = Number(event.args.reserve);
  await changeReserve(context, event, {
    poolId,
    index,
    name: "CollectTreasury",
    change: (t) => ({
      ...t,
      treasuryShares: t.treasuryShares - shares,
      treasuryCollateral: t.treasuryCollateral - collateral,
    }),
  });
  await changePosition(context, event, {
    poolId,
    reserve: index,
    account: treasury,
    kind: "treasury",
    caller: event.transaction.from,
    assets: collateral,
    shares,
    delta: { supplyShares: shares, collateral },
  });
});

ponder.on("KeelPool:FlashLoan", async ({ event, context }) => {
  const { caller, receiver, token, assets, fee } = event.args;
  await context.db
    .insert(flashLoan)
    .values({ id: idOf(event), seq: seqOf(event), caller, receiver, token, assets, fee, ...at(event) });
  await bumpDay(context, event, { flashLoans: 1 });
});

ponder.on("KeelPool:SetAuthorization", async ({ event, context }) => {
  const { authorizer, operator, isAuthorized } = event.args;
  await context.db
    .insert(authorization)
    .values({ contract: "KeelPool", authorizer, operator, isAuthorized, updatedBlock: event.block.number })
    .onConflictDoUpdate({ isAuthorized, updatedBlock: event.block.number });
});

ponder.on("KeelPool:ApproveDelegation", async ({ event, context }) => {
  const { owner, delegate, poolId, reserve: index, amount } = event.args;
  await recordParameter(
    context,
    event,
    "KeelPool",
    "ApproveDelegation",
    `${owner} lets ${delegate} borrow up to ${amount} units of pool ${poolId} reserve ${index}`,
  );
});

ponder.on("KeelPool:SetTreasury", async ({ event, context }) => {
  await recordParameter(context, event, "KeelPool", "SetTreasury", `treasury set to ${event.args.treasury}`);
});

ponder.on("KeelPool:SetFlashFee", async ({ event, context }) => {
  await recordParameter(context, event, "KeelPool", "SetFlashFee", `flash-loan fee set to ${event.args.feeBps} bps`);
});

ponder.on("KeelPool:CollectFlashFees", async ({ event, context }) => {
  await recordParameter(
    context,
    event,
    "KeelPool",
    "CollectFlashFees",
    `${event.args.assets} units of ${event.args.token} flash fees collected to ${event.args.treasury}`,
  );
});
