import {
  type AccountSnapshot,
  accountCategory,
  accountHealth,
  accountMasks,
  collateralParams,
  collateralPrice,
  debtPrice,
  expectedReserveState,
  healthFactor,
  liquidationPrice,
  maskIndexes,
  type PoolSnapshot,
  SharesMathLib,
  type VaultInfo,
} from "@keel/sdk";
import { amountUp, percent, ratio, roundUpShown, safeSymbol, usd, WAD } from "../format.ts";

const BPS = 10_000n;

/** The reserve holding most of the account's collateral (or debt) by value; undefined without any. */
function largest(pool: PoolSnapshot, account: AccountSnapshot, side: "collateral" | "debt"): number | undefined {
  const masks = accountMasks(account);
  let best: number | undefined;
  let bestValue = -1n;
  for (const i of maskIndexes(side === "collateral" ? masks.collateralMask : masks.debtMask)) {
    const value = side === "collateral" ? collateralValueOf(pool, account, i) : debtValueOf(pool, account, i);
    if (value > bestValue) [best, bestValue] = [i, value];
  }
  return best;
}

function debtUnits(pool: PoolSnapshot, account: AccountSnapshot, i: number): bigint {
  const totals = expectedReserveState(pool.reserves[i], pool.timestamp);
  return SharesMathLib.toAssetsUp(account.positions[i].debtShares, totals.totalBorrowAssets, totals.totalBorrowShares);
}

function debtValueOf(pool: PoolSnapshot, account: AccountSnapshot, i: number): bigint {
  return (debtUnits(pool, account, i) * debtPrice(pool.reserves[i], false)) / WAD;
}

function collateralValueOf(pool: PoolSnapshot, account: AccountSnapshot, i: number): bigint {
  return (account.positions[i].collateral * collateralPrice(pool.reserves[i]).price) / WAD;
}

