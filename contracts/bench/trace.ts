// Where a transaction's gas goes, from its opcode trace (debug_traceTransaction): the base cost and
// calldata, then for each contract frame its storage reads (cold, warm), its storage writes by kind,
// its events, the calls it makes (with everything the callee spends), and the rest (computation,
// memory, hashing). Used by `npm run bench:trace` to explain docs/gas.md's figures.
import type { Hex } from "viem";
import type { Chain } from "./chain.ts";

type Step = { op: string; gas: number; gasCost: number; depth: number; stack?: string[]; refund?: number };

/** SSTORE's cost by what it does (EIP-2929 and EIP-2200 prices). */
const WRITE_KINDS: Record<number, string> = {
  22100: "new slot, cold",
  20000: "new slot",
  5000: "update, cold",
  2900: "update",
  2200: "unchanged, cold",
  100: "unchanged or rewritten",
};

export type Frame = {
  contract: string;
  coldReads: number;
  warmReads: number;
  /** Writes by kind ("new slot, cold"…): count and gas. */
  writes: Map<string, { count: number; gas: number }>;
  events: number;
  /** Calls to other contracts, each with all the callee spent (cold access included). */
  calls: { callee: string; gas: number; frame: Frame }[];
  /** Everything else this frame spent: computation, memory, hashing, returns. */
  other: number;
};

export type Breakdown = { gasUsed: number; base: number; calldata: number; refund: number; top: Frame };

const newFrame = (contract: string): Frame => ({
  contract,
  coldReads: 0,
  warmReads: 0,
  writes: new Map(),
  events: 0,
  calls: [],
  other: 0,
});

/** Calldata's price: 4 gas per zero byte, 16 per other byte (EIP-2028). */
function calldataGas(input: Hex): number {
  let gas = 0;
  for (let i = 2; i < input.length; i += 2) gas += input.slice(i, i + 2) === "00" ? 4 : 16;
  return gas;
}

/** Traces `hash` on `chain` and attributes its gas. */
export async function traceTransaction(chain: Chain, hash: Hex): Promise<Breakdown> {
  const [transaction, receipt] = await Promise.all([
    chain.publicClient.getTransaction({ hash }),
    chain.publicClient.getTransactionReceipt({ hash }),
  ]);
  const trace = (await chain.connection.provider.request({
    method: "debug_traceTransaction",
    params: [hash, { disableStorage: true, disableMemory: true }],
  })) as { structLogs: Step[] };
  const name = (address: string) => chain.labels.get(address.toLowerCase()) ?? address;
  const steps = trace.structLogs;
  const top = newFrame(name(transaction.to ?? "creation"));
  const stack: Frame[] = [top];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    const frame = stack[step.depth - 1];
    const next = steps[i + 1];
    if (["CALL", "STATICCALL", "DELEGATECALL", "CALLCODE"].includes(step.op) && next && next.depth > step.depth) {
      const words = step.stack ?? [];
      const callee = newFrame(
        name(`0x${(words[words.length - 2] ?? "").replace(/^0x/, "").padStart(64, "0").slice(24)}`),
      );
      // The call's whole cost: the gas left before it, less the gas left when its frame returns.
      let j = i + 1;
      while (j < steps.length && steps[j].depth > step.depth) j++;
      const spent = j < steps.length ? step.gas - steps[j].gas : step.gas;
      frame.calls.push({ callee: callee.contract, gas: spent, frame: callee });
      stack[step.depth] = callee;
      stack.length = step.depth + 1;
      continue;
    }
    if (step.op === "SLOAD") {
      if (step.gasCost >= 2100) frame.coldReads++;
      else frame.warmReads++;
    } else if (step.op === "SSTORE") {
      const kind = WRITE_KINDS[step.gasCost] ?? `${step.gasCost}`;
      const entry = frame.writes.get(kind) ?? { count: 0, gas: 0 };
      entry.count++;
      entry.gas += step.gasCost;
      frame.writes.set(kind, entry);
    } else if (step.op.startsWith("LOG")) {
      frame.events += step.gasCost;
    } else {
      frame.other += step.gasCost;
    }
  }
  const base = 21_000;
  const calldata = calldataGas(transaction.input);
  const last = steps[steps.length - 1];
  // Gas spent before the refund: the base, calldata, and what execution used; the refund is capped
  // at a fifth of it (EIP-3529).
  const spent = base + calldata + (steps.length > 0 ? steps[0].gas - (last.gas - last.gasCost) : 0);
  const refund = Math.min(last?.refund ?? 0, Math.floor(spent / 5));
  const gasUsed = Number(receipt.gasUsed);
  if (spent - refund !== gasUsed) throw new Error(`${hash}: traced ${spent} − ${refund} refunded, receipt ${gasUsed}`);
  return { gasUsed, base, calldata, refund, top };
}

