// The preview of a vault operation (kusdOperations.ts lists them): each sized with the SDK's copy of
// the engine's rules at the moment the transaction is expected, so a refusal the engine would make is a
// sentence in the form before anything is signed.
// "max" follows the CLI: the wallet's balance for what it deposits, all of the debt for repay, and for
// mint and withdraw the most that keeps the ratio 10 points above the type's minimum, a minute ahead.
import {
  CdpRevertError,
  type CdpVault,
  type CollateralTypeInfo,
  currentRate,
  debtOf,
  explainCdpRevert,
  formatBps,
  isSafe,
  MAX_UINT256,
  previewMint,
  previewRepay,
  previewWithdraw,
  vaultMaxMint,
  vaultMaxWithdraw,
} from "@keel/sdk";
import {
  collateralText,
  type Figures,
  kusdText,
  liquidationPriceText,
  minRatioText,
  ratioText,
  symbolOfType,
} from "./kusdFormat.ts";
import {
  type AmountKey,
  MAX_AHEAD_SECONDS,
  RATIO_BUFFER_BPS,
  VAULT_OPERATIONS,
  type VaultOperationName,
} from "./kusdOperations.ts";
import type { AmountInput } from "./plan.ts";

export type VaultPlanInput = {
  operation: VaultOperationName;
  type: CollateralTypeInfo;
  /** The vault as read; for open, undefined (a new, empty vault). */
  vault: CdpVault | undefined;
  amounts: Partial<Record<AmountKey, AmountInput>>;
  wallet: { collateral: bigint; allowance: bigint; kusd: bigint };
  /** When the transaction is expected to land (seconds). */
  at: bigint;
};

export type VaultPlan = {
  /** The SDK call's amount: collateral for open, deposit and withdraw; kUSD for mint and repay; the debt for close. */
  amount: bigint;
  /** kUSD open mints at once. */
  mint: bigint;
  /** Repays everything (repay max, close): sent as the engine's "all". */
  all: boolean;
  /** What leaves the wallet, in the operation's `pays` unit. */
  pays: bigint;
  /** Collateral the engine pulls beyond the current allowance: an approval of exactly `pays` goes first. */
  approval: bigint | undefined;
  before: Figures | undefined;
  after: Figures;
  /** A "max" was sized to keep the minimum plus the buffer. */
  kept: boolean;
  rows: [string, string][];
  warnings: string[];
};

export class VaultPlanError extends Error {}

/** The SDK's math, with a revert it predicts turned into the engine's sentence. */
function predicted<Result>(type: CollateralTypeInfo, fn: () => Result): Result {
  try {
    return fn();
  } catch (error) {
    if (error instanceof CdpRevertError) {
      const collateral = { symbol: symbolOfType(type), decimals: type.decimals };
      throw new VaultPlanError(explainCdpRevert(error, { collateral, token: collateral }));
    }
    throw error;
  }
}

function requirePrice(type: CollateralTypeInfo, doing: string): bigint {
  if (type.price === undefined)
    throw new VaultPlanError(
      `The ${symbolOfType(type)} oracle gives no price, so ${doing} would fail: ${type.priceError}`,
    );
  return type.price;
}

/** The type with the buffer added to its minimum: what "max" sizes against. */
const buffered = (type: CollateralTypeInfo) => ({ ...type, minRatioBps: type.minRatioBps + RATIO_BUFFER_BPS });

function maxMint(vault: CdpVault, type: CollateralTypeInfo, at: bigint): bigint {
  const price = requirePrice(type, "minting");
  return vaultMaxMint(vault, buffered(type), currentRate(type, at), price);
}

function maxWithdraw(vault: CdpVault, type: CollateralTypeInfo, at: bigint): bigint {
  const debt = debtOf(vault.normalizedDebt, currentRate(type, at));
  if (debt === 0n) return vault.collateral;
  return vaultMaxWithdraw(vault.collateral, debt, requirePrice(type, "withdrawing"), buffered(type).minRatioBps);
}

