import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Address, getAddress } from "viem";
import {
  type AccountSnapshot,
  accountHealth,
  accrueInterest,
  collateralPrice,
  debtPrice,
  FLAG_BORROWABLE,
  FLAG_COLLATERAL,
  FLAG_FROZEN,
  FLAG_PAUSED,
  InterestLib,
  isCollapsed,
  LiquidationLib,
  liquidationAmounts,
  MAX_UINT256,
  maxBorrow,
  maxWithdrawCollateral,
  PoolRevertError,
  type PoolSnapshot,
  PriceUnavailableError,
  type ReserveSnapshot,
  SimulationError,
  simulate,
  valueAccount,
  WAD,
} from "../src/index.ts";

// The pool's new rules (interest remainder, valuation with failing prices and closed reserves, the
// margin-capped incentive, dust seizure, collateral attachment, collapsed reserves) on hand-built
// snapshots, with every expected value worked out by hand from the Solidity formulas.

const NOW = 1_900_000_000n;
const POOL_ID = 7n;
const ACCOUNT: Address = "0x00000000000000000000000000000000000000a1";
const STRANGER: Address = "0x00000000000000000000000000000000000000b2";
const STALE = { errorName: "StalePrice", args: [1n, 3600n] } as const;
const NOT_A_PRICE = { errorName: "NonPositivePrice", args: [0n] } as const;

type ReserveOptions = {
  price?: bigint;
  lastPrice?: bigint;
  flags?: number;
  ltvBps?: number;
  thresholdBps?: number;
  bonusBps?: number;
  borrowed?: bigint;
  supplied?: bigint;
};

/** An 18-decimal reserve with a constant 20%-per-second kinked model (irrelevant while no time passes). */
function reserve(index: number, o: ReserveOptions): ReserveSnapshot {
  const borrowed = o.borrowed ?? 0n;
  const supplied = o.supplied ?? borrowed;
  const failing = o.price === undefined;
  return {
    index,
    symbol: `T${index}`,
    config: {
      asset: `0x${(index + 1).toString(16).padStart(40, "0")}`,
      decimals: 18,
      flags: o.flags ?? FLAG_COLLATERAL | FLAG_BORROWABLE,
      eModeCategory: 0,
      reserveFactorBps: 0,
      liquidationFeeBps: 1000,
      supplyCap: 0,
      irm: "0x0000000000000000000000000000000000000100",
      borrowCap: 0,
      oracle: "0x0000000000000000000000000000000000000200",
      ltvBps: o.ltvBps ?? 8000,
      liquidationThresholdBps: o.thresholdBps ?? 8500,
      maxLiquidationBonusBps: o.bonusBps ?? 1000,
    },
    state: {
      totalSupplyAssets: supplied,
      // A million shares per unit: the virtual offset's rate, so shares convert exactly.
      totalSupplyShares: supplied * 10n ** 6n,
      totalBorrowAssets: borrowed,
      totalBorrowShares: borrowed * 10n ** 6n,
      totalCollateral: 10n ** 30n, // room for any collateral an account here holds
      treasuryCollateral: 0n,
      listed: true,
      treasuryShares: 0n,
      lastUpdate: Number(NOW),
      interestRemainder: 0n,
    },
    ...(failing ? { priceError: "StalePrice(1, 3600)", priceRevert: STALE } : { price: o.price }),
    ...(o.lastPrice === undefined
      ? { lastPriceError: "NonPositivePrice(0)", lastPriceRevert: NOT_A_PRICE }
      : { lastPrice: o.lastPrice }),
    rateModel: {
      kind: "kinked",
      address: "0x0000000000000000000000000000000000000100",
      params: { baseRate: 2n * 10n ** 17n, slope1: 0n, slope2: 0n, optimalUtilization: 8n * 10n ** 17n },
    },
  };
}

