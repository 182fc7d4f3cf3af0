import type { AccountSnapshot, PoolSnapshot } from "../types.ts";
import { BPS, MAX_UINT120, PRICE_SCALE, WAD } from "./constants.ts";
import { repayAssets } from "./debt.ts";
import { PoolRevertError } from "./errors.ts";
import { accountCategory, collateralParams, healthFactor, valueAccount } from "./health.ts";
import { LiquidationLib } from "./LiquidationLib.ts";
import { MathLib } from "./MathLib.ts";
import { accountMasks } from "./masks.ts";
import { SharesMathLib } from "./SharesMathLib.ts";
import { checkedMul, checkedSub } from "./uint.ts";

/** What one liquidation moves, as the Liquidate event reports it. */
export type LiquidationAmounts = {
  /** Debt repaid by the liquidator, in debt-token units; rounded up against the liquidator. */
  repaidAssets: bigint;
  /** Debt shares burned; rounded down (the whole position when the whole debt is repaid). */
  repaidShares: bigint;
  /** Collateral taken from the borrower, in collateral-token units; rounded down against the liquidator. */
  seizedAssets: bigint;
  /** The treasury's part of the seized collateral: its liquidation-fee share of the bonus, rounded down. */
  protocolFee: bigint;
  /** The incentive applied, WAD. */
  bonus: bigint;
};

/**
 * KeelPool._liquidationAmounts: sizes a liquidation of `account` repaying at most `maxRepayAssets` of
 * `debtReserve` for collateral of `collateralReserve`. The pool's debt reserves must already be
 * accrued to `pool.timestamp` (the pool accrues them first); values use the stored totals. The traded
 * pair must have live prices; any other debt falls back to its last reported price and any other
 * collateral to its last reported price or 0 (see `valueAccount`). The incentive is capped at the
 * account's margin while its collateral covers its debt, and a liquidation at that margin must close
 * (repay the whole reserve debt or seize the whole lot); a lot that buys less than one unit of debt
 * is seized whole for nothing repaid. Throws PoolRevertError where the pool reverts (HealthyPosition,
 * LiquidationMustClose, ZeroAmount) and PriceUnavailableError where a price it needs fails.
 */
export function liquidationAmounts(
  pool: PoolSnapshot,
  account: AccountSnapshot,
  collateralReserve: number,
  debtReserve: number,
  maxRepayAssets: bigint,
): LiquidationAmounts {
  const {
    health: h,
    collateralPrice: priceCollateral,
    debtPrice: priceDebt,
  } = valueAccount(pool, account, { accrue: false, strictDebt: false, collateralReserve, debtReserve });
  const currentHealth = healthFactor(h);
  if (currentHealth >= WAD) throw new PoolRevertError("HealthyPosition", [currentHealth]);
  const rc = pool.reserves[collateralReserve];
  const rd = pool.reserves[debtReserve];
  const collateral = account.positions[collateralReserve].collateral;
  const debtShares = account.positions[debtReserve].debtShares;
  const debtAssets = repayAssets(rd.state, debtShares);

  const category = accountCategory(pool, accountMasks(account).debtMask);
  const { thresholdBps, maxBonusBps } = collateralParams(pool, rc.config, category);
  const { bonus, atMargin } = LiquidationLib.incentive(
    currentHealth,
    maxBonusBps * (WAD / BPS),
    h.collateralValue,
    h.debtValue,
  );
  const reserveDebtValue = MathLib.mulDivUp(debtAssets, priceDebt, PRICE_SCALE);
  let { maxRepayValue, mustClose } = LiquidationLib.maxRepay(
    h.liquidationValue,
    h.debtValue,
    reserveDebtValue,
    thresholdBps * (WAD / BPS),
    bonus,
  );
  // At the margin a partial liquidation cannot raise health: the liquidation must close.
  if (atMargin) [maxRepayValue, mustClose] = [reserveDebtValue, true];

  // The target amount, and no more than the seizable collateral buys. A lot worth less than one unit
  // of debt buys nothing and is seized for nothing, so dust can always be cleared.
  let repaidAssets = MathLib.min(debtAssets, MathLib.mulDivUp(maxRepayValue, PRICE_SCALE, priceDebt));
  let seizedAssets = 0n;
  const collateralBuys = MathLib.mulDivDown(
    collateral,
    checkedMul(priceCollateral, WAD),
    checkedMul(priceDebt, WAD + bonus),
  );
  if (repaidAssets >= collateralBuys) {
    repaidAssets = collateralBuys;
    seizedAssets = collateral;
  }
  if (maxRepayAssets < repaidAssets) {
    // A smaller liquidation is allowed unless it would lower health or leave unliquidatable dust.
    const leftValue = MathLib.mulDivUp(checkedSub(debtAssets, maxRepayAssets), priceDebt, PRICE_SCALE);
    if (mustClose || leftValue < LiquidationLib.MIN_DEBT_VALUE) {
      throw new PoolRevertError("LiquidationMustClose", [repaidAssets]);
    }
    repaidAssets = maxRepayAssets;
    seizedAssets = 0n;
  }
  if (repaidAssets === 0n && seizedAssets === 0n) throw new PoolRevertError("ZeroAmount");
  if (seizedAssets === 0n) {
    seizedAssets = MathLib.mulDivDown(
      repaidAssets,
      checkedMul(priceDebt, WAD + bonus),
      checkedMul(priceCollateral, WAD),
    );
  }
  let repaidShares = SharesMathLib.toSharesDown(repaidAssets, rd.state.totalBorrowAssets, rd.state.totalBorrowShares);
  if (repaidAssets >= debtAssets || repaidShares >= debtShares) {
    repaidShares = debtShares;
    repaidAssets = debtAssets;
  }
  const bonusAssets = checkedSub(seizedAssets, MathLib.mulDivUp(seizedAssets, WAD, WAD + bonus));
  // The treasury's collateral is a uint120 (it shares a slot): a fee beyond that room stays with the liquidator.
  const protocolFee = MathLib.min(
    MathLib.mulDivDown(bonusAssets, BigInt(rc.config.liquidationFeeBps), BPS),
    MAX_UINT120 - rc.state.treasuryCollateral,
  );
  return { repaidAssets, repaidShares, seizedAssets, protocolFee, bonus };
}
