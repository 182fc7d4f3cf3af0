import { WAD } from "./constants.ts";
import { MathLib } from "./MathLib.ts";
import { checkedAdd, checkedMul, checkedSub } from "./uint.ts";

/** A partial liquidation aims to bring the health factor back to this value (WAD). */
const TARGET_HEALTH_FACTOR = 1_050_000_000_000_000_000n;
/** Below this health factor (WAD) the whole debt of the repaid reserve may be liquidated. */
const CLOSE_FACTOR_HEALTH_FACTOR = 950_000_000_000_000_000n;
/** Incentive (WAD) paid even to a barely unhealthy account, so that liquidating it pays for gas. */
const BASE_INCENTIVE = 10_000_000_000_000_000n;
/** No liquidation may leave less debt than this value (10 USD, WAD) in the repaid reserve. */
const MIN_DEBT_VALUE = 10n * WAD;

/** The liquidation incentive and whether the account's margin capped it. */
export type Incentive = {
  /** In WAD. */
  bonus: bigint;
  /**
   * True when the margin capped the bonus (strictly below the uncapped one): a partial liquidation at
   * that bonus cannot raise health, so the liquidation must close.
   */
  atMargin: boolean;
};

/**
 * LiquidationLib.incentive: BASE_INCENTIVE plus the shortfall below 1, capped at the bound
 * `maxIncentive`; and while the account's collateral covers its debt (`collateralValue` ≥
 * `debtValue`, the account's totals), capped at that margin, (collateral − debt) / debt rounded down,
 * so that no liquidation turns a solvent account into bad debt. `healthFactor` must be below WAD (the
 * contract underflows otherwise, and so does this); `debtValue` is non-zero for an unhealthy account.
 */
function incentive(healthFactor: bigint, maxIncentive: bigint, collateralValue: bigint, debtValue: bigint): Incentive {
  let bonus = MathLib.min(maxIncentive, BASE_INCENTIVE + checkedSub(WAD, healthFactor));
  let atMargin = false;
  if (collateralValue >= debtValue) {
    const margin = MathLib.mulDivDown(collateralValue - debtValue, WAD, debtValue);
    if (margin < bonus) [bonus, atMargin] = [margin, true];
  }
  return { bonus, atMargin };
}

/** How much one liquidation may repay, in debt value (WAD). */
export type MaxRepay = {
  /** Rounded up, in favour of restoring health. */
  maxRepayValue: bigint;
  /** A smaller liquidation would not raise health: it must repay the whole reserve debt or seize all the collateral. */
  mustClose: boolean;
};

/**
 * LiquidationLib.maxRepay: the debt value that brings health back to TARGET_HEALTH_FACTOR, or the whole
 * reserve debt when the account is below the close factor, when no partial liquidation can help, or
 * when less than MIN_DEBT_VALUE would be left.
 */
function maxRepay(
  liquidationValue: bigint,
  debtValue: bigint,
  reserveDebtValue: bigint,
  collateralThreshold: bigint,
  bonus: bigint,
): MaxRepay {
  const seizedWeight = MathLib.wMulDown(WAD + bonus, collateralThreshold);
  const mustClose = checkedMul(liquidationValue, WAD) <= checkedMul(seizedWeight, debtValue);
  const healthFactor = MathLib.wDivDown(liquidationValue, debtValue);
  if (mustClose || healthFactor < CLOSE_FACTOR_HEALTH_FACTOR) return { maxRepayValue: reserveDebtValue, mustClose };
  const excess = checkedSub(checkedMul(TARGET_HEALTH_FACTOR, debtValue), checkedMul(liquidationValue, WAD));
  let maxRepayValue = MathLib.mulDivUp(excess, 1n, checkedSub(TARGET_HEALTH_FACTOR, seizedWeight));
  if (checkedAdd(maxRepayValue, MIN_DEBT_VALUE) >= reserveDebtValue) maxRepayValue = reserveDebtValue;
  return { maxRepayValue, mustClose };
}

/** The contracts' LiquidationLib: liquidation constants, incentive and repay cap. */
export const LiquidationLib = {
  TARGET_HEALTH_FACTOR,
  CLOSE_FACTOR_HEALTH_FACTOR,
  BASE_INCENTIVE,
  MIN_DEBT_VALUE,
  incentive,
  maxRepay,
} as const;
