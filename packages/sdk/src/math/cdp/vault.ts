import type { CdpCollateralType, CdpVault } from "../../types.ts";
import { BPS, MAX_UINT256, PRICE_SCALE, WAD } from "../constants.ts";
import { MathLib } from "../MathLib.ts";
import { checkedAdd, checkedMul, checkedSub, toUint128 } from "../uint.ts";
import { RAY, TYPE_MINT_PAUSED, TYPE_SHUTDOWN } from "./constants.ts";
import { CdpRevertError } from "./errors.ts";
import { RateLib } from "./RateLib.ts";

// The kUSD engine's vault arithmetic (CdpState, CdpEngine), offline. kUSD amounts are wei, collateral
// is in the token's units, prices at PRICE_SCALE, the rate accumulator in RAY, ratios in WAD.

/**
 * CdpState.currentRate: the type's rate accumulator as it would be after accruing at `timestamp`
 * (rounded down, saturating at type(uint128).max).
 */
export function currentRate(type: CdpCollateralType, timestamp: bigint): bigint {
  return RateLib.accrue(type.rate, RAY + type.feeExcess, checkedSub(timestamp, BigInt(type.lastAccrual)));
}

/** What `_accrue` does to a type at `timestamp`: the new rate and the fee it books (RAD = kUSD wei × RAY). */
export type TypeAccrual = { type: CdpCollateralType; rate: bigint; feeRad: bigint };

/** CdpState._accrue: brings the type's accumulator to `timestamp`. */
export function accrueType(type: CdpCollateralType, timestamp: bigint): TypeAccrual {
  const elapsed = checkedSub(timestamp, BigInt(type.lastAccrual));
  if (elapsed === 0n) return { type, rate: type.rate, feeRad: 0n };
  const accrued = { ...type, lastAccrual: Number(timestamp) };
  if (type.feeExcess === 0n) return { type: accrued, rate: type.rate, feeRad: 0n };
  const rate = RateLib.accrue(type.rate, RAY + type.feeExcess, elapsed);
  return { type: { ...accrued, rate }, rate, feeRad: checkedMul(type.totalNormalizedDebt, rate - type.rate) };
}

/** Debt in kUSD wei for a normalized debt at `rate`: normalized × rate / RAY, rounded up (`debtOf`). */
export function debtOf(normalizedDebt: bigint, rate: bigint): bigint {
  if (normalizedDebt === 0n) return 0n;
  return MathLib.mulDivUp(normalizedDebt, rate, RAY);
}

/** Normalized debt a mint of `amount` adds: amount × RAY / rate, rounded up, so the vault owes at least `amount`. */
export function mintNormalized(amount: bigint, rate: bigint): bigint {
  return MathLib.mulDivUp(amount, RAY, rate);
}

/**
 * Normalized debt a repayment of `amount` removes: amount × RAY / rate rounded down (the payer never
 * gets more than it paid), or all of it when `amount` is the whole debt.
 */
export function repayNormalized(amount: bigint, vaultNormalizedDebt: bigint, rate: bigint): bigint {
  return amount === debtOf(vaultNormalizedDebt, rate) ? vaultNormalizedDebt : MathLib.mulDivDown(amount, RAY, rate);
}

/** Collateral value in kUSD wei at `price`, rounded down (against the vault). */
export function collateralValue(collateral: bigint, price: bigint): bigint {
  return MathLib.mulDivDown(collateral, price, PRICE_SCALE);
}

/** The minimum collateral ratio in WAD (e.g. 1.5e18 for 150%). */
export function minRatio(type: Pick<CdpCollateralType, "minRatioBps">): bigint {
  return BigInt(type.minRatioBps) * (WAD / BPS);
}

/**
 * The collateral ratio in WAD: value (rounded down) / debt, rounded down, as the engine reports it in
 * RatioBelowMinimum and VaultIsSafe. type(uint256).max without debt.
 */
export function collateralRatio(collateral: bigint, debt: bigint, price: bigint): bigint {
  if (debt === 0n) return MAX_UINT256;
  return MathLib.wDivDown(collateralValue(collateral, price), debt);
}

/** Whether `collateral` at `price` covers `debt` at the minimum ratio (`_requireRatio`'s test). */
export function isSafe(collateral: bigint, debt: bigint, price: bigint, minRatioBps: number): boolean {
  if (debt === 0n) return true;
  return checkedMul(collateralValue(collateral, price), BPS) >= checkedMul(debt, BigInt(minRatioBps));
}

