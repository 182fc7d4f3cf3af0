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
import type { CollateralTypeInfo } from "../getCollateralType.ts";
import type { VaultInfo } from "../getVault.ts";

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
