import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  apyToStabilityFee,
  auctionCurveClears,
  type CdpCollateralType,
  CdpRevertError,
  currentRate,
  debtOf,
  explainCdpRevert,
  isSafe,
  keeperReward,
  MAX_STABILITY_FEE,
  previewMint,
  previewResetAuction,
  previewSettle,
  previewWithdraw,
  RAY,
  settlePrice,
  stabilityFeeToApy,
  TYPE_SHUTDOWN,
  vaultLiquidationPrice,
  vaultMaxMint,
  vaultMaxWithdraw,
} from "../src/index.ts";
import { CDP_TYPES, FEE_5_PERCENT } from "./cdp.fixture.ts";
import { createRandom, FUZZ } from "./math.random.ts";

// The chain-free properties of the vault helpers: each bound is exact, so acting on it succeeds and one
// unit more fails, by the same math the differential test proves equal to the engine's.

function typeOf(index: number, rate: bigint): CdpCollateralType {
  const { params } = CDP_TYPES[index];
  return {
    ...params,
    debtCeiling: 10n ** 40n,
    rate,
    lastAccrual: 1_000,
    feeExcess: params.stabilityFee - RAY,
    flags: 0,
    totalNormalizedDebt: 0n,
    inAuction: 0n,
    oracle: "0x0000000000000000000000000000000000000001",
    token: "0x0000000000000000000000000000000000000002",
    shutdownPrice: 0n,
    lastGoodPrice: 0n,
  };
}

const rejects = (fn: () => unknown, errorName: string) =>
  assert.throws(fn, (error: unknown) => error instanceof CdpRevertError && error.errorName === errorName);

describe("stability fee conversions", () => {
  it("find the per-second fee of a yearly rate, to the wei", () => {
    assert.equal(apyToStabilityFee(0.05), FEE_5_PERCENT);
    assert.equal(apyToStabilityFee(0), RAY);
    // The engine's bound is exactly the per-second fee of 50% a year.
    assert.equal(apyToStabilityFee(0.5), MAX_STABILITY_FEE);
    assert.ok(apyToStabilityFee(0.500_000_01) > MAX_STABILITY_FEE);
    assert.ok(Math.abs(stabilityFeeToApy(MAX_STABILITY_FEE) - 0.5) < 1e-12);
    assert.ok(Math.abs(stabilityFeeToApy(FEE_5_PERCENT) - 0.05) < 1e-12);
  });
});

describe(`vault bounds are exact (seed ${FUZZ.seed})`, () => {
  const random = createRandom(FUZZ.seed);
  const cases = Array.from({ length: 300 }, () => {
    const index = random.int(0, CDP_TYPES.length - 1);
    const unit = 10n ** BigInt(CDP_TYPES[index].decimals);
    const rate = random.bigint(RAY, 3n * RAY);
    const type = typeOf(index, rate);
    const collateral = random.logUniform(unit / 100n, unit * 1000n);
    // $0.01 to $1,000,000 per whole token: price = USD × 10^(36 − decimals).
    const price = random.logUniform(10n ** 34n / unit, 10n ** 42n / unit);
    const value = (collateral * price) / 10n ** 18n;
    const normalizedDebt = random.chance(0.2) ? 0n : (random.scale(value, 0, 0.9) * RAY) / rate;
    return { index, type, rate, collateral, price, normalizedDebt };
  });
  const timestamp = 1_000n; // the type's last accrual: the rate as given

  it("max mint: minting it passes every check, one wei more does not", () => {
    let positive = 0;
    for (const { type, rate, collateral, price, normalizedDebt } of cases) {
      assert.equal(currentRate(type, timestamp), rate);
      const vault = { owner: type.oracle, typeId: 0, collateral, normalizedDebt };
      const max = vaultMaxMint(vault, type, rate, price);
      const mint = (amount: bigint) => previewMint(vault, type, { typeId: 0n, amount, price, timestamp });
      if (max === 0n) continue;
      positive++;
      mint(max);
      assert.throws(
        () => mint(max + 1n),
        (error: unknown) =>
          error instanceof CdpRevertError &&
          error.errorName === "RatioBelowMinimum" &&
          /^This would leave the vault's collateral ratio at \d+\.\d\d%, below the minimum of (125|150)\.00%/.test(
            explainCdpRevert(error),
          ),
      );
    }
    assert.ok(positive > 100, `${positive} cases could mint`);
  });

  it("an unlimited global ceiling is no ceiling", () => {
    const limits = { totalDebtRad: 10n ** 40n, globalDebtCeiling: 2n ** 256n - 1n };
    let checked = 0;
    for (const { type, rate, collateral, price } of cases) {
      const vault = { owner: type.oracle, typeId: 0, collateral, normalizedDebt: 0n };
      const max = vaultMaxMint(vault, type, rate, price, limits);
      assert.equal(max, vaultMaxMint(vault, type, rate, price));
      if (max === 0n) continue;
      previewMint(vault, type, { typeId: 0n, amount: max, price, timestamp, ...limits });
      checked++;
    }
    assert.ok(checked > 100);
  });

  it("max withdraw: withdrawing it keeps the vault safe, one unit more does not", () => {
    for (const { type, rate, collateral, price, normalizedDebt } of cases) {
      const vault = { owner: type.oracle, typeId: 0, collateral, normalizedDebt };
      const max = vaultMaxWithdraw(collateral, debtOf(normalizedDebt, rate), price, type.minRatioBps);
      if (max > 0n) previewWithdraw(vault, type, { amount: max, price, timestamp });
      if (max < collateral)
        rejects(() => previewWithdraw(vault, type, { amount: max + 1n, price, timestamp }), "RatioBelowMinimum");
      assert.throws(
        () => previewWithdraw(vault, type, { amount: collateral + 1n, price, timestamp }),
        (error: unknown) =>
          error instanceof CdpRevertError &&
          explainCdpRevert(error, { collateral: { decimals: 0, symbol: "X" } }) ===
            `The vault holds ${collateral.toLocaleString("en-US")} X of collateral, but ${(collateral + 1n).toLocaleString("en-US")} X was asked to be withdrawn; withdraw at most what it holds.`,
      );
    }
  });

  it("liquidation price: safe at it, unsafe one unit below", () => {
    for (const { type, rate, collateral, normalizedDebt } of cases) {
      const debt = debtOf(normalizedDebt, rate);
      const price = vaultLiquidationPrice(collateral, debt, type.minRatioBps);
      if (debt === 0n) {
        assert.equal(price, 0n);
        continue;
      }
      assert.ok(isSafe(collateral, debt, price, type.minRatioBps));
      assert.ok(!isSafe(collateral, debt, price - 1n, type.minRatioBps));
    }
  });
});