/** CdpState._requireRatio: throws RatioBelowMinimum(ratio, minRatio) unless the vault is safe. */
export function requireRatio(type: CdpCollateralType, collateral: bigint, debt: bigint, price: bigint): void {
  if (isSafe(collateral, debt, price, type.minRatioBps)) return;
  throw new CdpRevertError("RatioBelowMinimum", [collateralRatio(collateral, debt, price), minRatio(type)]);
}

/** CdpState._requireFloor: a debt must be zero or at least the floor. */
export function requireFloor(type: CdpCollateralType, debt: bigint): void {
  if (debt !== 0n && debt < type.debtFloor) throw new CdpRevertError("DebtBelowFloor", [debt, type.debtFloor]);
}

/**
 * The collateral price (PRICE_SCALE) at and above which the vault is safe; below it, anyone may send
 * it to auction. Rounded up. 0 without debt; type(uint256).max with debt and no collateral.
 */
export function vaultLiquidationPrice(collateral: bigint, debt: bigint, minRatioBps: number): bigint {
  if (debt === 0n) return 0n;
  if (collateral === 0n) return MAX_UINT256;
  // The smallest value with value × BPS ≥ debt × minRatio, then the smallest price whose value
  // (collateral × price / PRICE_SCALE, rounded down) reaches it.
  const value = MathLib.mulDivUp(debt, BigInt(minRatioBps), BPS);
  return MathLib.mulDivUp(value, PRICE_SCALE, collateral);
}

/**
 * The most collateral the owner can withdraw now with the vault staying safe at `price`, rounded down.
 * All of it without debt. `debt` should be accrued to the moment of the withdrawal.
 */
export function vaultMaxWithdraw(collateral: bigint, debt: bigint, price: bigint, minRatioBps: number): bigint {
  if (debt === 0n) return collateral;
  if (price === 0n) return 0n;
  const value = MathLib.mulDivUp(debt, BigInt(minRatioBps), BPS);
  return MathLib.zeroFloorSub(collateral, MathLib.mulDivUp(value, PRICE_SCALE, price));
}

/** What bounds a mint besides the vault's own ratio. Omitted limits are not checked. */
export type MintLimits = {
  /** The engine's `totalDebtRad` once this type is accrued, and `globalDebtCeiling`. */
  totalDebtRad?: bigint;
  globalDebtCeiling?: bigint;
};

/**
 * The most kUSD `vault` can mint now at `rate` and `price`: within its minimum ratio, the type's debt
 * ceiling and (when given) the global ceiling, rounded down so that minting it succeeds. 0 when the
 * type is paused or shut down, or when the result would leave a debt below the floor.
 */
export function vaultMaxMint(
  vault: Pick<CdpVault, "collateral" | "normalizedDebt">,
  type: CdpCollateralType,
  rate: bigint,
  price: bigint,
  limits: MintLimits = {},
): bigint {
  if ((type.flags & (TYPE_MINT_PAUSED | TYPE_SHUTDOWN)) !== 0) return 0n;
  // Ratio: the debt after the mint, rounded up, may be at most value × BPS / minRatio. The normalized
  // debt that keeps it there, less the vault's, buys amount × RAY / rate (rounded up) of it.
  const maxDebt = MathLib.mulDivDown(collateralValue(vault.collateral, price), BPS, BigInt(type.minRatioBps));
  let room = MathLib.zeroFloorSub(MathLib.mulDivDown(maxDebt, RAY, rate), vault.normalizedDebt);
  // Type ceiling: (total normalized + added) × rate ≤ ceiling × RAY.
  const typeRoom = MathLib.zeroFloorSub(MathLib.mulDivDown(type.debtCeiling, RAY, rate), type.totalNormalizedDebt);
  room = MathLib.min(room, typeRoom);
  let amount = MathLib.mulDivDown(room, rate, RAY);
  if (limits.totalDebtRad !== undefined && limits.globalDebtCeiling !== undefined) {
    // Global ceiling: totalDebtRad + normalized × rate ≤ ceiling × RAY, where normalized × rate, rounded
    // up from amount × RAY, exceeds it by less than one rate.
    const free = MathLib.zeroFloorSub(checkedMul(limits.globalDebtCeiling, RAY), limits.totalDebtRad);
    amount = MathLib.min(amount, MathLib.zeroFloorSub(free, rate) / RAY);
  }
  const debtAfter = debtOf(vault.normalizedDebt + mintNormalized(amount, rate), rate);
  return amount !== 0n && debtAfter < type.debtFloor ? 0n : amount;
}

/** A mint as the engine would execute it: the normalized debt added and the vault's debt after. */
export type MintOutcome = { normalized: bigint; vault: CdpVault; type: CdpCollateralType; debt: bigint; rate: bigint };

