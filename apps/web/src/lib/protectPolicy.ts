// A protection policy from what a person chose on the Protect page, as `keel protect add` builds it: the
// trigger, the action, the target band, the adapter's direct route, the price bound (2% unless changed),
// the keeper's fee and its cap, the cooldown, the expiry, the most executions and the owner's nonce.
// Every mistake is a sentence, and nothing is built from a value that would surprise the owner.
import { POLICY_DIRECT_ROUTE, type Policy, PolicyAction, PolicyTrigger, WAD } from "@keel/sdk";
import { type Address, parseUnits } from "viem";
import { COMMA, parseAmount } from "./amount.ts";

export type ActionName = "deleverage" | "repay" | "close" | "soft-liquidation" | "vault-repay";
export type TriggerName = "health" | "price-below" | "price-above";

/** What the form holds, as typed. */
export type ProtectValues = {
  action: ActionName;
  trigger: TriggerName;
  triggerValue: string;
  /** Reserve indexes, as the selects give them (pool policies only). */
  collateral: string;
  debt: string;
  target: string;
  tolerance: string;
  repayAllowance: string;
  fee: string;
  maxFee: string;
  bound: string;
  incentiveStart: string;
  incentiveEnd: string;
  closeFactor: string;
  cooldownMinutes: string;
  days: string;
  maxExecutions: string;
  throughPegModule: boolean;
};

export type Asset = { symbol: string; decimals: number };
export type ScopeReserve = Asset & { index: number; asset: Address; maxLiquidationBonusBps: number };

/** What a policy protects: a position in a pool, or one of the owner's kUSD vaults. */
export type ProtectScope =
  | { kind: "pool"; poolId: bigint; poolName: string; reserves: ScopeReserve[] }
  | { kind: "vault"; vaultId: bigint; collateral: Asset };

export const KUSD_ASSET: Asset = { symbol: "kUSD", decimals: 18 };

/** The contract's limits (ProtectionPolicies: MAX_FEE_BPS, MAX_DEVIATION_BPS, MAX_HEALTH_BAND). */
export const MAX_FEE_BPS = 500;
export const MAX_BOUND_BPS = 1_000;
const MAX_BAND = 100n * WAD;
const MAX_UINT32 = 4_294_967_295;
const CONTRACT_LIMIT = " (the contract's limit)";

export const ACTION_LABELS: Record<ActionName, string> = {
  deleverage: "Deleverage: sell collateral to repay debt",
  repay: "Repay from your wallet",
  close: "Close: sell collateral to repay all the debt",
  "soft-liquidation": "Soft liquidation: keepers repay for an incentive",
  "vault-repay": "Repay the vault by selling its collateral",
};

const ACTION_IDS: Record<ActionName, number> = {
  deleverage: PolicyAction.Deleverage,
  repay: PolicyAction.RepayFromWallet,
  close: PolicyAction.Close,
  "soft-liquidation": PolicyAction.SoftLiquidation,
  "vault-repay": PolicyAction.VaultRepay,
};

/** Whether an action keeps the account in a target band, sells collateral, or charges a fee. */
export const hasBand = (action: ActionName) =>
  action === "deleverage" || action === "repay" || action === "vault-repay";
export const sells = (action: ActionName) => action === "deleverage" || action === "close" || action === "vault-repay";
export const paysFee = (action: ActionName) => action !== "soft-liquidation";

export class ProtectInputError extends Error {
  override name = "ProtectInputError";
}

/** The form's starting values: the CLI's defaults, with a health trigger of 1.30 (a vault: 170%). */
export function defaultValues(
  scope: ProtectScope | undefined,
  position?: { collateral?: number; debt?: number },
): ProtectValues {
  const vault = scope?.kind === "vault";
  const softCap = scope?.kind === "pool" ? softIncentiveCap(scope, position?.collateral ?? 0) : 100;
  return {
    action: vault ? "vault-repay" : "deleverage",
    trigger: "health",
    triggerValue: vault ? "170" : "1.30",
    collateral: String(position?.collateral ?? 0),
    debt: String(position?.debt ?? (scope?.kind === "pool" ? Math.min(1, scope.reserves.length - 1) : 0)),
    target: vault ? "200" : "1.50",
    tolerance: vault ? "20" : "0.20",
    repayAllowance: "",
    fee: "0.5",
    maxFee: "100",
    bound: "2",
    incentiveStart: String(Math.floor(softCap / 2) / 100),
    incentiveEnd: String(softCap / 100),
    closeFactor: "50",
    cooldownMinutes: "60",
    days: "30",
    maxExecutions: "5",
    throughPegModule: false,
  };
}

/** A soft liquidation pays at most what the pool's own liquidation pays at health 1: 1%, or the bonus if less. */
function softIncentiveCap(scope: Extract<ProtectScope, { kind: "pool" }>, collateral: number): number {
  return Math.min(100, scope.reserves[collateral]?.maxLiquidationBonusBps ?? 100);
}

