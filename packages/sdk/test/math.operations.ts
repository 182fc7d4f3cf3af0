import {
  type AccountSnapshot,
  type Action,
  accountHealth,
  accountHealthFactor,
  expectedReserveState,
  FLAG_FROZEN,
  FLAG_PAUSED,
  MAX_UINT256,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  type PoolSnapshot,
  PRICE_SCALE,
  SharesMathLib,
  WAD,
} from "../src/index.ts";
import { OPERATORS, RESERVES } from "./math.fixture.ts";
import type { Random } from "./math.random.ts";

/** The fixture's reserve with the fewest decimals (EURS, 2). */
const LOW_DECIMALS = 4;

/** One random step of a differential run. */
export type Operation =
  | { kind: "pool"; user: number; action: Action }
  | { kind: "warp"; seconds: bigint }
  | { kind: "price"; feed: number; factorPpm: bigint }
  /** A feed fails: its answer goes stale (lastPrice still answers) or to zero (nothing answers). A price move restores it. */
  | { kind: "feed"; feed: number; mode: "stale" | "zero" }
  /** The reserve accrues at `count` consecutive seconds, one block each (a low-decimal reserve's remainder). */
  | { kind: "accrueEachSecond"; user: number; reserve: number; count: number }
  | { kind: "flag"; reserve: number; flag: "frozen" | "paused" };

/** The model the operations are drawn from: the pool and every user's account, at the time they happen. */
export type Model = { pool: PoolSnapshot; accounts: AccountSnapshot[] };

/** The account's health factor, or MAX_UINT256 where the view reverts (a debt with no price at all: nobody can liquidate it). */
function healthOf(model: Model, account: AccountSnapshot): bigint {
  try {
    return accountHealthFactor(model.pool, account);
  } catch {
    return MAX_UINT256;
  }
}

/**
 * Token units worth `value` (WAD USD) at the reserve's price; while its feed fails, at its last price,
 * else at the fixture's starting price (so that amounts stay within what the users hold).
 */
function unitsWorth(pool: PoolSnapshot, reserve: number, value: bigint): bigint {
  const r = pool.reserves[reserve];
  const start = RESERVES[reserve].answer * 10n ** BigInt(36 - 8 - RESERVES[reserve].decimals);
  return (value * PRICE_SCALE) / (r.price ?? r.lastPrice ?? start);
}

/** A USD value (WAD) spread over orders of magnitude from a hundredth of a cent to five million dollars. */
function randomValue(random: Random): bigint {
  return random.logUniform(10n ** 14n, 5_000_000n * WAD);
}

/** A user whose account holds what `has` looks for in some reserve, or any user now and then. */
function userWith(random: Random, model: Model, has: (account: AccountSnapshot) => boolean): number {
  const holders = model.accounts.map((_, i) => i).filter((i) => has(model.accounts[i]));
  return holders.length > 0 && random.chance(0.9) ? random.pick(holders) : random.int(0, model.accounts.length - 1);
}

/** A reserve where the account holds what `has` looks for, or any reserve now and then (to hit reverts). */
function reserveWith(random: Random, model: Model, has: (i: number) => boolean): number {
  const held = model.pool.reserves.map((r) => r.index).filter(has);
  return held.length > 0 && random.chance(0.9) ? random.pick(held) : random.int(0, model.pool.reserves.length - 1);
}

function supply(random: Random, model: Model): Action {
  const reserve = random.int(0, model.pool.reserves.length - 1);
  const roll = random.unit();
  const assets = unitsWorth(model.pool, reserve, randomValue(random));
  if (roll < 0.7) return { type: "supply", reserve, amount: { assets } };
  if (roll < 0.8) return { type: "supply", reserve, amount: { assets: random.bigint(0n, 1000n) } };
  // By shares: about as many as the assets would mint, so that the supplier can pay for them.
  const s = model.pool.reserves[reserve].state;
  const shares = SharesMathLib.toSharesDown(assets, s.totalSupplyAssets, s.totalSupplyShares);
  return { type: "supply", reserve, amount: { shares: random.scale(shares, 0.5, 1.5) } };
}