function pool(reserves: ReserveSnapshot[]): PoolSnapshot {
  return {
    pool: "0x0000000000000000000000000000000000000300",
    poolId: POOL_ID,
    blockNumber: 1n,
    timestamp: NOW,
    reserves,
    eModes: {},
  };
}

/** An account holding `collateral[i]` units of collateral and `debt[i]` units of debt (a million shares per unit). */
function account(collateral: bigint[], debt: bigint[] = []): AccountSnapshot {
  return {
    account: ACCOUNT,
    positions: collateral.map((c, i) => ({ supplyShares: 0n, collateral: c, debtShares: (debt[i] ?? 0n) * 10n ** 6n })),
  };
}

const E18 = WAD;

/** The pool's revert a simulation predicts, as name and arguments. */
function simulatedRevert(run: () => unknown): { errorName: string; args: readonly unknown[] } {
  try {
    run();
  } catch (error) {
    const cause = error instanceof SimulationError ? error.cause : error;
    if (cause instanceof PoolRevertError) return { errorName: cause.errorName, args: cause.args };
    if (cause instanceof PriceUnavailableError && cause.revert) return cause.revert;
    throw error;
  }
  assert.fail("the simulation succeeded");
}

describe("InterestLib.accrued: the remainder below one unit is carried", () => {
  // wTaylorCompounded(2e17, 1) = 2e17 + 2e16 + 1333333333333333 = 221333333333333333.
  it("carries the fraction instead of dropping it", () => {
    const first = InterestLib.accrued(100n, 100n * 10n ** 6n, 3n, 2n * 10n ** 17n, 1n, 0n, 0n);
    assert.deepEqual(first, { interest: 0n, feeShares: 0n, remainderOut: 663_999_999_999_999_999n });
    const second = InterestLib.accrued(100n, 100n * 10n ** 6n, 3n, 2n * 10n ** 17n, 1n, 0n, first.remainderOut);
    // 3 × 221333333333333333 + 663999999999999999 = 1327999999999999998: one whole unit.
    assert.deepEqual(second, { interest: 1n, feeShares: 0n, remainderOut: 327_999_999_999_999_998n });
  });

  it("accrues nothing and carries nothing without debt", () => {
    assert.deepEqual(InterestLib.accrued(100n, 10n ** 8n, 0n, 2n * 10n ** 17n, 10n, 1000n, 5n * 10n ** 17n), {
      interest: 0n,
      feeShares: 0n,
      remainderOut: 0n,
    });
  });

  it("stores the remainder and the timestamp even when no whole unit accrued", () => {
    const r = reserve(0, { price: E18, borrowed: 3n, supplied: 100n });
    const once = accrueInterest(r, NOW + 1n);
    assert.equal(once.interest, 0n);
    assert.equal(once.reserve.state.totalBorrowAssets, 3n);
    assert.equal(once.reserve.state.interestRemainder, 663_999_999_999_999_999n);
    assert.equal(once.reserve.state.lastUpdate, Number(NOW + 1n));
    const twice = accrueInterest(once.reserve, NOW + 2n);
    assert.equal(twice.interest, 1n);
    assert.equal(twice.reserve.state.totalBorrowAssets, 4n);
    assert.equal(twice.reserve.state.totalSupplyAssets, 101n);
    assert.equal(twice.reserve.state.interestRemainder, 327_999_999_999_999_998n);
  });
});