/**
 * CdpEngine._mint at `timestamp` (after the caller checks): accrues the type, adds amount × RAY / rate
 * (up) of normalized debt and checks floor, type ceiling, global ceiling and ratio in the contract's
 * order. `totalDebtRad` is the engine's before this type accrues; omit both global fields to skip that check.
 */
export function previewMint(
  vault: CdpVault,
  type: CdpCollateralType,
  {
    typeId,
    amount,
    price,
    timestamp,
    totalDebtRad,
    globalDebtCeiling,
  }: {
    typeId: bigint;
    amount: bigint;
    price: bigint;
    timestamp: bigint;
    totalDebtRad?: bigint;
    globalDebtCeiling?: bigint;
  },
): MintOutcome {
  if (amount === 0n) throw new CdpRevertError("ZeroAmount");
  if ((type.flags & TYPE_SHUTDOWN) !== 0) throw new CdpRevertError("TypeIsShutdown", [typeId]);
  if ((type.flags & TYPE_MINT_PAUSED) !== 0) throw new CdpRevertError("MintPaused", [typeId]);
  const accrual = accrueType(type, timestamp);
  const { rate } = accrual;
  const normalized = mintNormalized(amount, rate);
  const vaultNormalized = toUint128(checkedAdd(vault.normalizedDebt, normalized));
  const typeNormalized = toUint128(checkedAdd(accrual.type.totalNormalizedDebt, normalized));
  const debt = debtOf(vaultNormalized, rate);
  requireFloor(type, debt);
  if (checkedMul(typeNormalized, rate) > checkedMul(type.debtCeiling, RAY))
    throw new CdpRevertError("DebtCeilingExceeded", [MathLib.mulDivUp(typeNormalized, rate, RAY), type.debtCeiling]);
  if (totalDebtRad !== undefined && globalDebtCeiling !== undefined) {
    const total = checkedAdd(checkedAdd(totalDebtRad, accrual.feeRad), checkedMul(normalized, rate));
    if (total > checkedMul(globalDebtCeiling, RAY))
      throw new CdpRevertError("GlobalDebtCeilingExceeded", [MathLib.mulDivUp(total, 1n, RAY), globalDebtCeiling]);
  }
  requireRatio(type, vault.collateral, debt, price);
  return {
    normalized,
    vault: { ...vault, normalizedDebt: vaultNormalized },
    type: { ...accrual.type, totalNormalizedDebt: typeNormalized },
    debt,
    rate,
  };
}

/** A repayment as the engine would execute it. */
export type RepayOutcome = { repaid: bigint; normalized: bigint; vault: CdpVault; debt: bigint; rate: bigint };

/**
 * CdpEngine._repay at `timestamp`: `amount` kUSD, or everything when `amount` is type(uint256).max
 * (exactly the debt, rounded up, clearing the vault to zero). Checks ZeroAmount, RepayExceedsDebt and
 * the floor on what is left.
 */
export function previewRepay(
  vault: CdpVault,
  type: CdpCollateralType,
  { amount, timestamp }: { amount: bigint; timestamp: bigint },
): RepayOutcome {
  const rate = currentRate(type, timestamp);
  const debtBefore = debtOf(vault.normalizedDebt, rate);
  const repaid = amount === MAX_UINT256 ? debtBefore : amount;
  if (repaid === 0n) throw new CdpRevertError("ZeroAmount");
  if (repaid > debtBefore) throw new CdpRevertError("RepayExceedsDebt", [debtBefore, repaid]);
  const normalized = repayNormalized(repaid, vault.normalizedDebt, rate);
  const left = vault.normalizedDebt - normalized;
  const debt = debtOf(left, rate);
  requireFloor(type, debt);
  return { repaid, normalized, vault: { ...vault, normalizedDebt: left }, debt, rate };
}

/**
 * CdpEngine.withdraw's checks at `timestamp` (ownership aside): ZeroAmount, InsufficientCollateral, and
 * the ratio of what is left when the vault has debt. Returns the vault after.
 */
export function previewWithdraw(
  vault: CdpVault,
  type: CdpCollateralType,
  { amount, price, timestamp }: { amount: bigint; price: bigint; timestamp: bigint },
): CdpVault {
  if (amount === 0n) throw new CdpRevertError("ZeroAmount");
  if (amount > vault.collateral) throw new CdpRevertError("InsufficientCollateral", [vault.collateral, amount]);
  const collateral = vault.collateral - amount;
  if (vault.normalizedDebt !== 0n)
    requireRatio(type, collateral, debtOf(vault.normalizedDebt, currentRate(type, timestamp)), price);
  return { ...vault, collateral };
}
