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

/** USDC every account sells to the peg module for kUSD (whole USDC), besides what its positions need. */
export const KUSD_PURCHASE_USDC = "10000";

/** kUSD supplied to the core pool, so kUSD can be borrowed there. */
export const KUSD_SUPPLIES: Partial<Record<AccountLabel, string>> = { lender: "200000" };

/**
 * A kUSD vault: `amount` whole tokens of the collateral type `type` (a name of the manifest's
 * `cdp.collateralTypes`) locked, and as much kUSD minted as brings its collateral ratio to `ratio`
 * at the oracle price.
 */
export type VaultPlan = { type: string; amount: string; ratio: string };

/**
 * The seeded vaults, opened in account order (so their ids are 1 to 4). ETH's minimum ratio is 150%,
 * wstETH's 160%: an ETH fall of 5% makes the edge vault unsafe, one of about 6.5% the risky one.
 */
export const VAULTS: Partial<Record<AccountLabel, VaultPlan[]>> = {
  "safe-borrower": [{ type: "ETH", amount: "20", ratio: "3" }],
  "moderate-borrower": [{ type: "wstETH", amount: "25", ratio: "2" }],
  "risky-borrower": [{ type: "ETH", amount: "10", ratio: "1.6" }],
  "edge-borrower": [{ type: "ETH", amount: "5", ratio: "1.55" }],
};

/**
 * kUSD (wei) that puts `collateralUnits` at collateral ratio `ratioWad`, at Keel's price scale
 * (value in USD WAD = units × price / 1e18). Rounds down, so the ratio lands at or just above target.
 */
export function debtForRatio(input: { collateralUnits: bigint; collateralPrice: bigint; ratioWad: bigint }): bigint {
  return (input.collateralUnits * input.collateralPrice) / input.ratioWad;
}