/** USD per whole token (WAD) from an oracle price (USD WAD per token unit × 1e18). */
export function perToken(price: bigint, decimals: number): bigint {
  return (price * 10n ** BigInt(decimals)) / WAD;
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/** How far ahead a fix's amounts count interest. */
const FIX_HORIZON_SECONDS = 600n;

/**
 * What returns a money-market account to `target` health, by the pool's own valuation (the SDK's):
 * repaying its largest debt, or adding to its largest collateral, each rounded up, then up again to the
 * shown decimals (`data` carries the shown amounts), so that doing exactly what it says reaches the
 * target, with the interest of the next minutes to spare; and how far its largest collateral's
 * price may fall, others unchanged, before the account can be liquidated.
 */
export function healthFix(pool: PoolSnapshot, account: AccountSnapshot, target: bigint) {
  const now = healthFactor(accountHealth(pool, account));
  // The amounts are sized for the debt as it will be a few minutes on, so that interest accruing while
  // the borrower acts does not leave them short.
  const ahead = { ...pool, timestamp: pool.timestamp + FIX_HORIZON_SECONDS };
  const h = accountHealth(ahead, account);
  const fix: string[] = [];
  const data: Record<string, string> = {};
  const debt = largest(pool, account, "debt");
  const collateral = largest(pool, account, "collateral");
  const options: string[] = [];
  if (now < target && debt !== undefined) {
    const reserve = pool.reserves[debt];
    const symbol = safeSymbol(reserve.symbol, `reserve ${debt}`);
    // Debt value the target allows: liquidationValue / target, rounded down; the rest is repaid.
    const allowed = (h.liquidationValue * WAD) / target;
    const value = h.debtValue - allowed;
    const price = debtPrice(reserve, false);
    const units = price === 0n ? 0n : ceilDiv(value * WAD, price) + 1n;
    const owed = debtUnits(ahead, account, debt);
    if (units > 0n && units < owed) {
      options.push(`repay ${amountUp(units, reserve.config.decimals, symbol)}`);
      data.repay = roundUpShown(units, reserve.config.decimals).toString();
      data.repaySymbol = symbol;
    }
  }
  if (now < target && collateral !== undefined) {
    const reserve = pool.reserves[collateral];
    const symbol = safeSymbol(reserve.symbol, `reserve ${collateral}`);
    const category = accountCategory(pool, accountMasks(account).debtMask);
    const { thresholdBps } = collateralParams(pool, reserve.config, category);
    // Liquidation value the target needs: debtValue × target, rounded up; the missing part / threshold.
    const needed = ceilDiv(h.debtValue * target, WAD) - h.liquidationValue;
    const price = collateralPrice(reserve).price;
    // A collateral that counts for nothing (threshold or price 0) cannot be the fix.
    const value = thresholdBps === 0n ? 0n : ceilDiv(needed * BPS, thresholdBps);
    const units = value === 0n || price === 0n ? 0n : ceilDiv(value * WAD, price) + 1n;
    if (units > 0n) {
      options.push(`add ${amountUp(units, reserve.config.decimals, symbol)} as collateral`);
      data.add = roundUpShown(units, reserve.config.decimals).toString();
      data.addSymbol = symbol;
    }
  }
  if (options.length > 0) fix.push(`${capitalize(options.join(" or "))} to return to health ${ratio(target)}.`);
  if (collateral !== undefined && now >= WAD) {
    const reserve = pool.reserves[collateral];
    const symbol = safeSymbol(reserve.symbol, `reserve ${collateral}`);
    const at = liquidationPrice(pool, account, collateral);
    const price = collateralPrice(reserve).price;
    if (at > 0n && at < price) {
      const fall = ((price - at) * WAD) / price;
      const shown = perToken(at, reserve.config.decimals);
      fix.push(`If ${symbol} falls another ${percent(fall)} (to ${usd(shown)}), the account can be liquidated.`);
      data.liquidationPrice = shown.toString();
      data.liquidationFall = fall.toString();
    }
  } else if (now < WAD) {
    fix.push("The account can be liquidated now: anyone may repay part of its debt and take collateral at a bonus.");
  }
  return { healthFactor: now, health: h, fix, data };
}

/**
 * What returns a vault to `target` collateral ratio at its type's price: repaying kUSD or adding
 * collateral, rounded up, for the debt as the stability fee will have grown it in ten minutes; and how far the collateral's price may fall before the vault can be sent to
 * auction.
 */
export function vaultFix(vault: VaultInfo, target: bigint) {
  const fix: string[] = [];
  const data: Record<string, string> = {};
  const price = vault.type.price;
  const symbol = safeSymbol(vault.type.symbol, `type ${vault.type.id}`);
  if (price === undefined || price === 0n || vault.debt === 0n || vault.collateralValue === undefined)
    return { fix, data };
  const current = vault.ratio ?? 0n;
  const options: string[] = [];
  // The debt as it will be a few minutes on (the stability fee, per second, linearly; rounded up).
  const RAY = 10n ** 27n;
  const debt = vault.debt + ceilDiv(vault.debt * (vault.type.stabilityFee - RAY) * FIX_HORIZON_SECONDS, RAY);
  if (current < target) {
    // Debt the target allows: value / target, rounded down.
    const repay = debt - (vault.collateralValue * WAD) / target + 1n;
    if (repay < vault.debt) {
      options.push(`repay ${amountUp(repay, 18, "kUSD")}`);
      data.repay = roundUpShown(repay, 18).toString();
    }
    const value = ceilDiv(debt * target, WAD) - vault.collateralValue;
    const units = ceilDiv(value * WAD, price) + 1n;
    options.push(`add ${amountUp(units, vault.type.decimals, symbol)}`);
    data.add = roundUpShown(units, vault.type.decimals).toString();
    fix.push(`${capitalize(options.join(" or "))} to return to a ratio of ${percent(target)}.`);
  }
  const at = vault.liquidationPrice;
  if (at > 0n && at < price) {
    const fall = ((price - at) * WAD) / price;
    const shown = perToken(at, vault.type.decimals);
    fix.push(`If ${symbol} falls another ${percent(fall)} (to ${usd(shown)}), the vault can be sent to auction.`);
    data.liquidationPrice = shown.toString();
    data.liquidationFall = fall.toString();
  } else if (at >= price) {
    fix.push("The vault is below its minimum ratio: anyone may send it to auction now.");
  }
  return { fix, data };
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