describe("LiquidationLib.incentive: capped at the account's margin while collateral covers debt", () => {
  const { incentive } = LiquidationLib;
  it("caps the bonus at (collateral − debt) / debt, rounded down", () => {
    // Uncapped: min(10%, 1% + 10%) = 10%; the margin is 50 / 1000 = 5%.
    assert.deepEqual(incentive(9n * 10n ** 17n, 10n ** 17n, 1050n * E18, 1000n * E18), {
      bonus: 5n * 10n ** 16n,
      atMargin: true,
    });
    // 1 / 3 of a WAD, rounded down.
    assert.deepEqual(incentive(0n, 5n * 10n ** 17n, 4n, 3n), { bonus: 333_333_333_333_333_333n, atMargin: true });
    assert.deepEqual(incentive(5n * 10n ** 17n, 10n ** 17n, 1000n * E18, 1000n * E18), { bonus: 0n, atMargin: true });
    // A margin equal to the bonus does not cap it.
    assert.deepEqual(incentive(98n * 10n ** 16n, 10n ** 17n, 1030n * E18, 1000n * E18), {
      bonus: 3n * 10n ** 16n,
      atMargin: false,
    });
  });
  it("leaves the bonus alone when the margin is larger or the account is insolvent", () => {
    // 1% + 2% = 3% < the 100% margin.
    assert.deepEqual(incentive(98n * 10n ** 16n, 10n ** 17n, 2000n * E18, 1000n * E18), {
      bonus: 3n * 10n ** 16n,
      atMargin: false,
    });
    assert.deepEqual(incentive(5n * 10n ** 17n, 10n ** 17n, 900n * E18, 1000n * E18), {
      bonus: 10n ** 17n,
      atMargin: false,
    });
  });
});

describe("valuation: live, last and missing prices; frozen and paused collateral", () => {
  // T0 live $1 (LTV 80%, LT 85%); T1 stale, last $1 (LTV 50%, LT 60%); T2 no price at all;
  // T3 live $1 but frozen (LTV 90%, LT 95%); T4 the debt, live $1.
  const reserves = () => [
    reserve(0, { price: E18 }),
    reserve(1, { lastPrice: E18, ltvBps: 5000, thresholdBps: 6000 }),
    reserve(2, { ltvBps: 7000, thresholdBps: 7500 }),
    reserve(3, { price: E18, flags: FLAG_COLLATERAL | FLAG_FROZEN, ltvBps: 9000, thresholdBps: 9500 }),
    reserve(4, { price: E18, borrowed: 150n * E18, supplied: 1000n * E18 }),
  ];
  const holder = account([200n * E18, 100n * E18, 100n * E18, 100n * E18, 0n], [0n, 0n, 0n, 0n, 150n * E18]);

  it("values every collateral at the price found, but lends only against live, open ones", () => {
    assert.deepEqual(collateralPrice(reserves()[1]), { price: E18, live: false });
    assert.deepEqual(collateralPrice(reserves()[2]), { price: 0n, live: false });
    assert.deepEqual(accountHealth(pool(reserves()), holder), {
      collateralValue: 400n * E18,
      borrowPower: 160n * E18, // T0 only: 200 × 80%
      liquidationValue: 325n * E18, // 170 + 60 + 0 + 95
      debtValue: 150n * E18,
    });
    const v = valueAccount(pool(reserves()), holder, { accrue: false, strictDebt: true, exemptReserve: 3 });
    assert.equal(v.health.borrowPower, 250n * E18); // the frozen T3 counts when it is the one withdrawn
    assert.equal(v.unpricedCollateral, 2);
  });

  it("a paused collateral backs no new debt either", () => {
    const paused = reserves();
    paused[0] = reserve(0, { price: E18, flags: FLAG_COLLATERAL | FLAG_PAUSED });
    assert.equal(accountHealth(pool(paused), holder).borrowPower, 0n);
  });

  it("borrowing or withdrawing past live power names the last unpriced collateral", () => {
    // Withdrawing 10 T0 leaves 190 × 80% = 152 ≥ 150: allowed.
    simulate(pool(reserves()), holder, [{ type: "withdrawCollateral", reserve: 0, assets: 10n * E18 }]);
    // 20 more leaves 136 < 150 while T1 and T2 have no live price: the revert names T2.
    assert.deepEqual(
      simulatedRevert(() =>
        simulate(pool(reserves()), holder, [{ type: "withdrawCollateral", reserve: 0, assets: 20n * E18 }]),
      ),
      { errorName: "UnpricedCollateral", args: [POOL_ID, 2n] },
    );
    // The frozen T3 counts for its own withdrawal: 160 + 50 × 90% = 205 ≥ 150.
    simulate(pool(reserves()), holder, [{ type: "withdrawCollateral", reserve: 3, assets: 50n * E18 }]);
    // With every collateral live, the plain error with both values.
    const live = account([200n * E18, 0n, 0n, 0n, 0n], [0n, 0n, 0n, 0n, 150n * E18]);
    assert.deepEqual(
      simulatedRevert(() =>
        simulate(pool(reserves()), live, [{ type: "withdrawCollateral", reserve: 0, assets: 20n * E18 }]),
      ),
      { errorName: "InsufficientCollateral", args: [150n * E18, 144n * E18] },
    );
  });

  it("a debt whose price fails blocks borrowing with the adapter's error, but views use its last price", () => {
    const stale = reserves();
    stale[4] = reserve(4, { lastPrice: E18, borrowed: 150n * E18, supplied: 1000n * E18 });
    assert.equal(debtPrice(stale[4], false), E18);
    assert.throws(() => debtPrice(stale[4], true), PriceUnavailableError);
    assert.equal(accountHealth(pool(stale), holder).debtValue, 150n * E18);
    assert.deepEqual(
      simulatedRevert(() => simulate(pool(stale), holder, [{ type: "borrow", reserve: 4, amount: { assets: 1n } }])),
      STALE,
    );
    assert.equal(maxBorrow(pool(stale), holder, 0), 0n);
    assert.equal(maxWithdrawCollateral(pool(stale), holder, 0), 0n);
    // With no last price either, even the views revert (a debt is never valued at zero).
    stale[4] = reserve(4, { borrowed: 150n * E18, supplied: 1000n * E18 });
    assert.throws(
      () => accountHealth(pool(stale), holder),
      (error: unknown) => error instanceof PriceUnavailableError && error.source === "lastPrice",
    );
  });

  it("lens answers count live, open collateral only", () => {
    // Power 160 − debt 150 = 10 units of T0 at $1 to borrow; T4 has 850 idle.
    assert.equal(maxBorrow(pool(reserves()), holder, 4), 10n * E18);
    // T0: (160 − 150) / (1 × 80%) = 12.5; the frozen T3: (250 − 150) / 90% = 111.11…; T1 has no live
    // price, so it gives no power and all of it may go.
    assert.equal(maxWithdrawCollateral(pool(reserves()), holder, 0), 125n * 10n ** 17n);
    assert.equal(maxWithdrawCollateral(pool(reserves()), holder, 3), 100n * E18);
    assert.equal(maxWithdrawCollateral(pool(reserves()), holder, 1), 100n * E18);
  });
});

