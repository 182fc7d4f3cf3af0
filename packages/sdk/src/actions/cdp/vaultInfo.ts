import {
  accrueType,
  collateralRatio,
  collateralValue,
  debtOf,
  isSafe,
  vaultLiquidationPrice,
  vaultMaxMint,
  vaultMaxWithdraw,
} from "../../math/cdp/vault.ts";
import type { CdpAuction, CdpVault } from "../../types.ts";
import type { CollateralTypeInfo } from "./getCollateralType.ts";

/**
 * A vault with its debt and limits at one block. Values that need the oracle's price are undefined
 * while the oracle refuses to price (the engine then refuses minting and withdrawing too).
 */
export type VaultInfo = CdpVault & {
  id: bigint;
  /** Its collateral type, read at the same block. */
  type: CollateralTypeInfo;
  /** kUSD wei, accrued to the block, rounded up (the engine's `debtOf`). */
  debt: bigint;
  /** kUSD wei at the oracle price, rounded down. */
  collateralValue: bigint | undefined;
  /** WAD (1.5e18 = 150%), rounded down; type(uint256).max without debt. */
  ratio: bigint | undefined;
  /** Safe at or above the minimum ratio; below it anyone may start an auction. */
  isSafe: boolean | undefined;
  /** The collateral price (PRICE_SCALE) below which the vault can be auctioned, rounded up; 0 without debt. */
  liquidationPrice: bigint;
  /** The most kUSD it can mint now (ratio, type and global ceilings, floor), rounded down. */
  maxMint: bigint | undefined;
  /** The most collateral it can withdraw now while staying safe, rounded down. */
  maxWithdraw: bigint | undefined;
  /** Its running auction, if one is. */
  auction: CdpAuction | undefined;
};

/** A VaultInfo from what the engine stores, its type (read at the same block) and the engine's debt totals. */
export function vaultInfo(
  id: bigint,
  vault: CdpVault,
  type: CollateralTypeInfo,
  auction: CdpAuction,
  engine: { timestamp: bigint; totalDebtRad: bigint; globalDebtCeiling: bigint },
): VaultInfo {
  const rate = type.currentRate;
  const debt = debtOf(vault.normalizedDebt, rate);
  const { price } = type;
  // The global ceiling counts this type's fee once it accrues.
  const totalDebtRad = engine.totalDebtRad + accrueType(type, engine.timestamp).feeRad;
  return {
    ...vault,
    id,
    type,
    debt,
    collateralValue: price === undefined ? undefined : collateralValue(vault.collateral, price),
    ratio: price === undefined ? undefined : collateralRatio(vault.collateral, debt, price),
    isSafe: price === undefined ? undefined : isSafe(vault.collateral, debt, price, type.minRatioBps),
    liquidationPrice: vaultLiquidationPrice(vault.collateral, debt, type.minRatioBps),
    maxMint:
      price === undefined
        ? undefined
        : vaultMaxMint(vault, type, rate, price, { totalDebtRad, globalDebtCeiling: engine.globalDebtCeiling }),
    maxWithdraw: price === undefined ? undefined : vaultMaxWithdraw(vault.collateral, debt, price, type.minRatioBps),
    auction: auction.tab === 0n ? undefined : auction,
  };
}