/** An amount typed, or "max" worked out; `at` is the moment its outcome is predicted for. */
type Resolved = { units: bigint; at: bigint; max: boolean };

function resolve(
  input: AmountInput | undefined,
  at: bigint,
  max: (at: bigint) => bigint,
  nothing: string,
): Resolved | undefined {
  if (input === undefined) return undefined;
  if (input.kind === "exact") return { units: input.units, at, max: false };
  const later = at + MAX_AHEAD_SECONDS;
  const units = max(later);
  if (units === 0n) throw new VaultPlanError(nothing);
  return { units, at: later, max: true };
}

const emptyVault = (type: CollateralTypeInfo, owner: `0x${string}`): CdpVault => ({
  owner,
  typeId: Number(type.id),
  collateral: 0n,
  normalizedDebt: 0n,
});

export function planVaultOperation(input: VaultPlanInput): VaultPlan {
  const { operation, type, at, amounts } = input;
  const symbol = symbolOfType(type);
  const vault = input.vault ?? emptyVault(type, "0x0000000000000000000000000000000000000000");
  const before: Figures | undefined = input.vault && {
    collateral: vault.collateral,
    debt: debtOf(vault.normalizedDebt, currentRate(type, at)),
  };
  let sized: { amount: bigint; mint: bigint; all: boolean; pays: bigint; after: Figures; kept: boolean };
  const rows: [string, string][] = [];
  switch (operation) {
    case "open": {
      const collateral = resolve(amounts.collateral, at, () => input.wallet.collateral, `You hold no ${symbol}.`);
      if (!collateral) throw new VaultPlanError("Enter the collateral to deposit.");
      const fresh = { ...vault, collateral: collateral.units };
      const mint = resolve(
        amounts.mint,
        at,
        (later) => maxMint(fresh, type, later),
        `${collateralText(collateral.units, type)} cannot back any kUSD while keeping the ratio 10 points above the minimum.`,
      );
      let debt = 0n;
      if (mint) {
        const price = requirePrice(type, "minting");
        debt = predicted(type, () =>
          previewMint(fresh, type, { typeId: type.id, amount: mint.units, price, timestamp: mint.at }),
        ).debt;
      }
      sized = {
        amount: collateral.units,
        mint: mint?.units ?? 0n,
        all: false,
        pays: collateral.units,
        after: { collateral: collateral.units, debt },
        kept: mint?.max ?? false,
      };
      rows.push(["Collateral", collateralText(sized.amount, type)], ["Mint", kusdText(sized.mint)]);
      break;
    }
    case "deposit": {
      const amount = resolve(amounts.amount, at, () => input.wallet.collateral, `You hold no ${symbol} to deposit.`);
      if (!amount) throw new VaultPlanError("Enter an amount.");
      const after = { collateral: vault.collateral + amount.units, debt: before?.debt ?? 0n };
      sized = { amount: amount.units, mint: 0n, all: false, pays: amount.units, after, kept: false };
      rows.push(["Deposit", collateralText(amount.units, type)]);
      break;
    }
    case "withdraw": {
      const amount = resolve(
        amounts.amount,
        at,
        (later) => maxWithdraw(vault, type, later),
        vault.collateral === 0n
          ? "The vault holds no collateral to withdraw."
          : "The vault's debt needs all its collateral to keep the ratio 10 points above the minimum: nothing can be withdrawn now.",
      );
      if (!amount) throw new VaultPlanError("Enter an amount.");
      const price = vault.normalizedDebt === 0n ? 0n : requirePrice(type, "withdrawing");
      const out = predicted(type, () =>
        previewWithdraw(vault, type, { amount: amount.units, price, timestamp: amount.at }),
      );
      const after = { collateral: out.collateral, debt: before?.debt ?? 0n };
      sized = { amount: amount.units, mint: 0n, all: false, pays: 0n, after, kept: amount.max };
      rows.push(["Withdraw", collateralText(amount.units, type)]);
      break;
    }
    case "mint": {
      const amount = resolve(
        amounts.amount,
        at,
        (later) => maxMint(vault, type, later),
        "This vault cannot mint any more kUSD while keeping the ratio 10 points above the minimum: add collateral or repay first.",
      );
      if (!amount) throw new VaultPlanError("Enter an amount.");
      const price = requirePrice(type, "minting");
      const out = predicted(type, () =>
        previewMint(vault, type, { typeId: type.id, amount: amount.units, price, timestamp: amount.at }),
      );
      const after = { collateral: vault.collateral, debt: out.debt };
      sized = { amount: amount.units, mint: 0n, all: false, pays: 0n, after, kept: amount.max };
      rows.push(["Mint", kusdText(amount.units)]);
      break;
    }
    case "repay": {
      if (vault.normalizedDebt === 0n) throw new VaultPlanError("This vault owes nothing.");
      const amount = resolve(amounts.amount, at, () => MAX_UINT256, "");
      if (!amount) throw new VaultPlanError("Enter an amount.");
      const out = predicted(type, () => previewRepay(vault, type, { amount: amount.units, timestamp: amount.at }));
      const all = amount.units === MAX_UINT256;
      const after = { collateral: vault.collateral, debt: out.debt };
      sized = { amount: out.repaid, mint: 0n, all, pays: out.repaid, after, kept: false };
      rows.push(["Repay", all ? `all of it: at most ${kusdText(out.repaid)}` : kusdText(out.repaid)]);
      break;
    }
    case "close": {
      // The debt a minute ahead: the engine burns at most this.
      const debt = debtOf(vault.normalizedDebt, currentRate(type, at + MAX_AHEAD_SECONDS));
      sized = { amount: debt, mint: 0n, all: true, pays: debt, after: { collateral: 0n, debt: 0n }, kept: false };
      rows.push(
        ["Repay", debt === 0n ? "nothing (no debt)" : `all of it: at most ${kusdText(debt)}`],
        ["Returned to you", collateralText(vault.collateral, type)],
      );
      break;
    }
  }
  const spec = VAULT_OPERATIONS[operation];
  let approval: bigint | undefined;
  if (spec.pays && sized.pays > 0n) {
    const held = spec.pays === "kUSD" ? input.wallet.kusd : input.wallet.collateral;
    if (held < sized.pays) {
      const text = (units: bigint) => (spec.pays === "kUSD" ? kusdText(units) : collateralText(units, type));
      throw new VaultPlanError(`You hold ${text(held)}; this needs ${text(sized.pays)}.`);
    }
    // kUSD is burned by the engine, its minter, without an allowance; collateral is pulled.
    if (spec.pays === "collateral" && input.wallet.allowance < sized.pays) approval = sized.pays;
  }
  const change = (show: (f: Figures) => string) =>
    before === undefined ? show(sized.after) : `${show(before)} → ${show(sized.after)}`;
  rows.push(
    ["Debt", change((f) => kusdText(f.debt))],
    ["Collateral ratio", `${change((f) => ratioText(f, type))} (minimum ${minRatioText(type)})`],
    ["Liquidation price", change((f) => liquidationPriceText(f, type))],
  );
  return { ...sized, approval, before, rows, warnings: thinRatioWarnings(type, sized.after) };
}

/**
 * A write that leaves the ratio less than 10 points above the minimum gets a warning: a small fall in
 * price, or fees accruing, would let anyone send the vault to auction with the penalty.
 */
export function thinRatioWarnings(type: CollateralTypeInfo, after: Figures): string[] {
  if (after.debt === 0n || type.price === undefined) return [];
  if (isSafe(after.collateral, after.debt, type.price, type.minRatioBps + RATIO_BUFFER_BPS)) return [];
  return [
    `This leaves the collateral ratio at ${ratioText(after, type)}, less than 10 points above the minimum of ${minRatioText(type)}: if ${symbolOfType(type)} falls below ${liquidationPriceText(after, type)}, or fees add to the debt, anyone may send the vault to auction, with a ${formatBps(type.liquidationPenaltyBps)} penalty.`,
  ];
}