/** A percentage typed as "0.5", in BPS: at most two decimals, from `least` to `most` BPS. */
export function percentBps(text: string, what: string, most: number, least = 0, why = ""): number {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) {
    throw new ProtectInputError(`${what} is a percentage such as 0.5, with at most two decimals.`);
  }
  const [whole, fraction = ""] = trimmed.split(".");
  const bps = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (bps > most) throw new ProtectInputError(`${what} may be at most ${most / 100}%${why}.`);
  if (bps < least) throw new ProtectInputError(`${what} must be at least ${least / 100}%.`);
  return bps;
}

/** A decimal (health factor, USD, percent) in WAD. */
function decimalWad(text: string, what: string): bigint {
  const trimmed = text.trim();
  if (trimmed.includes(",")) throw new ProtectInputError(`${what}: ${COMMA}`);
  if (!/^\d+(\.\d{1,18})?$/.test(trimmed)) throw new ProtectInputError(`${what} is a number such as 1.5.`);
  return parseUnits(trimmed, 18);
}

function wholeNumber(text: string, what: string, least: number, most: number): number {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) throw new ProtectInputError(`${what} takes a whole number.`);
  const value = Number(trimmed);
  if (value < least || value > most) throw new ProtectInputError(`${what} must be from ${least} to ${most}.`);
  return value;
}

function exactAmount(text: string, asset: Asset, what: string): bigint {
  try {
    return parseAmount(text, asset.decimals, asset.symbol);
  } catch (error) {
    throw new ProtectInputError(`${what}: ${(error as Error).message}`);
  }
}

/** An oracle price (value = units × price / 1e18) from USD per whole token. */
export const oraclePrice = (usd: bigint, decimals: number) => (usd * WAD) / 10n ** BigInt(decimals);

export type BuildContext = {
  owner: Address;
  /** The deployment's swap adapter; the policy commits to its direct pair. */
  adapter: Address;
  nonce: bigint;
  /** The latest block's timestamp: the expiry counts from it. */
  now: bigint;
};

/** The assets a policy names in its scope: what it sells or watches, and what it repays. */
export function assetsOf(scope: ProtectScope, collateral: number, debt: number): { collateral: Asset; debt: Asset } {
  if (scope.kind === "vault") return { collateral: scope.collateral, debt: KUSD_ASSET };
  return { collateral: scope.reserves[collateral] ?? unknownAsset, debt: scope.reserves[debt] ?? unknownAsset };
}
const unknownAsset: Asset = { symbol: "?", decimals: 18 };

