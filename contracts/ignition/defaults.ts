/** Defaults shared by the Ignition modules, the test fixture and the gas benchmark. */

/** Governance bounds every pool's parameters must respect, in basis points. */
export const DEFAULT_RISK_BOUNDS = {
  maxLtvBps: 9300,
  maxLiquidationThresholdBps: 9500,
  maxLiquidationBonusBps: 1500,
  maxReserveFactorBps: 5000,
  maxLiquidationFeeBps: 5000,
  maxFlashFeeBps: 100,
} as const;

/** The kinked rate model's yearly rates and kink, in WAD: 0 base, 4% to the kink, +75% above it, kink at 90%. */
export const DEFAULT_KINKED_MODEL = {
  baseRate: 0n,
  slope1: 40_000_000_000_000_000n,
  slope2: 750_000_000_000_000_000n,
  optimalUtilization: 900_000_000_000_000_000n,
} as const;
