import { FLAG_BORROWABLE, FLAG_COLLATERAL, FLAG_FROZEN, FLAG_PAUSED } from "../math/constants.ts";
import { accountCategory } from "../math/health.ts";
import { accountMasks } from "../math/masks.ts";
import type { AccountSnapshot, PoolSnapshot, ReserveConfig } from "../types.ts";
import type { PoolParameterChange } from "./decode.ts";

/**
 * The pool as it would be once `change` is executed: a copy of `pool` with the change applied the way
 * the configurator writes it (`updateReserve` keeps the frozen and paused flags and sets the collateral
 * and borrowable ones from the parameters). Undefined when the change is for another pool or a reserve
 * the pool does not have (the contract would refuse it). Prices stay the snapshot's: a change of oracle
 * is applied to the configuration, not to the price.
 */
export function applyPoolChange(pool: PoolSnapshot, change: PoolParameterChange): PoolSnapshot | undefined {
  if (change.poolId !== pool.poolId) return undefined;
  const copy = structuredClone(pool);
  if (change.kind === "setEMode") {
    copy.eModes[change.category] = { ...change.params };
    return copy;
  }
  const reserve = copy.reserves[change.reserve];
  if (reserve === undefined) return undefined;
  reserve.config = nextConfig(reserve.config, change);
  return copy;
}

function nextConfig(current: ReserveConfig, change: Exclude<PoolParameterChange, { kind: "setEMode" }>): ReserveConfig {
  switch (change.kind) {
    case "setReserve":
      return { ...change.config };
    case "setFrozen":
    case "setPaused": {
      const flag = change.kind === "setFrozen" ? FLAG_FROZEN : FLAG_PAUSED;
      return { ...current, flags: change.on ? current.flags | flag : current.flags & ~flag };
    }
    case "updateReserve": {
      const p = change.params;
      return {
        ...current,
        asset: p.asset,
        oracle: p.oracle,
        irm: p.irm,
        ltvBps: p.ltvBps,
        liquidationThresholdBps: p.liquidationThresholdBps,
        maxLiquidationBonusBps: p.maxLiquidationBonusBps,
        reserveFactorBps: p.reserveFactorBps,
        liquidationFeeBps: p.liquidationFeeBps,
        supplyCap: p.supplyCap,
        borrowCap: p.borrowCap,
        eModeCategory: p.eModeCategory,
        flags:
          (current.flags & (FLAG_FROZEN | FLAG_PAUSED)) |
          (p.collateralEnabled ? FLAG_COLLATERAL : 0) |
          (p.borrowEnabled ? FLAG_BORROWABLE : 0),
      };
    }
  }
}

/**
 * Whether a change can move the account's figures: it holds collateral or debt in the changed reserve,
 * or (for an e-mode category) its debt puts it in that category.
 */
export function poolChangeTouches(pool: PoolSnapshot, change: PoolParameterChange, account: AccountSnapshot): boolean {
  if (change.poolId !== pool.poolId) return false;
  if (change.kind === "setEMode") return accountCategory(pool, accountMasks(account).debtMask) === change.category;
  const position = account.positions[change.reserve];
  return position !== undefined && (position.collateral > 0n || position.debtShares > 0n);
}

/** One field of a reserve's configuration that a change moves, from what to what. */
export type ReserveConfigChange =
  | {
      field: "liquidationThresholdBps" | "ltvBps" | "maxLiquidationBonusBps" | "reserveFactorBps" | "liquidationFeeBps";
      before: number;
      after: number;
    }
  | { field: "eModeCategory"; before: number; after: number }
  | { field: "supplyCap" | "borrowCap"; before: number; after: number }
  | { field: "collateral" | "borrowable" | "frozen" | "paused"; before: boolean; after: boolean }
  | { field: "oracle" | "irm" | "asset"; before: string; after: string };

const FLAGS = [
  ["collateral", FLAG_COLLATERAL],
  ["borrowable", FLAG_BORROWABLE],
  ["frozen", FLAG_FROZEN],
  ["paused", FLAG_PAUSED],
] as const;

/**
 * Every field that differs between two configurations of a reserve, most consequential first: the
 * liquidation threshold, the LTV, the e-mode category, the bonus, fees, caps, flags, then addresses.
 */
export function reserveConfigChanges(before: ReserveConfig, after: ReserveConfig): ReserveConfigChange[] {
  const out: ReserveConfigChange[] = [];
  for (const field of ["liquidationThresholdBps", "ltvBps"] as const)
    if (before[field] !== after[field]) out.push({ field, before: before[field], after: after[field] });
  if (before.eModeCategory !== after.eModeCategory)
    out.push({ field: "eModeCategory", before: before.eModeCategory, after: after.eModeCategory });
  for (const field of ["maxLiquidationBonusBps", "reserveFactorBps", "liquidationFeeBps"] as const)
    if (before[field] !== after[field]) out.push({ field, before: before[field], after: after[field] });
  for (const field of ["supplyCap", "borrowCap"] as const)
    if (before[field] !== after[field]) out.push({ field, before: before[field], after: after[field] });
  for (const [field, flag] of FLAGS) {
    const was = (before.flags & flag) !== 0;
    const will = (after.flags & flag) !== 0;
    if (was !== will) out.push({ field, before: was, after: will });
  }
  for (const field of ["oracle", "irm", "asset"] as const)
    if (before[field].toLowerCase() !== after[field].toLowerCase())
      out.push({ field, before: before[field], after: after[field] });
  return out;
}