/** The policy the values describe, or a sentence saying what to change. */
export function buildPolicy(scope: ProtectScope, values: ProtectValues, context: BuildContext): Policy {
  const vault = scope.kind === "vault";
  const action = vault ? "vault-repay" : values.action;
  if (vault !== (action === "vault-repay")) {
    throw new ProtectInputError("A vault's policy repays it by selling its collateral; a pool's cannot.");
  }
  const collateralIndex = vault ? 0 : reserveIndex(scope, values.collateral, "the collateral");
  const debtIndex = vault ? 0 : reserveIndex(scope, values.debt, "the debt");
  const assets = assetsOf(scope, collateralIndex, debtIndex);
  if (!vault && action !== "repay" && collateralIndex === debtIndex) {
    throw new ProtectInputError("The collateral sold and the debt repaid must be different assets.");
  }

  // The trigger: health (a vault's ratio, in %) below a value, or the collateral's price below or above one.
  const healthWord = vault ? "The ratio trigger" : "The health factor trigger";
  let triggerValue: bigint;
  if (values.trigger === "health") {
    triggerValue = vault
      ? decimalWad(values.triggerValue, healthWord) / 100n
      : decimalWad(values.triggerValue, healthWord);
    if (triggerValue <= WAD) {
      throw new ProtectInputError(
        vault
          ? "The ratio trigger must be above 100%."
          : "The health factor trigger must be above 1.00: below 1 the pool liquidates the position itself.",
      );
    }
  } else {
    const usd = decimalWad(values.triggerValue, "The price trigger");
    if (usd === 0n) throw new ProtectInputError("The price trigger must be above zero.");
    triggerValue = oraclePrice(usd, assets.collateral.decimals);
  }
  if (action === "soft-liquidation" && values.trigger !== "health") {
    throw new ProtectInputError("A soft liquidation triggers on the health factor only (above 1.00).");
  }

  // The band: a target above the trigger, and a ceiling the contract accepts.
  let targetHealth = 0n;
  let healthTolerance = 0n;
  if (hasBand(action)) {
    const scale = (wad: bigint) => (vault ? wad / 100n : wad);
    targetHealth = scale(decimalWad(values.target, "The target"));
    healthTolerance = scale(decimalWad(values.tolerance, "The tolerance"));
    if (targetHealth <= WAD) {
      throw new ProtectInputError(vault ? "The target ratio must be above 100%." : "The target must be above 1.00.");
    }
    if (values.trigger === "health" && targetHealth <= triggerValue) {
      throw new ProtectInputError(
        `The target (${values.target.trim()}${vault ? "%" : ""}) must be above the trigger (${values.triggerValue.trim()}${vault ? "%" : ""}): the policy acts when ${vault ? "the ratio" : "the health factor"} falls below the trigger, and must raise it to the target.`,
      );
    }
    if (healthTolerance === 0n) {
      throw new ProtectInputError("The tolerance must be above zero: an execution must be able to land in the band.");
    }
    if (targetHealth > MAX_BAND || healthTolerance > MAX_BAND) {
      throw new ProtectInputError(`The target and the tolerance may each be at most ${vault ? "10,000%" : "100"}.`);
    }
  }

  const repayAllowance =
    action === "repay" ? exactAmount(values.repayAllowance, assets.debt, "The wallet allowance") : 0n;

  let incentiveStartBps = 0;
  let incentiveEndBps = 0;
  let closeFactorBps = 0;
  if (action === "soft-liquidation" && scope.kind === "pool") {
    const cap = softIncentiveCap(scope, collateralIndex);
    incentiveStartBps = percentBps(values.incentiveStart, "The incentive at the trigger", cap);
    incentiveEndBps = percentBps(values.incentiveEnd, "The incentive at health 1", cap);
    if (incentiveStartBps > incentiveEndBps) {
      throw new ProtectInputError("The incentive at the trigger may not exceed the incentive at health 1.");
    }
    closeFactorBps = percentBps(values.closeFactor, "The share of the debt repaid at a time", 10_000, 1);
  }

  const feeBps = paysFee(action) ? percentBps(values.fee, "The keeper's fee", MAX_FEE_BPS, 0, CONTRACT_LIMIT) : 0;
  const maxFee = paysFee(action) ? exactAmount(values.maxFee, assets.debt, "The fee's cap") : 0n;
  const maxDeviationBps = sells(action)
    ? percentBps(values.bound, "The price bound", MAX_BOUND_BPS, 1, CONTRACT_LIMIT)
    : 0;
  const cooldown = wholeNumber(values.cooldownMinutes, "The cooldown (minutes)", 0, Math.floor(MAX_UINT32 / 60)) * 60;
  const days = wholeNumber(values.days, "The days the policy lives", 1, 3_650);
  const maxExecutions = wholeNumber(values.maxExecutions, "The most executions", 1, 10_000);

  return {
    owner: context.owner,
    poolId: scope.kind === "pool" ? scope.poolId : 0n,
    vaultId: scope.kind === "vault" ? scope.vaultId : 0n,
    trigger:
      values.trigger === "health"
        ? PolicyTrigger.HealthBelow
        : values.trigger === "price-below"
          ? PolicyTrigger.PriceBelow
          : PolicyTrigger.PriceAbove,
    triggerValue,
    priceReserve: collateralIndex,
    action: ACTION_IDS[action],
    collateralReserve: collateralIndex,
    debtReserve: debtIndex,
    targetHealth,
    healthTolerance,
    repayAllowance,
    // The adapter's direct pair: a keeper may not route the sale through a token of its choosing.
    adapter: context.adapter,
    route: POLICY_DIRECT_ROUTE,
    throughPegModule: vault && values.throughPegModule,
    maxDeviationBps,
    feeBps,
    maxFee,
    incentiveStartBps,
    incentiveEndBps,
    closeFactorBps,
    cooldown,
    expiry: context.now + BigInt(days) * 86_400n,
    maxExecutions,
    nonce: context.nonce,
  };
}

function reserveIndex(scope: Extract<ProtectScope, { kind: "pool" }>, text: string, what: string): number {
  const index = Number(text);
  if (text === "" || !Number.isInteger(index) || scope.reserves[index] === undefined) {
    throw new ProtectInputError(`Choose ${what}.`);
  }
  return index;
}

/** The action's name, from the policy's action id. */
export function actionName(policy: Pick<Policy, "action">): ActionName {
  const found = (Object.entries(ACTION_IDS) as [ActionName, number][]).find(([, id]) => id === policy.action);
  return found?.[0] ?? "deleverage";
}

/** A signed policy as a keeper's policies file holds it: `[{ policy, signature }]`, numbers as decimal strings. */
export function signedPolicyJson(policy: Policy, signature: string): string {
  return JSON.stringify(
    [{ policy, signature }],
    (_key, value) => (typeof value === "bigint" ? value.toString() : value),
    2,
  );
}