function withdraw(random: Random, model: Model, account: AccountSnapshot): Action {
  const reserve = reserveWith(random, model, (i) => account.positions[i].supplyShares > 0n);
  const shares = account.positions[reserve].supplyShares;
  const roll = random.unit();
  if (roll < 0.15) return { type: "withdraw", reserve, amount: "max" };
  if (roll < 0.3) return { type: "withdraw", reserve, amount: { shares } };
  if (roll < 0.65) return { type: "withdraw", reserve, amount: { shares: random.scale(shares, 0, 1.1) } };
  const most = maxWithdraw(model.pool, account, reserve);
  return { type: "withdraw", reserve, amount: { assets: random.scale(most, 0, 1.1) } };
}

function supplyCollateral(random: Random, model: Model, user: number): Action {
  const amount = (reserve: number) =>
    random.chance(0.85) ? unitsWorth(model.pool, reserve, randomValue(random)) : random.bigint(0n, 1000n);
  if (random.chance(0.8)) {
    const reserve = random.int(0, model.pool.reserves.length - 1);
    return { type: "supplyCollateral", reserve, assets: amount(reserve) };
  }
  // Someone else posts it: a top-up of a held reserve, a new reserve (refused), or the account's operator.
  const operator = OPERATORS.find(([owner]) => owner === user)?.[1];
  const others = model.accounts.map((_, i) => i).filter((i) => i !== user);
  const sender = operator !== undefined && random.chance(0.3) ? operator : random.pick(others);
  const held = model.pool.reserves.map((r) => r.index).filter((i) => model.accounts[user].positions[i].collateral > 0n);
  const reserve =
    held.length > 0 && random.chance(0.5) ? random.pick(held) : random.int(0, model.pool.reserves.length - 1);
  return {
    type: "supplyCollateral",
    reserve,
    assets: amount(reserve),
    sender: model.accounts[sender].account,
    senderAuthorized: sender === operator,
  };
}

function withdrawCollateral(random: Random, model: Model, account: AccountSnapshot): Action {
  const reserve = reserveWith(random, model, (i) => account.positions[i].collateral > 0n);
  const roll = random.unit();
  if (roll < 0.2) return { type: "withdrawCollateral", reserve, assets: "max" };
  if (roll < 0.7) {
    const most = maxWithdrawCollateral(model.pool, account, reserve);
    return { type: "withdrawCollateral", reserve, assets: random.scale(most, 0.3, 1.03) };
  }
  return { type: "withdrawCollateral", reserve, assets: random.scale(account.positions[reserve].collateral, 0, 1.05) };
}

function borrow(random: Random, model: Model, account: AccountSnapshot): Action {
  const reserve = reserveWith(random, model, (i) => maxBorrow(model.pool, account, i) > 0n);
  const roll = random.unit();
  if (roll < 0.15) return { type: "borrow", reserve, amount: "max" };
  if (roll < 0.75) {
    // Mostly close to the limit: leveraged accounts are the ones price moves make liquidatable.
    const most = maxBorrow(model.pool, account, reserve);
    return { type: "borrow", reserve, amount: { assets: random.scale(most, random.chance(0.7) ? 0.85 : 0.1, 1.02) } };
  }
  if (roll < 0.9)
    return { type: "borrow", reserve, amount: { assets: unitsWorth(model.pool, reserve, randomValue(random)) } };
  return { type: "borrow", reserve, amount: { shares: random.logUniform(1n, 10n ** 30n) } };
}

function repay(random: Random, model: Model, account: AccountSnapshot): Action {
  const reserve = reserveWith(random, model, (i) => account.positions[i].debtShares > 0n);
  const debtShares = account.positions[reserve].debtShares;
  const roll = random.unit();
  if (roll < 0.3) return { type: "repay", reserve, amount: "all" };
  if (roll < 0.6) return { type: "repay", reserve, amount: { shares: random.scale(debtShares, 0, 1.05) } };
  const s = expectedReserveState(model.pool.reserves[reserve], model.pool.timestamp);
  const debt = SharesMathLib.toAssetsUp(debtShares, s.totalBorrowAssets, s.totalBorrowShares);
  return { type: "repay", reserve, amount: { assets: random.scale(debt, 0, 1.2) } };
}

