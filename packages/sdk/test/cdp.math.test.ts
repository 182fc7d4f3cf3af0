import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  apyToStabilityFee,
  type CdpCollateralType,
  CdpRevertError,
  currentRate,
  debtOf,
  isSafe,
  MAX_STABILITY_FEE,
  previewMint,
  previewWithdraw,
  RAY,
  stabilityFeeToApy,
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
    // The engine's bound is ln(1.5) per year, per second: it compounds to a hair under 50%.
    assert.ok(apyToStabilityFee(0.5) > MAX_STABILITY_FEE);
    assert.ok(apyToStabilityFee(0.499_999_99) < MAX_STABILITY_FEE);
    assert.ok(Math.abs(stabilityFeeToApy(MAX_STABILITY_FEE) - 0.5) < 1e-8);
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
      assert.throws(() => mint(max + 1n), CdpRevertError);
    }
    assert.ok(positive > 100, `${positive} cases could mint`);
  });

  it("max withdraw: withdrawing it keeps the vault safe, one unit more does not", () => {
    for (const { type, rate, collateral, price, normalizedDebt } of cases) {
      const vault = { owner: type.oracle, typeId: 0, collateral, normalizedDebt };
      const max = vaultMaxWithdraw(collateral, debtOf(normalizedDebt, rate), price, type.minRatioBps);
      if (max > 0n) previewWithdraw(vault, type, { amount: max, price, timestamp });
      if (max < collateral)
        rejects(() => previewWithdraw(vault, type, { amount: max + 1n, price, timestamp }), "RatioBelowMinimum");
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