describe("keeper rewards, settlement and curve bounds (decisions 0017, 0019)", () => {
  const eth = typeOf(0, RAY);
  const kusd = (whole: bigint) => whole * 10n ** 18n;

  it("a reward never exceeds the penalty its own tab carries", () => {
    // 150 kUSD under an old floor, after the tip was raised to 250: the penalty (19.5) caps it.
    const raised = { ...eth, keeperTip: kusd(250n) };
    assert.equal(keeperReward(raised, kusd(1695n) / 10n, kusd(150n)), kusd(195n) / 10n);
    // A vault of 15,000: 10 tip + 0.1% of the 16,950 tab, well under its 1,950 penalty.
    assert.equal(keeperReward(eth, kusd(16_950n), kusd(15_000n)), kusd(2695n) / 100n);
  });

  it("a reset tip stops once the auction's rewards fill its penalty", () => {
    const auction = { collateral: kusd(10n), tab: kusd(16_950n), debt: kusd(16_945n), topPrice: 0n, startedAt: 0 };
    const out = previewResetAuction(auction, eth, { vaultId: 1n, price: kusd(2_000n), timestamp: 10n ** 9n });
    assert.equal(out.keeperReward, kusd(5n), "only what is left of the penalty");
    assert.equal(out.auction.debt, auction.tab, "advanced against the auction");
  });

  it("settles at the lower of the shutdown and oracle prices, with the penalty below the minimum ratio", () => {
    const shut = { ...eth, flags: TYPE_SHUTDOWN, shutdownPrice: kusd(3_000n), lastAccrual: 0 };
    assert.equal(settlePrice(shut, kusd(4_000n)), kusd(3_000n));
    assert.equal(settlePrice(shut, kusd(1_600n)), kusd(1_600n));
    assert.equal(settlePrice(shut, undefined), kusd(3_000n));
    const vault = { owner: shut.oracle, typeId: 0, collateral: kusd(10n), normalizedDebt: kusd(10_000n) };
    const safe = previewSettle(vault, shut, { vaultId: 1n, oraclePrice: kusd(1_600n), timestamp: 0n });
    assert.deepEqual([safe.tab, safe.collateral], [kusd(10_000n), 7_062_500_000_000_000_000n]);
    const unsafe = previewSettle(vault, shut, { vaultId: 1n, oraclePrice: kusd(1_400n), timestamp: 0n });
    assert.deepEqual([unsafe.tab, unsafe.collateral], [kusd(11_300n), kusd(10n)]);
    rejects(() => previewSettle(vault, eth, { vaultId: 1n, oraclePrice: kusd(1n), timestamp: 0n }), "TypeNotShutdown");
  });

  it("refuses curves that go stale before offering 1% under the oracle", () => {
    const curve = {
      auctionStartBufferBps: 12_000,
      auctionFloorBps: 4_000,
      auctionHalfLife: 3_600,
      auctionMaxDuration: 21_600,
    };
    assert.ok(auctionCurveClears(curve));
    assert.ok(!auctionCurveClears({ ...curve, auctionStartBufferBps: 13_000, auctionFloorBps: 8_000 }));
    assert.ok(!auctionCurveClears({ ...curve, auctionHalfLife: 86_400, auctionMaxDuration: 600 }));
    assert.ok(!auctionCurveClears({ ...curve, auctionMaxDuration: 999 }));
    assert.ok(auctionCurveClears({ ...curve, auctionMaxDuration: 1_000 }));
  });
});