/** Someone liquidates a user, preferring unhealthy ones and what they hold. */
function liquidate(random: Random, model: Model): { user: number; action: Action } {
  const unhealthy = model.accounts
    .map((account, user) => ({ account, user }))
    .filter(({ account }) => healthOf(model, account) < WAD);
  const { account, user } =
    unhealthy.length > 0 && random.chance(0.85)
      ? random.pick(unhealthy)
      : { user: random.int(0, model.accounts.length - 1), account: undefined };
  const target = account ?? model.accounts[user];
  const held = model.pool.reserves.map((r) => r.index).filter((i) => target.positions[i].collateral > 0n);
  // Now and then the smallest lot, which may buy less than one unit of debt (dust is seized for nothing).
  const smallest = held.reduce<number | undefined>(
    (a, b) => (a === undefined || collateralWorth(model, target, b) < collateralWorth(model, target, a) ? b : a),
    undefined,
  );
  const collateralReserve =
    smallest !== undefined && random.chance(0.25)
      ? smallest
      : reserveWith(random, model, (i) => target.positions[i].collateral > 0n);
  const debtReserve = reserveWith(random, model, (i) => target.positions[i].debtShares > 0n);
  const s = expectedReserveState(model.pool.reserves[debtReserve], model.pool.timestamp);
  const debt = SharesMathLib.toAssetsUp(
    target.positions[debtReserve].debtShares,
    s.totalBorrowAssets,
    s.totalBorrowShares,
  );
  const maxRepayAssets = random.chance(0.5) ? MAX_UINT256 : random.scale(debt, 0.01, 1);
  return { user, action: { type: "liquidate", collateralReserve, debtReserve, maxRepayAssets } };
}

/** What a collateral balance is worth at the price the pool values it at (live, else last, else 0). */
function collateralWorth(model: Model, account: AccountSnapshot, i: number): bigint {
  const r = model.pool.reserves[i];
  return account.positions[i].collateral * (r.price ?? r.lastPrice ?? 0n);
}

/**
 * A price move that leaves a borrower's collateral just above its debt (a margin of 0.1% to 6%, so
 * below most incentives): the liquidation that follows has its incentive capped at that margin.
 */
function squeeze(random: Random, model: Model): Operation | undefined {
  const borrowers = model.accounts.filter((a) => a.positions.some((p) => p.debtShares > 0n));
  if (borrowers.length === 0) return undefined;
  const account = random.pick(borrowers);
  const h = (() => {
    try {
      return accountHealth(model.pool, account);
    } catch {
      return undefined;
    }
  })();
  if (!h || h.debtValue === 0n || h.collateralValue === 0n) return undefined;
  const largest = model.pool.reserves
    .map((r) => r.index)
    .reduce((a, b) => (collateralWorth(model, account, b) > collateralWorth(model, account, a) ? b : a));
  const own = collateralWorth(model, account, largest) / PRICE_SCALE;
  const others = h.collateralValue - own;
  const wanted = (h.debtValue * BigInt(1_001_000 + random.int(0, 60_000))) / 1_000_000n;
  if (own === 0n || wanted <= others) return undefined;
  const factorPpm = ((wanted - others) * 1_000_000n) / own;
  return { kind: "price", feed: largest, factorPpm: factorPpm < 1n ? 1n : factorPpm };
}

/**
 * A price drop on the largest collateral of the weakest borrower: what makes accounts liquidatable,
 * and deeply enough now and then to leave bad debt. Undefined when nobody owes anything.
 */
function pressure(random: Random, model: Model): Operation | undefined {
  const borrowers = model.accounts.filter((account) => account.positions.some((p) => p.debtShares > 0n));
  if (borrowers.length === 0) return undefined;
  const health = (account: AccountSnapshot) => healthOf(model, account);
  const weakest = borrowers.reduce((a, b) => (health(b) < health(a) ? b : a));
  const value = (i: number) => weakest.positions[i].collateral * (model.pool.reserves[i].price ?? 0n);
  const largest = model.pool.reserves.map((r) => r.index).reduce((a, b) => (value(b) > value(a) ? b : a));
  const factor = random.chance(0.2) ? 0.3 + random.unit() * 0.3 : 0.75 + random.unit() * 0.2;
  return { kind: "price", feed: largest, factorPpm: BigInt(Math.round(factor * 1e6)) };
}

/**
 * Draws the next operation. Early steps favour opening positions; later ones mix every operation, time
 * warps from an hour to two years, price moves (now and then a crash) and freezing or pausing a reserve.
 */
