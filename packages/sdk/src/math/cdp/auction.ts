import type { CdpAuction, CdpCollateralType, CdpVault } from "../../types.ts";
import { BPS, PRICE_SCALE } from "../constants.ts";
import { MathLib } from "../MathLib.ts";
import { checkedAdd, checkedMul, checkedSub, toUint128 } from "../uint.ts";
import { AuctionLib } from "./AuctionLib.ts";
import { RAY, TYPE_SHUTDOWN } from "./constants.ts";
import { CdpRevertError } from "./errors.ts";
import { collateralRatio, collateralValue, currentRate, debtOf, minRatio } from "./vault.ts";

// The kUSD engine's liquidation arithmetic (CdpAuctions, CdpState.auctionPrice), offline.

/** An auction's price now and whether it must be reset before anyone can take. */
export type AuctionPrice = { price: bigint; stale: boolean };

/** CdpState.auctionPrice at `timestamp`: (0, false) when no auction runs. */
export function auctionPrice(auction: CdpAuction, type: CdpCollateralType, timestamp: bigint): AuctionPrice {
  if (auction.tab === 0n) return { price: 0n, stale: false };
  const elapsed = checkedSub(timestamp, BigInt(auction.startedAt));
  const price = AuctionLib.price(auction.topPrice, elapsed, BigInt(type.auctionHalfLife));
  const stale = AuctionLib.isStale(
    auction.topPrice,
    price,
    BigInt(type.auctionFloorBps),
    elapsed,
    BigInt(type.auctionMaxDuration),
  );
  return { price, stale };
}

/** What one take buys and pays. */
export type TakeSize = { slice: bigint; paid: bigint };

/**
 * CdpAuctions._sizeTake: a take of at most `wanted` collateral at `price`. The payment rounds up; when
 * it would meet the tab it is the tab, and the collateral is what the tab buys, rounded down. A partial
 * take may not strand a tab below the floor: it is trimmed to leave exactly the floor.
 */
export function sizeTake(tab: bigint, lot: bigint, wanted: bigint, price: bigint, floor: bigint): TakeSize {
  if (wanted === 0n) throw new CdpRevertError("ZeroAmount");
  let slice = wanted;
  let paid = MathLib.mulDivUp(slice, price, PRICE_SCALE);
  if (paid >= tab) {
    paid = tab;
    slice = MathLib.min(MathLib.mulDivDown(tab, PRICE_SCALE, price), wanted);
  } else if (slice < lot && tab - paid < floor) {
    if (tab <= floor) throw new CdpRevertError("TakeLeavesDust", [tab - paid, floor]);
    slice = MathLib.mulDivDown(tab - floor, PRICE_SCALE, price);
    if (slice === 0n) throw new CdpRevertError("TakeLeavesDust", [tab - paid, floor]);
    paid = MathLib.mulDivUp(slice, price, PRICE_SCALE);
  }
  return { slice, paid };
}

/** The result of a take, as the engine's Take and EndAuction events report it. */
export type TakeOutcome = TakeSize & {
  price: bigint;
  /** Principal recovered by this take (the rest of `paid` is penalty, to the surplus). */
  recovered: bigint;
  /** The auction after the take; undefined once it ended. */
  auction: CdpAuction | undefined;
  /** Collateral returned to the vault when the tab was met. */
  collateralReturned: bigint;
  /** Debt left unrecovered when the collateral ran out (a loss). */
  badDebt: bigint;
};

/**
 * CdpEngine.take at `timestamp`: checks AuctionNotActive, AuctionStale and PriceAboveMax, sizes the take,
 * and splits the payment into principal and penalty; ends the auction when the tab is met (the
 * collateral left goes back to the vault) or when the collateral runs out (the principal left is a loss).
 */
