// Protection policies, the periphery registry and the configurator's governance events.
import { ponder } from "ponder:registry";
import { policy, policyExecution, policyNonce, pool } from "ponder:schema";
import { at, idOf, seqOf } from "../util.ts";
import { recordParameter } from "./parameters.ts";

ponder.on("ProtectionPolicies:PostPolicy", async ({ event, context }) => {
  const { policyHash, owner, policy: p } = event.args;
  await context.db
    .insert(policy)
    .values({
      hash: policyHash,
      owner,
      poolId: p.poolId,
      vaultId: p.vaultId,
      trigger: p.trigger,
      triggerValue: p.triggerValue,
      action: p.action,
      targetHealth: p.targetHealth,
      maxExecutions: BigInt(p.maxExecutions),
      deadline: BigInt(p.expiry),
      nonce: p.nonce,
      status: "posted",
      executions: 0,
      postedBlock: event.block.number,
    })
    .onConflictDoNothing();
});

ponder.on("ProtectionPolicies:CancelPolicy", async ({ event, context }) => {
  const row = await context.db.find(policy, { hash: event.args.policyHash });
  if (row) await context.db.update(policy, { hash: event.args.policyHash }).set({ status: "cancelled" });
});

ponder.on("ProtectionPolicies:CancelAllPolicies", async ({ event, context }) => {
  const { owner, newNonce } = event.args;
  await context.db.insert(policyNonce).values({ owner, nonce: newNonce }).onConflictDoUpdate({ nonce: newNonce });
});

ponder.on("ProtectionPolicies:ExecutePolicy", async ({ event, context }) => {
  const { policyHash, owner, executor, repaidAssets, soldCollateral, fee, healthBefore, healthAfter } = event.args;
  await context.db.insert(policyExecution).values({
    id: idOf(event),
    seq: seqOf(event),
    policyHash,
    owner,
    executor,
    repaidAssets,
    soldCollateral,
    fee,
    healthBefore,
    healthAfter,
    ...at(event),
  });
  const row = await context.db.find(policy, { hash: policyHash });
  if (row) await context.db.update(policy, { hash: policyHash }).set({ executions: row.executions + 1 });
});

ponder.on("PeripheryRegistry:SetSwapAdapter", async ({ event, context }) => {
  await recordParameter(
    context,
    event,
    "PeripheryRegistry",
    "SetSwapAdapter",
    `swap adapter ${event.args.adapter} ${event.args.allowed ? "allowed" : "removed"}`,
  );
});

ponder.on("PeripheryRegistry:SetPriceOracle", async ({ event, context }) => {
  await recordParameter(
    context,
    event,
    "PeripheryRegistry",
    "SetPriceOracle",
    `swap-check oracle of ${event.args.token} set to ${event.args.oracle}`,
  );
});

ponder.on("KeelConfigurator:SetRiskAdmin", async ({ event, context }) => {
  const existing = await context.db.find(pool, { id: event.args.poolId });
  if (existing) await context.db.update(pool, { id: event.args.poolId }).set({ riskAdmin: event.args.riskAdmin });
  await recordParameter(
    context,
    event,
    "KeelConfigurator",
    "SetRiskAdmin",
    `pool ${event.args.poolId} risk admin set to ${event.args.riskAdmin}`,
  );
});

ponder.on("KeelConfigurator:SetPaused", async ({ event, context }) => {
  const { poolId, reserve, paused } = event.args;
  await recordParameter(
    context,
    event,
    "KeelConfigurator",
    "SetPaused",
    `pool ${poolId} reserve ${reserve} ${paused ? "paused" : "unpaused"}`,
  );
});

ponder.on("KeelConfigurator:ListReserve", async ({ event, context }) => {
  const { poolId, reserve, asset, lister, seed } = event.args;
  await recordParameter(
    context,
    event,
    "KeelConfigurator",
    "ListReserve",
    `pool ${poolId} reserve ${reserve} listed: ${asset} by ${lister}, seeded with ${seed} units`,
  );
});

ponder.on("KeelConfigurator:SetRiskBounds", async ({ event, context }) => {
  await recordParameter(
    context,
    event,
    "KeelConfigurator",
    "SetRiskBounds",
    `risk bounds set: ${JSON.stringify(event.args.bounds, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`,
  );
});

ponder.on("KeelConfigurator:SetRateModelEnabled", async ({ event, context }) => {
  await recordParameter(
    context,
    event,
    "KeelConfigurator",
    "SetRateModelEnabled",
    `rate model ${event.args.irm} ${event.args.enabled ? "enabled" : "disabled"}`,
  );
});

ponder.on("KeelConfigurator:SetGuardian", async ({ event, context }) => {
  await recordParameter(context, event, "KeelConfigurator", "SetGuardian", `guardian set to ${event.args.guardian}`);
});
