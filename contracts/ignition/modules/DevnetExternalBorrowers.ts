import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { AAVE_RESERVES } from "../../external/aave.ts";
import { MORPHO_LLTV } from "../../external/morpho.ts";
import DevnetAaveModule from "./DevnetAave.js";
import DevnetMorphoModule from "./DevnetMorpho.js";
import DevnetTokensModule, { DEVNET_TOKENS, type DevnetSymbol } from "./DevnetTokens.js";

const BPS = 10_000n;

/**
 * The two borrowers the devnet opens on Aave and Morpho, for tools that move positions into Keel
 * (`keel migrate`). `account` is the index of a Hardhat default account: the CLI labels 10
 * `aave-borrower` and 11 `morpho-borrower`. Neither has a Keel position. Each deposits WETH and
 * borrows as much USDC as puts its health (collateral value × liquidation threshold or LLTV ÷ debt
 * value) at `healthBps` at the starting prices.
 */
export const EXTERNAL_BORROWERS = {
  aave: {
    account: 10,
    collateral: "WETH",
    collateralUnits: 10n * 10n ** 18n,
    debt: "USDC",
    thresholdBps: AAVE_RESERVES.WETH.liquidationThresholdBps,
    healthBps: 16_000n,
  },
  morpho: {
    account: 11,
    market: "WethUsdc",
    collateral: "WETH",
    collateralUnits: 10n * 10n ** 18n,
    debt: "USDC",
    thresholdBps: MORPHO_LLTV / 10n ** 14n,
    healthBps: 16_000n,
  },
} as const;

/**
 * Debt units that put a loan at `healthBps` at the feeds' starting answers (USD, 8 decimals); rounded
 * down, so the health lands at or just above the target.
 */
export function debtAtHealth(loan: {
  collateral: DevnetSymbol;
  collateralUnits: bigint;
  debt: DevnetSymbol;
  thresholdBps: bigint;
  healthBps: bigint;
}): bigint {
  const spec = (symbol: DevnetSymbol) => {
    const found = DEVNET_TOKENS.find((token) => token.symbol === symbol);
    if (found === undefined) throw new Error(`unknown devnet token ${symbol}`);
    return found;
  };
  const collateral = spec(loan.collateral);
  const debt = spec(loan.debt);
  // USD (8 decimals) the collateral counts for at the threshold, then that value ÷ health in debt units.
  const liquidationValue =
    (loan.collateralUnits * collateral.startAnswer * loan.thresholdBps) / (10n ** BigInt(collateral.decimals) * BPS);
  return (liquidationValue * BPS * 10n ** BigInt(debt.decimals)) / (loan.healthBps * debt.startAnswer);
}

/**
 * Opens EXTERNAL_BORROWERS' positions once both markets hold the deployer's liquidity: the deployer
 * mints each borrower's WETH, and the borrower approves, deposits and borrows from its own account.
 */
export default buildModule("KeelDevnetExternalBorrowers", (m) => {
  const { weth, usdc } = m.useModule(DevnetTokensModule);
  const { aavePool } = m.useModule(DevnetAaveModule);
  const { morpho, morphoIrm, morphoWethUsdcOracle } = m.useModule(DevnetMorphoModule);

  const onAave = EXTERNAL_BORROWERS.aave;
  const aaveBorrower = m.getAccount(onAave.account);
  const mintAave = m.call(weth, "mint", [aaveBorrower, onAave.collateralUnits], { id: "mintWethForAaveBorrower" });
  const approveAave = m.call(weth, "approve", [aavePool, onAave.collateralUnits], {
    id: "approveWethForAaveBorrower",
    from: aaveBorrower,
    after: [mintAave],
  });
  // A first deposit of a reserve with a non-zero LTV becomes collateral by itself (Aave v3).
  const supplyAave = m.call(aavePool, "supply", [weth, onAave.collateralUnits, aaveBorrower, 0], {
    id: "aaveBorrowerSupplyWeth",
    from: aaveBorrower,
    after: [approveAave, DevnetAaveModule],
  });
  const variableRate = 2n;
  m.call(aavePool, "borrow", [usdc, debtAtHealth(onAave), variableRate, 0, aaveBorrower], {
    id: "aaveBorrowerBorrowUsdc",
    from: aaveBorrower,
    after: [supplyAave],
  });

  const onMorpho = EXTERNAL_BORROWERS.morpho;
  const morphoBorrower = m.getAccount(onMorpho.account);
  const market = {
    loanToken: usdc,
    collateralToken: weth,
    oracle: morphoWethUsdcOracle,
    irm: morphoIrm,
    lltv: MORPHO_LLTV,
  };
  const mintMorpho = m.call(weth, "mint", [morphoBorrower, onMorpho.collateralUnits], {
    id: "mintWethForMorphoBorrower",
  });
  const approveMorpho = m.call(weth, "approve", [morpho, onMorpho.collateralUnits], {
    id: "approveWethForMorphoBorrower",
    from: morphoBorrower,
    after: [mintMorpho],
  });
  const supplyMorpho = m.call(morpho, "supplyCollateral", [market, onMorpho.collateralUnits, morphoBorrower, "0x"], {
    id: "morphoBorrowerSupplyWeth",
    from: morphoBorrower,
    after: [approveMorpho, DevnetMorphoModule],
  });
  m.call(morpho, "borrow", [market, debtAtHealth(onMorpho), 0n, morphoBorrower, morphoBorrower], {
    id: "morphoBorrowerBorrowUsdc",
    from: morphoBorrower,
    after: [supplyMorpho],
  });

  return {};
});
