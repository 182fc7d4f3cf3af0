import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { maxUint256, parseEventLogs, parseUnits } from "viem";
import { keelPoolAbi } from "../src/abis/KeelPool.ts";
import {
  borrow,
  ensureAllowance,
  getAccountHealth,
  getAllowance,
  getBorrowRate,
  getExpectedReserveState,
  getHealthFactor,
  getPoolCount,
  getPosition,
  getReserveConfig,
  getReserveCount,
  getReserveState,
  getReserves,
  getTokenBalance,
  supply,
  supplyCollateral,
} from "../src/index.ts";
import { createKeelChain, POOL_ID, USDC, WETH } from "./fixtures/keel.ts";

const WAD = 10n ** 18n;
const chain = await createKeelChain();
const { publicClient, networkHelpers, lender, borrower } = chain;

/** Lender supplies 100,000 USDC; borrower posts 10 WETH and borrows 12,000 USDC. */
async function borrowedPool() {
  const keel = await chain.deployKeel();
  const pool = keel.poolAddress;
  await ensureAllowance(lender, { token: keel.usdc.address, spender: pool, amount: maxUint256 });
  await ensureAllowance(borrower, { token: keel.weth.address, spender: pool, amount: maxUint256 });
  await supply(lender, { pool, poolId: POOL_ID, reserve: USDC, assets: parseUnits("100000", 6) });
  await supplyCollateral(borrower, { pool, poolId: POOL_ID, reserve: WETH, assets: parseUnits("10", 18) });
  await borrow(borrower, { pool, poolId: POOL_ID, reserve: USDC, assets: parseUnits("12000", 6) });
  return keel;
}

describe("read actions", () => {
  let keel: Awaited<ReturnType<typeof borrowedPool>>;
  before(async () => {
    keel = await networkHelpers.loadFixture(borrowedPool);
  });

  it("count pools and reserves and read a reserve's config and totals", async () => {
    const pool = keel.poolAddress;
    assert.equal(await getPoolCount(publicClient, { pool }), 1n);
    assert.equal(await getReserveCount(publicClient, { pool, poolId: POOL_ID }), 2n);
    const config = await getReserveConfig(publicClient, { pool, poolId: POOL_ID, reserve: USDC });
    assert.equal(config.asset.toLowerCase(), keel.usdc.address.toLowerCase());
    assert.equal(config.decimals, 6);
    const stored = await getReserveState(publicClient, { pool, poolId: POOL_ID, reserve: USDC });
    assert.equal(stored.totalBorrowAssets, parseUnits("12000", 6));
    await networkHelpers.time.increase(30 * 24 * 3600);
    const expected = await getExpectedReserveState(publicClient, { pool, poolId: POOL_ID, reserve: USDC });
    assert.ok(expected.totalBorrowAssets > stored.totalBorrowAssets, "a month of interest accrues in the view");
    assert.equal(
      (await getReserveState(publicClient, { pool, poolId: POOL_ID, reserve: USDC })).lastUpdate,
      stored.lastUpdate,
    );
  });

  it("read positions, health and token balances", async () => {
    const pool = keel.poolAddress;
    const account = borrower.account.address;
    const position = await getPosition(publicClient, { pool, poolId: POOL_ID, reserve: WETH, account });
    assert.equal(position.collateral, parseUnits("10", 18));
    const health = await getAccountHealth(publicClient, { pool, poolId: POOL_ID, account });
    assert.equal(health.collateralValue, 30_000n * WAD, "10 WETH at $3,000");
    assert.equal(health.borrowPower, 24_000n * WAD, "80% LTV");
    const hf = await getHealthFactor(publicClient, { pool, poolId: POOL_ID, account });
    assert.equal(hf, (health.liquidationValue * WAD) / health.debtValue);
    assert.equal(
      await getHealthFactor(publicClient, { pool, poolId: POOL_ID, account: lender.account.address }),
      maxUint256,
    );
    assert.equal(
      await getTokenBalance(publicClient, { token: keel.usdc.address, account }),
      parseUnits("1000000", 6) + parseUnits("12000", 6),
    );
    assert.equal(
      await getAllowance(publicClient, { token: keel.weth.address, owner: account, spender: pool }),
      maxUint256,
    );
  });

  it("give the rate the pool then accrues with, and consistent reserve summaries", async () => {
    const pool = keel.poolAddress;
    // The pool feeds the model the totals before accruing. Accrue once so the stored totals are the
    // latest ones; the view then reads exactly what the next accrual will use (the kinked model has no clock).
    await keel.pool.write.accrueInterest([POOL_ID, USDC]);
    const rate = await getBorrowRate(publicClient, { pool, poolId: POOL_ID, reserve: USDC });
    const reserves = await getReserves(publicClient, { pool, poolId: POOL_ID });
    const hash = await keel.pool.write.accrueInterest([POOL_ID, USDC]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    const [accrual] = parseEventLogs({ abi: keelPoolAbi, logs: receipt.logs, eventName: "AccrueInterest" });
    assert.ok(rate > 0n);
    assert.equal(rate, accrual.args.borrowRate);
    assert.equal(reserves[Number(USDC)].borrowRatePerSecond, rate);

    const [weth, usdc] = reserves;
    assert.equal(weth.symbol, "WETH");
    assert.equal(usdc.symbol, "USDC");
    assert.equal(usdc.decimals, 6);
    assert.equal(weth.price, 3000n * 10n ** 18n, "$3,000 at 10^(36 − 18)");
    assert.equal(usdc.price, 10n ** 30n, "$1 at 10^(36 − 6)");
    assert.equal(usdc.utilization, (usdc.state.totalBorrowAssets * WAD) / usdc.state.totalSupplyAssets);
    assert.equal(
      usdc.supplyRatePerSecond,
      (((usdc.borrowRatePerSecond * usdc.utilization) / WAD) * (10_000n - BigInt(usdc.config.reserveFactorBps))) /
        10_000n,
    );
    assert.ok(usdc.borrowApy > 0 && usdc.supplyApy > 0 && usdc.supplyApy < usdc.borrowApy);
    assert.equal(usdc.liquidity, usdc.state.totalSupplyAssets - usdc.state.totalBorrowAssets);
    assert.equal(usdc.supplyCap, undefined, "the demo pool is uncapped");
    assert.ok(weth.isCollateral && !weth.isBorrowable && usdc.isBorrowable && !usdc.isFrozen && !usdc.isPaused);
  });
});