const n = (gas: number) => gas.toLocaleString("en-US");

/** One frame's own costs and its calls, as plain lines; calls into `expand` are detailed in turn. */
export function describeFrame(frame: Frame, expand: (contract: string) => boolean, indent = ""): string[] {
  const lines: string[] = [];
  const reads = frame.coldReads * 2100 + frame.warmReads * 100;
  if (reads > 0) {
    lines.push(`${indent}storage reads: ${n(reads)} (${frame.coldReads} cold, ${frame.warmReads} warm)`);
  }
  for (const [kind, { count, gas }] of frame.writes)
    lines.push(`${indent}storage writes, ${kind}: ${n(gas)} (${count})`);
  if (frame.events > 0) lines.push(`${indent}events: ${n(frame.events)}`);
  for (const call of frame.calls) {
    lines.push(`${indent}→ ${call.callee}: ${n(call.gas)}`);
    if (expand(call.callee)) lines.push(...describeFrame(call.frame, expand, `${indent}  `));
  }
  lines.push(`${indent}computation, memory, hashing: ${n(frame.other)}`);
  return lines;
}

export function describe(breakdown: Breakdown, expand: (contract: string) => boolean): string[] {
  return [
    `gasUsed ${n(breakdown.gasUsed)}: base ${n(breakdown.base)}, calldata ${n(breakdown.calldata)}, refund −${n(breakdown.refund)}`,
    `${breakdown.top.contract}:`,
    ...describeFrame(breakdown.top, expand, "  "),
  ];
}

/** The rows of docs/gas.md's traced tables, in order. */
export const CATEGORIES = [
  "base and calldata",
  "storage reads",
  "storage writes",
  "events",
  "prices",
  "token transfers",
  "rate model",
  "flash-loan receiver",
  "computation and the rest",
  "refund",
] as const;
export type Category = (typeof CATEGORIES)[number];

function callCategory(callee: string): Category {
  if (/price adapter|oracle/i.test(callee)) return "prices";
  if (/token/i.test(callee)) return "token transfers";
  if (/rate model/i.test(callee)) return "rate model";
  return "computation and the rest";
}

/**
 * Sums a transaction's gas by category over the frames of `expand` (the protocol, and a receiver whose
 * call into it is part of the operation); a call to anything else counts whole in its category, and
 * what a receiver itself spends counts as "flash-loan receiver".
 */
export function categorize(breakdown: Breakdown, expand: (contract: string) => boolean): Record<Category, number> {
  const totals = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  totals["base and calldata"] = breakdown.base + breakdown.calldata;
  totals.refund = breakdown.refund === 0 ? 0 : -breakdown.refund;
  const visit = (frame: Frame, own: (c: Category) => Category) => {
    totals[own("storage reads")] += frame.coldReads * 2100 + frame.warmReads * 100;
    for (const { gas } of frame.writes.values()) totals[own("storage writes")] += gas;
    totals[own("events")] += frame.events;
    totals[own("computation and the rest")] += frame.other;
    for (const call of frame.calls) {
      if (!expand(call.callee)) {
        totals[own(callCategory(call.callee))] += call.gas;
        continue;
      }
      // The callee's own costs are counted below; the call's overhead (access, arguments) stays here.
      totals[own("computation and the rest")] += call.gas - frameTotal(call.frame);
      const receiver = /receiver|FlashBorrowerExample/.test(call.callee);
      visit(call.frame, receiver ? () => "flash-loan receiver" : (c) => c);
    }
  };
  const topIsReceiver = /receiver|FlashBorrowerExample/.test(breakdown.top.contract);
  visit(breakdown.top, topIsReceiver ? () => "flash-loan receiver" : (c) => c);
  return totals;
}

/** Everything a frame and its callees spent. */
function frameTotal(frame: Frame): number {
  let total = frame.coldReads * 2100 + frame.warmReads * 100 + frame.events + frame.other;
  for (const { gas } of frame.writes.values()) total += gas;
  for (const call of frame.calls) total += call.gas;
  return total;
}
