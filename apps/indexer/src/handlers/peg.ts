// Peg stability modules: swaps and their parameters.
import type { Context } from "ponder:registry";
import { ponder } from "ponder:registry";
import { pegModule, pegSwap } from "ponder:schema";
import type { Address } from "viem";
import { at, type EventAt, idOf, seqOf } from "../util.ts";
import { recordParameter } from "./parameters.ts";
import { bumpDay, markActive } from "./positions.ts";

type ModuleRow = typeof pegModule.$inferSelect;

async function changeModule(
  context: Context,
  event: EventAt,
  address: Address,
  change: (row: ModuleRow) => Partial<ModuleRow>,
) {
  const row = (await context.db.find(pegModule, { address })) ?? {
    address,
    feeInBps: null,
    feeOutBps: null,
    cap: null,
    frozen: false,
    gemBalance: 0n,
    feesCollected: 0n,
    updatedBlock: 0n,
  };
  const values = { ...row, ...change(row), updatedBlock: event.block.number };
  await context.db.insert(pegModule).values(values).onConflictDoUpdate(values);
}

/** A swap through a peg module: the row, the module's stablecoin held and fees, the day's counts. */
async function recordSwap(
  context: Context,
  event: EventAt & { log: { address: Address } },
  swap: {
    direction: "sell-gem" | "buy-gem";
    caller: Address;
    receiver: Address;
    gemAmount: bigint;
    kusdAmount: bigint;
    fee: bigint;
  },
) {
  const module = event.log.address;
  await context.db.insert(pegSwap).values({ id: idOf(event), seq: seqOf(event), module, ...swap, ...at(event) });
  // Selling the stablecoin to the module adds to what it holds; buying it back takes from it.
  const held = swap.direction === "sell-gem" ? swap.gemAmount : -swap.gemAmount;
  await changeModule(context, event, module, (row) => ({
    gemBalance: row.gemBalance + held,
    feesCollected: row.feesCollected + swap.fee,
  }));
  await bumpDay(context, event, { pegSwaps: 1 });
  await markActive(context, event, swap.caller);
}

ponder.on("PegStabilityModule:SellGem", async ({ event, context }) => {
  const { caller, receiver, gemAmount, kusdOut, fee } = event.args;
  await recordSwap(context, event, { direction: "sell-gem", caller, receiver, gemAmount, kusdAmount: kusdOut, fee });
});

ponder.on("PegStabilityModule:BuyGem", async ({ event, context }) => {
  const { caller, receiver, gemAmount, kusdIn, fee } = event.args;
  await recordSwap(context, event, { direction: "buy-gem", caller, receiver, gemAmount, kusdAmount: kusdIn, fee });
});

ponder.on("PegStabilityModule:SetFees", async ({ event, context }) => {
  const { feeInBps, feeOutBps } = event.args;
  await changeModule(context, event, event.log.address, () => ({ feeInBps, feeOutBps }));
  await recordParameter(
    context,
    event,
    "PegStabilityModule",
    "SetFees",
    `${event.log.address}: fee in ${feeInBps} bps, fee out ${feeOutBps} bps`,
  );
});

ponder.on("PegStabilityModule:SetCap", async ({ event, context }) => {
  await changeModule(context, event, event.log.address, () => ({ cap: event.args.cap }));
  await recordParameter(context, event, "PegStabilityModule", "SetCap", `${event.log.address}: cap ${event.args.cap}`);
});

ponder.on("PegStabilityModule:SetFrozen", async ({ event, context }) => {
  await changeModule(context, event, event.log.address, () => ({ frozen: event.args.frozen }));
  await recordParameter(
    context,
    event,
    "PegStabilityModule",
    "SetFrozen",
    `${event.log.address}: ${event.args.frozen ? "frozen" : "unfrozen"}`,
  );
});

ponder.on("PegStabilityModule:SetDepegTolerance", async ({ event, context }) => {
  await recordParameter(
    context,
    event,
    "PegStabilityModule",
    "SetDepegTolerance",
    `${event.log.address}: depeg tolerance ${event.args.toleranceBps} bps`,
  );
});

ponder.on("PegStabilityModule:SetGuardian", async ({ event, context }) => {
  await recordParameter(
    context,
    event,
    "PegStabilityModule",
    "SetGuardian",
    `${event.log.address}: guardian ${event.args.guardian}`,
  );
});
