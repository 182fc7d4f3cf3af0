import type { AccountLabel } from "./accounts.ts";

/** Whole tokens as a decimal string (parsed with the token's decimals) in a pool given by id. */
type Deposit = { poolId: number; symbol: string; amount: string };

/**
 * A loan opened at a designed health factor: the collateral is deposited, then as much `debt` is
 * borrowed as brings health to `health`. `eMode` prices the collateral at its e-mode threshold
 * (the debt must be in the same category).
 */
export type Loan = {
  poolId: number;
  collateral: string;
  amount: string;
  debt: string;
  health: string;
  eMode?: boolean;
};

/** Every account's wallet, besides what its positions use. */
export const WALLET = { WETH: "100", WBTC: "5", wstETH: "100", USDC: "500000", DAI: "500000" } as const;

/** Pool ids as the Devnet module creates them. */
const CORE_POOL = 0;
const WBTC_USDC_POOL = 1;
const WSTETH_WETH_POOL = 2;

/**
 * The seeded market. Supply is sized so each borrowed reserve sits at 45–80% utilization, where the
 * rate models charge realistic rates; healths are spread from comfortable to one ETH dip from liquidation.
 */
export const POSITIONS: Partial<Record<AccountLabel, { supplies?: Deposit[]; loans?: Loan[] }>> = {
  lender: {
    supplies: [
      { poolId: CORE_POOL, symbol: "WETH", amount: "150" },
      { poolId: CORE_POOL, symbol: "WBTC", amount: "2" },
      { poolId: CORE_POOL, symbol: "wstETH", amount: "20" },
      { poolId: CORE_POOL, symbol: "USDC", amount: "100000" },
      { poolId: CORE_POOL, symbol: "DAI", amount: "60000" },
    ],
  },
  "isolated-lender": {
    supplies: [
      { poolId: WBTC_USDC_POOL, symbol: "USDC", amount: "100000" },
      { poolId: WSTETH_WETH_POOL, symbol: "WETH", amount: "60" },
    ],
  },
  "safe-borrower": {
    loans: [{ poolId: CORE_POOL, collateral: "WETH", amount: "10", debt: "USDC", health: "2.5" }],
  },
  "moderate-borrower": {
    loans: [{ poolId: CORE_POOL, collateral: "WBTC", amount: "1", debt: "USDC", health: "1.5" }],
  },
  "risky-borrower": {
    loans: [{ poolId: CORE_POOL, collateral: "WETH", amount: "20", debt: "DAI", health: "1.15" }],
  },
  "edge-borrower": {
    loans: [{ poolId: CORE_POOL, collateral: "WETH", amount: "10", debt: "USDC", health: "1.05" }],
  },
  "emode-looper": {
    loans: [{ poolId: CORE_POOL, collateral: "wstETH", amount: "100", debt: "WETH", health: "1.08", eMode: true }],
  },
  "isolated-borrower": {
    loans: [
      { poolId: WBTC_USDC_POOL, collateral: "WBTC", amount: "2", debt: "USDC", health: "1.6" },
      { poolId: WSTETH_WETH_POOL, collateral: "wstETH", amount: "50", debt: "WETH", health: "1.2" },
    ],
  },
};

const WAD = 10n ** 18n;
const BPS = 10_000n;

/**
 * Debt units that put a single-collateral loan at health `healthWad`, at Keel's price scale
 * (value in USD WAD = units × price / 1e18). Rounds the debt down, so health lands at or just above target.
 */
export function debtForHealth(input: {
  collateralUnits: bigint;
  collateralPrice: bigint;
  thresholdBps: bigint;
  debtPrice: bigint;
  healthWad: bigint;
}): bigint {
  const liquidationValue = (input.collateralUnits * input.collateralPrice * input.thresholdBps) / (WAD * BPS);
  return (liquidationValue * WAD * WAD) / (input.healthWad * input.debtPrice);
}