export function previewTake(
  auction: CdpAuction,
  type: CdpCollateralType,
  {
    vaultId,
    maxCollateral,
    maxPrice,
    timestamp,
  }: { vaultId: bigint; maxCollateral: bigint; maxPrice: bigint; timestamp: bigint },
): TakeOutcome {
  if (auction.tab === 0n) throw new CdpRevertError("AuctionNotActive", [vaultId]);
  const { price, stale } = auctionPrice(auction, type, timestamp);
  if (stale) throw new CdpRevertError("AuctionStale", [vaultId]);
  if (price > maxPrice) throw new CdpRevertError("PriceAboveMax", [price, maxPrice]);
  const lot = auction.collateral;
  const { slice, paid } = sizeTake(auction.tab, lot, MathLib.min(maxCollateral, lot), price, type.debtFloor);
  const recovered = MathLib.min(paid, auction.debt);
  const tab = auction.tab - paid;
  const left = lot - slice;
  if (tab === 0n) return { slice, paid, price, recovered, auction: undefined, collateralReturned: left, badDebt: 0n };
  if (left === 0n) {
    const badDebt = auction.debt - recovered;
    return { slice, paid, price, recovered, auction: undefined, collateralReturned: 0n, badDebt };
  }
  return {
    slice,
    paid,
    price,
    recovered,
    auction: { ...auction, collateral: left, tab, debt: auction.debt - recovered },
    collateralReturned: 0n,
    badDebt: 0n,
  };
}

/**
 * CdpAuctions._seizableNormalized: how much normalized debt an auction may take: all of it, or the part
 * whose tab fits the room under the type's auction limit (rounded down). A part that would leave less
 * than the debt floor takes the whole vault. Throws AuctionLimitReached when there is no usable room.
 */
export function seizableNormalized(type: CdpCollateralType, normalized: bigint, rate: bigint): bigint {
  const { inAuction, auctionLimit, liquidationPenaltyBps, debtFloor } = type;
  const room = MathLib.zeroFloorSub(auctionLimit, inAuction);
  if (room === 0n) throw new CdpRevertError("AuctionLimitReached", [inAuction, auctionLimit]);
  const penalty = BigInt(liquidationPenaltyBps);
  const debt = MathLib.mulDivUp(normalized, rate, RAY);
  if (checkedAdd(debt, MathLib.mulDivUp(debt, penalty, BPS)) <= room) return normalized;
  const part = MathLib.mulDivDown(MathLib.mulDivDown(room, BPS, BPS + penalty), RAY, rate);
  if (MathLib.mulDivUp(checkedSub(normalized, part), rate, RAY) < debtFloor) return normalized;
  if (part === 0n || MathLib.mulDivDown(part, rate, RAY) < debtFloor)
    throw new CdpRevertError("AuctionLimitReached", [inAuction, auctionLimit]);
  return part;
}

/**
 * The keeper's pay for starting an auction of `debt` and `tab`: the tip plus the keeper fee on the tab,
 * rounded down (it is paid out), and never more than the penalty that auction's own tab carries
 * (`tab − debt`), whatever the parameters were when the vault was opened.
 */
export function keeperReward(
  type: Pick<CdpCollateralType, "keeperTip" | "keeperFeeBps">,
  tab: bigint,
  debt: bigint,
): bigint {
  return MathLib.min(
    checkedAdd(type.keeperTip, MathLib.mulDivDown(tab, BigInt(type.keeperFeeBps), BPS)),
    checkedSub(tab, debt),
  );
}

/**
 * The tip for resetting an auction: the keeper tip if the lot is worth at least the debt floor at the
 * reference price (valued rounding down), and only as far as the rewards of this auction together stay
 * within its penalty (`tab − debt`, as the auction's debt grows with every reward advanced).
 */
export function resetReward(auction: CdpAuction, type: CdpCollateralType, price: bigint): bigint {
  if (collateralValue(auction.collateral, price) < type.debtFloor) return 0n;
  return MathLib.min(type.keeperTip, checkedSub(auction.tab, auction.debt));
}

