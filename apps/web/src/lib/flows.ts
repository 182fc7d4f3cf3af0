// The one-transaction flows the app offers, each described once: its fields and the SDK request it
// builds. Planning (quotes, sizing, the preview) is the SDK's `planPoolFlow`; sending is
// `authorizeForOneBundle`, a permit when the wallet deposits, and `executeBundle`.
import type { PoolFlowRequest, PoolSnapshot } from "@keel/sdk";
import { parseAmount } from "./amount.ts";
import { symbolOf } from "./market.ts";

export type FlowKind = PoolFlowRequest["kind"];

/** A reserve field (its index in the pool) or an amount field (text as typed, in which reserve's token). */
export type FlowField =
  | { name: "collateral" | "debt" | "from" | "to"; kind: "reserve"; label: string; optional?: boolean }
  | {
      name: "deposit" | "borrow" | "repay" | "sell";
      kind: "amount";
      label: string;
      of: "collateral" | "debt";
      optional?: boolean;
    };

export type FlowSpec = { kind: FlowKind; label: string; about: string; fields: FlowField[] };

const collateral = { name: "collateral", kind: "reserve", label: "Collateral" } as const;
const debt = { name: "debt", kind: "reserve", label: "Debt" } as const;

export const FLOWS: FlowSpec[] = [
  {
    kind: "leverage",
    label: "Leverage up",
    about: "Borrow more and swap it into collateral, in one transaction: a flash loan sizes it at once.",
    fields: [
      collateral,
      debt,
      {
        name: "deposit",
        kind: "amount",
        label: "Collateral to add from your wallet first",
        of: "collateral",
        optional: true,
      },
      { name: "borrow", kind: "amount", label: "Debt to add, swapped into collateral", of: "debt" },
    ],
  },
  {
    kind: "deleverage",
    label: "Leverage down",
    about: "Repay debt with collateral sold, in one transaction: a flash loan repays first.",
    fields: [collateral, debt, { name: "repay", kind: "amount", label: "Debt to repay", of: "debt" }],
  },
  {
    kind: "repayWithCollateral",
    label: "Repay with collateral",
    about: "Sell some collateral and repay debt with what it fetches, in one transaction.",
    fields: [collateral, debt, { name: "sell", kind: "amount", label: "Collateral to sell", of: "collateral" }],
  },
  {
    kind: "close",
    label: "Close",
    about: "Repay the whole debt with collateral sold, and take the rest of the collateral back.",
    fields: [collateral, debt],
  },
  {
    kind: "swapCollateral",
    label: "Swap collateral",
    about: "Move all of one collateral into another, keeping your debt.",
    fields: [
      { name: "from", kind: "reserve", label: "Collateral to sell (all of it)" },
      { name: "to", kind: "reserve", label: "Collateral to buy" },
      { name: "debt", kind: "reserve", label: "Your debt in this pool", optional: true },
    ],
  },
  {
    kind: "swapDebt",
    label: "Swap debt",
    about: "Move the whole debt of one asset into a debt of another.",
    fields: [
      { name: "from", kind: "reserve", label: "Debt to repay (all of it)" },
      { name: "to", kind: "reserve", label: "Asset to owe instead" },
    ],
  },
];

export type FlowValues = Partial<Record<FlowField["name"], string>>;

/** The SDK's request from what the form holds; an amount typed wrong is refused with a sentence. */
export function flowRequest(spec: FlowSpec, pool: PoolSnapshot, values: FlowValues): PoolFlowRequest {
  const index = (name: FlowField["name"], optional = false): number | undefined => {
    const value = values[name];
    if (value === undefined || value === "") {
      if (optional) return undefined;
      throw new Error(`Choose the ${name === "from" || name === "to" ? `"${name}" asset` : name}.`);
    }
    return Number(value);
  };
  const amount = (name: FlowField["name"], of: "collateral" | "debt", optional = false): bigint => {
    const text = values[name] ?? "";
    if (text.trim() === "" && optional) return 0n;
    const reserve = pool.reserves[index(of) as number];
    return parseAmount(text, reserve.config.decimals, symbolOf(reserve));
  };
  switch (spec.kind) {
    case "leverage":
      return {
        kind: "leverage",
        collateral: index("collateral") as number,
        debt: index("debt") as number,
        deposit: amount("deposit", "collateral", true),
        borrow: amount("borrow", "debt"),
      };
    case "deleverage":
      return {
        kind: "deleverage",
        collateral: index("collateral") as number,
        debt: index("debt") as number,
        repay: amount("repay", "debt"),
      };
    case "repayWithCollateral":
      return {
        kind: "repayWithCollateral",
        collateral: index("collateral") as number,
        debt: index("debt") as number,
        sell: amount("sell", "collateral"),
      };
    case "close":
      return { kind: "close", collateral: index("collateral") as number, debt: index("debt") as number };
    case "swapCollateral":
      return {
        kind: "swapCollateral",
        from: index("from") as number,
        to: index("to") as number,
        debt: index("debt", true),
      };
    case "swapDebt":
      return { kind: "swapDebt", from: index("from") as number, to: index("to") as number };
  }
}