export function randomOperation(random: Random, model: Model, step: number): Operation {
  const opening = step < 16;
  const kind = random.weighted([
    ["supply", opening ? 30 : 11],
    ["supplyCollateral", opening ? 30 : 9],
    ["borrow", opening ? 20 : 16],
    ["withdraw", 7],
    ["withdrawCollateral", 6],
    ["repay", 8],
    ["liquidate", opening ? 0 : 16],
    ["accrueInterest", 2],
    ["warp", opening ? 0 : 6],
    ["price", opening ? 0 : 12],
    ["flag", opening ? 0 : 3],
    ["feed", opening ? 0 : 3],
    ["squeeze", opening ? 0 : 4],
    ["accrueEachSecond", 2],
  ] as const);
  // Operations on a balance go mostly to users who hold one.
  const needs = {
    withdraw: "supplyShares",
    withdrawCollateral: "collateral",
    borrow: "collateral",
    repay: "debtShares",
  } as const;
  const field = kind in needs ? needs[kind as keyof typeof needs] : undefined;
  const user = field
    ? userWith(random, model, (account) => account.positions.some((p) => p[field] > 0n))
    : random.int(0, model.accounts.length - 1);
  const account = model.accounts[user];
  switch (kind) {
    case "supply":
      return { kind: "pool", user, action: supply(random, model) };
    case "supplyCollateral":
      return { kind: "pool", user, action: supplyCollateral(random, model, user) };
    case "borrow":
      return { kind: "pool", user, action: borrow(random, model, account) };
    case "withdraw":
      return { kind: "pool", user, action: withdraw(random, model, account) };
    case "withdrawCollateral":
      return { kind: "pool", user, action: withdrawCollateral(random, model, account) };
    case "repay":
      return { kind: "pool", user, action: repay(random, model, account) };
    case "liquidate": {
      const anyUnhealthy = model.accounts.some((a) => healthOf(model, a) < WAD);
      const drop = anyUnhealthy || random.chance(0.3) ? undefined : pressure(random, model);
      return drop ?? { kind: "pool", ...liquidate(random, model) };
    }
    case "accrueInterest":
      return {
        kind: "pool",
        user,
        action: { type: "accrueInterest", reserve: random.int(0, model.pool.reserves.length - 1) },
      };
    case "warp":
      return { kind: "warp", seconds: random.logUniform(3600n, 2n * 365n * 86_400n) };
    case "feed":
      return {
        kind: "feed",
        feed: random.int(0, model.pool.reserves.length - 1),
        mode: random.pick(["stale", "zero"] as const),
      };
    case "squeeze":
      return squeeze(random, model) ?? { kind: "pool", ...liquidate(random, model) };
    case "accrueEachSecond":
      // Mostly the 2-decimal reserve, where a second's interest is far below one unit.
      return {
        kind: "accrueEachSecond",
        user,
        reserve: random.chance(0.8) ? LOW_DECIMALS : random.int(0, model.pool.reserves.length - 1),
        count: random.int(2, 6),
      };
    case "price": {
      const crash = random.chance(0.25);
      const factorPpm = BigInt(Math.round((crash ? 0.35 + random.unit() * 0.4 : 0.88 + random.unit() * 0.26) * 1e6));
      return { kind: "price", feed: random.int(0, model.pool.reserves.length - 1), factorPpm };
    }
    case "flag": {
      // Mostly lift a flag that is set, so that reserves are not left closed for the rest of the run.
      const flagged = model.pool.reserves.flatMap((r) => [
        ...((r.config.flags & FLAG_FROZEN) !== 0 ? [{ reserve: r.index, flag: "frozen" as const }] : []),
        ...((r.config.flags & FLAG_PAUSED) !== 0 ? [{ reserve: r.index, flag: "paused" as const }] : []),
      ]);
      if (flagged.length > 0 && random.chance(0.7)) return { kind: "flag", ...random.pick(flagged) };
      return {
        kind: "flag",
        reserve: random.int(0, model.pool.reserves.length - 1),
        flag: random.pick(["frozen", "paused"] as const),
      };
    }
  }
}

/** A short description of an operation for failure messages. */
export function describeOperation(operation: Operation): string {
  return JSON.stringify(operation, (_key, value) => (typeof value === "bigint" ? value.toString() : value));
}