/** What startAuction does, as its StartAuction event reports it. */
export type StartAuctionOutcome = {
  /** Normalized debt moved out of the vault. */
  normalized: bigint;
  /** Collateral moved into the auction (rounded up for a partial auction). */
  collateral: bigint;
  /** Principal, kUSD wei, rounded up. */
  debt: bigint;
  /** Debt plus penalty (rounded up). */
  tab: bigint;
  /** Oracle price × start buffer, rounded up; 0 when the vault had no collateral (no auction opens). */
  topPrice: bigint;
  /** Advanced against the auction: its `debt` is the principal plus this reward, recovered first. */
  keeperReward: bigint;
  /** The vault after. */
  vault: CdpVault;
  /** The auction opened; undefined when the vault had no collateral and its debt was a loss at once. */
  auction: CdpAuction | undefined;
  /** The rate the type accrued to. */
  rate: bigint;
};

/**
 * CdpEngine.startAuction at `timestamp` with the oracle at `price`: checks AuctionActive, NoDebt and
 * VaultIsSafe, then sizes the auction under the type's limit (`seizableNormalized`).
 */
export function previewStartAuction(
  vault: CdpVault,
  type: CdpCollateralType,
  { vaultId, auction, price, timestamp }: { vaultId: bigint; auction?: CdpAuction; price: bigint; timestamp: bigint },
): StartAuctionOutcome {
  if (auction !== undefined && auction.tab !== 0n) throw new CdpRevertError("AuctionActive", [vaultId]);
  const rate = currentRate(type, timestamp);
  const { normalizedDebt, collateral } = vault;
  if (normalizedDebt === 0n) throw new CdpRevertError("NoDebt", [vaultId]);
  const vaultDebt = debtOf(normalizedDebt, rate);
  const value = collateralValue(collateral, price);
  if (!(checkedMul(value, BPS) < checkedMul(vaultDebt, BigInt(type.minRatioBps))))
    throw new CdpRevertError("VaultIsSafe", [collateralRatio(collateral, vaultDebt, price), minRatio(type)]);
  const normalized = seizableNormalized(type, normalizedDebt, rate);
  const seized = normalized === normalizedDebt ? collateral : MathLib.mulDivUp(collateral, normalized, normalizedDebt);
  const debt = MathLib.mulDivUp(normalized, rate, RAY);
  const tab = debt + MathLib.mulDivUp(debt, BigInt(type.liquidationPenaltyBps), BPS);
  const vaultAfter = { ...vault, normalizedDebt: normalizedDebt - normalized, collateral: collateral - seized };
  const topPrice = seized === 0n ? 0n : toUint128(MathLib.mulDivUp(price, BigInt(type.auctionStartBufferBps), BPS));
  // Debt with no collateral behind it is a loss at once and opens no auction: no reward.
  const reward = seized === 0n ? 0n : keeperReward(type, tab, debt);
  const opened =
    seized === 0n
      ? undefined
      : { collateral: seized, tab: toUint128(tab), debt: debt + reward, topPrice, startedAt: Number(timestamp) };
  return {
    normalized,
    collateral: seized,
    debt,
    tab,
    topPrice,
    keeperReward: reward,
    vault: vaultAfter,
    auction: opened,
    rate,
  };
}

/**
 * CdpEngine.resetAuction at `timestamp` with the reference price (the oracle's; after a shutdown, the
 * shutdown price when the oracle fails): requires a running, stale auction; restarts the curve from
 * price × buffer (rounded up). The keeper is paid `resetReward` (nothing for a dust lot, never beyond
 * the auction's penalty), advanced against the auction: its debt grows by the reward.
 */
