// The six vault operations (open, deposit, withdraw, mint, repay, close) as the app offers them: the
// amounts each takes, what "max" means for each, and what the engine takes from the wallet. The preview
// (kusdVault.ts) and the form (kusd/VaultForm.tsx) are one for all six.

export type VaultOperationName = "open" | "deposit" | "withdraw" | "mint" | "repay" | "close";
export type Unit = "collateral" | "kUSD";
export type AmountKey = "collateral" | "mint" | "amount";

/** The buffer "max" keeps above the type's minimum ratio, and below which a write warns: 10 points. */
export const RATIO_BUFFER_BPS = 1_000;
/** Fees accrue until the block: a "max" they shrink is sized this far ahead, so it still holds then. */
export const MAX_AHEAD_SECONDS = 60n;

export type AmountField = { key: AmountKey; unit: Unit; optional: boolean; label: string; maxHelp: string };

export type VaultOperationSpec = {
  label: string;
  /** What the engine takes from the wallet: collateral it pulls (approved first) or kUSD it burns. */
  pays?: Unit;
  fields: AmountField[];
};

const keeps = "Max keeps the collateral ratio 10 points above the minimum.";

export const VAULT_OPERATIONS: Record<VaultOperationName, VaultOperationSpec> = {
  open: {
    label: "Open",
    pays: "collateral",
    fields: [
      { key: "collateral", unit: "collateral", optional: false, label: "Collateral", maxHelp: "Max is your balance." },
      { key: "mint", unit: "kUSD", optional: true, label: "kUSD to mint (optional)", maxHelp: keeps },
    ],
  },
  deposit: {
    label: "Deposit",
    pays: "collateral",
    fields: [
      { key: "amount", unit: "collateral", optional: false, label: "Collateral", maxHelp: "Max is your balance." },
    ],
  },
  withdraw: {
    label: "Withdraw",
    fields: [{ key: "amount", unit: "collateral", optional: false, label: "Collateral", maxHelp: keeps }],
  },
  mint: {
    label: "Mint",
    fields: [{ key: "amount", unit: "kUSD", optional: false, label: "kUSD", maxHelp: keeps }],
  },
  repay: {
    label: "Repay",
    pays: "kUSD",
    fields: [
      {
        key: "amount",
        unit: "kUSD",
        optional: false,
        label: "kUSD",
        maxHelp: "Max repays the whole debt, to the wei.",
      },
    ],
  },
  close: { label: "Close", pays: "kUSD", fields: [] },
};