describe("liquidation: margin cap, dust and collapsed reserves", () => {
  it("caps the incentive so that a solvent account ends without bad debt", () => {
    // 100 T0 at $1 (LT 85%, bound 10%) against 98 of debt: health 0.867…, uncapped bonus 10%, but the
    // margin is 2 / 98 = 0.020408163265306122.
    const p = pool([reserve(0, { price: E18 }), reserve(1, { price: E18, borrowed: 98n * E18 })]);
    const a = account([100n * E18, 0n], [0n, 98n * E18]);
    const amounts = liquidationAmounts(p, a, 0, 1, MAX_UINT256);
    assert.deepEqual(amounts, {
      repaidAssets: 98n * E18,
      repaidShares: 98n * 10n ** 24n,
      seizedAssets: 99_999_999_999_999_999_956n, // 98 × (1 + bonus), rounded down
      protocolFee: 199_999_999_999_999_995n, // 10% of the 1999999999999999956 bonus units
      bonus: 20_408_163_265_306_122n,
    });
    const result = simulate(p, a, [
      { type: "liquidate", collateralReserve: 0, debtReserve: 1, maxRepayAssets: MAX_UINT256 },
    ]);
    assert.equal(result.account.positions[0].collateral, 44n);
    assert.equal(result.account.positions[1].debtShares, 0n);
  });

  it("seizes a lot worth less than one unit of debt for nothing, then writes the debt off", () => {
    // 1 unit of T0 is worth 1e-18 of a dollar: it buys no unit of debt.
    const p = pool([
      reserve(0, { price: E18 }),
      reserve(1, { price: E18, borrowed: 150n * E18, supplied: 150n * E18 }),
    ]);
    const a = account([1n, 0n], [0n, 150n * E18]);
    const amounts = liquidationAmounts(p, a, 0, 1, MAX_UINT256);
    assert.deepEqual(amounts, {
      repaidAssets: 0n,
      repaidShares: 0n,
      seizedAssets: 1n,
      protocolFee: 0n,
      bonus: 10n ** 17n,
    });
    const result = simulate(p, a, [{ type: "liquidate", collateralReserve: 0, debtReserve: 1, maxRepayAssets: 1n }]);
    const liquidation = result.results[0];
    assert.ok(liquidation.type === "liquidate");
    assert.deepEqual(liquidation.badDebt, [
      { reserve: 1, debtShares: 150n * 10n ** 24n, coveredAssets: 0n, socializedAssets: 150n * E18 },
    ]);
    // The whole supply was lost: 150e24 shares over 0 assets is collapsed, and the reserve freezes.
    assert.deepEqual(liquidation.frozenReserves, [
      { reserve: 1, totalSupplyAssets: 0n, totalSupplyShares: 150n * 10n ** 24n },
    ]);
    assert.equal(result.pool.reserves[1].config.flags & FLAG_FROZEN, FLAG_FROZEN);
  });

  it("needs live prices for the traded pair", () => {
    const p = pool([reserve(0, { lastPrice: E18 }), reserve(1, { price: E18, borrowed: 150n * E18 })]);
    const a = account([100n * E18, 0n], [0n, 150n * E18]);
    assert.deepEqual(
      simulatedRevert(() =>
        simulate(p, a, [{ type: "liquidate", collateralReserve: 0, debtReserve: 1, maxRepayAssets: MAX_UINT256 }]),
      ),
      STALE,
    );
  });

  it("isCollapsed: shares + 1e6 > (assets + 1) × 1e9", () => {
    const state = reserve(0, { price: E18 }).state;
    assert.equal(isCollapsed({ ...state, totalSupplyAssets: 0n, totalSupplyShares: 10n ** 9n - 10n ** 6n }), false);
    assert.equal(isCollapsed({ ...state, totalSupplyAssets: 0n, totalSupplyShares: 10n ** 9n - 10n ** 6n + 1n }), true);
    assert.equal(
      isCollapsed({ ...state, totalSupplyAssets: 1n, totalSupplyShares: 2n * 10n ** 9n - 10n ** 6n }),
      false,
    );
  });
});

describe("supplyCollateral: only the account or its operator attaches a new reserve", () => {
  const p = pool([reserve(0, { price: E18 }), reserve(1, { price: E18 })]);
  const a = account([5n, 0n]);
  it("lets anyone top up a held collateral", () => {
    const result = simulate(p, a, [{ type: "supplyCollateral", reserve: 0, assets: 3n, sender: STRANGER }]);
    assert.equal(result.account.positions[0].collateral, 8n);
  });
  it("refuses a stranger a new reserve, but not an operator", () => {
    assert.deepEqual(
      simulatedRevert(() => simulate(p, a, [{ type: "supplyCollateral", reserve: 1, assets: 3n, sender: STRANGER }])),
      { errorName: "Unauthorized", args: [getAddress(STRANGER), getAddress(ACCOUNT)] },
    );
    const byOperator = simulate(p, a, [
      { type: "supplyCollateral", reserve: 1, assets: 3n, sender: STRANGER, senderAuthorized: true },
    ]);
    assert.equal(byOperator.account.positions[1].collateral, 3n);
  });
});