export function previewResetAuction(
  auction: CdpAuction,
  type: CdpCollateralType,
  { vaultId, price, timestamp }: { vaultId: bigint; price: bigint; timestamp: bigint },
): { auction: CdpAuction; keeperReward: bigint } {
  if (auction.tab === 0n) throw new CdpRevertError("AuctionNotActive", [vaultId]);
  if (!auctionPrice(auction, type, timestamp).stale) throw new CdpRevertError("AuctionNotStale", [vaultId]);
  const topPrice = toUint128(MathLib.mulDivUp(price, BigInt(type.auctionStartBufferBps), BPS));
  const reward = resetReward(auction, type, price);
  return {
    auction: { ...auction, debt: auction.debt + reward, topPrice, startedAt: Number(timestamp) },
    keeperReward: reward,
  };
}

/**
 * CdpAuctions._settlePrice: the price a vault of a shut-down type settles at, the lower of the shutdown
 * price and the oracle's (`undefined` when the oracle fails: then the shutdown price).
 */
export function settlePrice(type: Pick<CdpCollateralType, "shutdownPrice">, oraclePrice: bigint | undefined): bigint {
  return oraclePrice === undefined ? type.shutdownPrice : MathLib.min(type.shutdownPrice, oraclePrice);
}

/** What settle does, as its Settle event reports it. */
export type SettleOutcome = {
  /** The settle price: the lower of the shutdown price and the oracle's. */
  price: bigint;
  /** The vault's debt, kUSD wei, rounded up. */
  debt: bigint;
  /** What the auction must raise: the debt, plus the penalty if the vault was below its minimum ratio. */
  tab: bigint;
  /** Collateral sent to the auction: worth debt plus penalty at the price (rounded up), or all of it. */
  collateral: bigint;
  /** The vault after. */
  vault: CdpVault;
  /** The auction opened; undefined when the vault had no collateral and its debt was a loss at once. */
  auction: CdpAuction | undefined;
};

/**
 * CdpEngine.settle at `timestamp`, with the oracle at `oraclePrice` (undefined if it fails): anyone may
 * settle a vault of a shut-down type. Checks TypeNotShutdown, AuctionActive and NoDebt. A vault at or
 * above its minimum ratio at the settle price sends collateral worth its debt plus the penalty for a tab
 * of the debt alone; a vault below it sends all its collateral for debt plus penalty. No reward.
 */
export function previewSettle(
  vault: CdpVault,
  type: CdpCollateralType,
  {
    vaultId,
    auction,
    oraclePrice,
    timestamp,
  }: { vaultId: bigint; auction?: CdpAuction; oraclePrice: bigint | undefined; timestamp: bigint },
): SettleOutcome {
  if ((type.flags & TYPE_SHUTDOWN) === 0) throw new CdpRevertError("TypeNotShutdown", [BigInt(vault.typeId)]);
  if (auction !== undefined && auction.tab !== 0n) throw new CdpRevertError("AuctionActive", [vaultId]);
  if (vault.normalizedDebt === 0n) throw new CdpRevertError("NoDebt", [vaultId]);
  const rate = currentRate(type, timestamp);
  const price = settlePrice(type, oraclePrice);
  const debt = debtOf(vault.normalizedDebt, rate);
  const penalty = MathLib.mulDivUp(debt, BigInt(type.liquidationPenaltyBps), BPS);
  let collateral = vault.collateral;
  let tab = debt + penalty;
  if (checkedMul(collateralValue(vault.collateral, price), BPS) >= checkedMul(debt, BigInt(type.minRatioBps))) {
    collateral = MathLib.min(vault.collateral, MathLib.mulDivUp(debt + penalty, PRICE_SCALE, price));
    tab = debt;
  }
  const vaultAfter = { ...vault, normalizedDebt: 0n, collateral: vault.collateral - collateral };
  const topPrice = toUint128(MathLib.mulDivUp(price, BigInt(type.auctionStartBufferBps), BPS));
  const opened =
    collateral === 0n ? undefined : { collateral, tab: toUint128(tab), debt, topPrice, startedAt: Number(timestamp) };
  return { price, debt, tab, collateral, vault: vaultAfter, auction: opened };
}
