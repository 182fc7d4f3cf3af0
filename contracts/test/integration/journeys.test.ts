import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseUnits } from "viem";
import { deployKeel, POOL, USDC_R, WETH_R } from "../fixtures/keel.ts";

const DAY = 24 * 3600;

/** A lender supplies 100,000 USDC; a borrower posts 10 WETH (30,000 USD) and borrows `debt` USDC. */
async function openPosition(k: Awaited<ReturnType<typeof deployKeel>>, debt: bigint) {
  const { pool, usdc, weth, lender, borrower } = k;
  await usdc.write.mint([lender.account.address, parseUnits("100000", 6)]);
  await pool.write.supply([POOL, USDC_R, parseUnits("100000", 6), 0n, lender.account.address], {
    account: lender.account,
  });
  await weth.write.mint([borrower.account.address, parseUnits("10", 18)]);
  await pool.write.supplyCollateral([POOL, WETH_R, parseUnits("10", 18), borrower.account.address], {
    account: borrower.account,
  });
  await pool.write.borrow([POOL, USDC_R, debt, 0n, borrower.account.address, borrower.account.address], {
    account: borrower.account,
  });
}

describe("money-market journeys on the real contracts", () => {
  it("supply, borrow, 30 days pass, repay everything, withdraw everything", async () => {
    const k = await deployKeel();
    const { pool, usdc, weth, lender, borrower } = k;
    await openPosition(k, parseUnits("15000", 6));
    assert.equal(await usdc.read.balanceOf([borrower.account.address]), parseUnits("15000", 6));

    await k.networkHelpers.time.increase(30 * DAY);
    await k.ethFeed.write.setAnswer([3000n * 10n ** 8n]);
    await k.usdcFeed.write.setAnswer([10n ** 8n]);
    await pool.write.accrueInterest([POOL, USDC_R]);
    const state = await pool.read.reserveState([POOL, USDC_R]);
    const interest = state.totalBorrowAssets - parseUnits("15000", 6);
    // 15% utilization on the kinked model: 4% × 0.15/0.9 ≈ 0.667% a year, about 8.2 USDC in 30 days.
    assert.ok(interest > parseUnits("8", 6) && interest < parseUnits("8.5", 6), `interest ${interest}`);

    // Repay all by shares: exactly zero debt remains.
    await usdc.write.mint([borrower.account.address, parseUnits("100", 6)]);
    const { debtShares } = await pool.read.position([POOL, borrower.account.address, USDC_R]);
    await pool.write.repay([POOL, USDC_R, 0n, debtShares, borrower.account.address], { account: borrower.account });
    assert.equal((await pool.read.position([POOL, borrower.account.address, USDC_R])).debtShares, 0n);
    await pool.write.withdrawCollateral(
      [POOL, WETH_R, parseUnits("10", 18), borrower.account.address, borrower.account.address],
      { account: borrower.account },
    );
    assert.equal(await weth.read.balanceOf([borrower.account.address]), parseUnits("10", 18));

    // The lender leaves with its principal plus its share of the interest (90% after the reserve factor).
    const { supplyShares } = await pool.read.position([POOL, lender.account.address, USDC_R]);
    await pool.write.withdraw([POOL, USDC_R, 0n, supplyShares, lender.account.address, lender.account.address], {
      account: lender.account,
    });
    const received = await usdc.read.balanceOf([lender.account.address]);
    assert.ok(received > parseUnits("100007", 6), `lender received ${received}`);
    assert.ok(received < parseUnits("100000", 6) + interest, "the lender never gets more than the interest paid");
  });

  it("a price drop makes a position liquidatable and a capital-free liquidator closes it", async () => {
    const k = await deployKeel();
    const { pool, usdc, borrower, liquidator, viem } = k;
    await openPosition(k, parseUnits("24000", 6));

    const healthy = await pool.read.healthFactor([POOL, borrower.account.address]);
    assert.ok(healthy > 10n ** 18n);
    await k.ethFeed.write.setAnswer([2800n * 10n ** 8n]);
    const unhealthy = await pool.read.healthFactor([POOL, borrower.account.address]);
    assert.ok(unhealthy < 10n ** 18n, `health ${unhealthy}`);

    const keeper = await viem.deployContract("KeelLiquidator", [pool.address, k.routerAddress]);
    // A keeper quotes its call first, then sends it with 1% of slippage on the profit: the profit floor
    // bounds the sale from below too (sale ≥ repaid + fee + profit).
    const path = [k.weth.address, usdc.address];
    const order = [POOL, borrower.account.address, WETH_R, USDC_R, parseUnits("24000", 6), path] as const;
    const { result: quoted } = await keeper.simulate.liquidate([...order, 0n, 0n], {
      account: liquidator.account.address,
    });
    assert.ok(quoted > 0n);
    await keeper.write.liquidate([...order, 0n, (quoted * 99n) / 100n], { account: liquidator.account });
    const after = await pool.read.healthFactor([POOL, borrower.account.address]);
    assert.ok(after > 10n ** 18n, `health after liquidation ${after}`);
    // The pool's WETH/USDC pair is still at 3000 while the oracle says 2800: the keeper keeps the spread.
    assert.ok((await usdc.read.balanceOf([liquidator.account.address])) > 0n, "the keeper earned a profit");
  });

  it("a flash loan through a real receiver moves no accounting", async () => {
    const k = await deployKeel();
    const { pool, usdc, lender, viem } = k;
    await usdc.write.mint([lender.account.address, parseUnits("1000000", 6)]);
    await pool.write.supply([POOL, USDC_R, parseUnits("1000000", 6), 0n, lender.account.address], {
      account: lender.account,
    });
    const before = await pool.read.reserveState([POOL, USDC_R]);
    const balanceBefore = await usdc.read.balanceOf([pool.address]);
    const receiver = await viem.deployContract("FlashBorrowerExample", [pool.address]);
    await receiver.write.borrow([usdc.address, parseUnits("1000000", 6)]);
    const [borrowed] = await receiver.getEvents.Borrowed();
    assert.equal(borrowed.args.amount, parseUnits("1000000", 6));
    const after = await pool.read.reserveState([POOL, USDC_R]);
    assert.deepEqual(after, before);
    assert.equal(await usdc.read.balanceOf([pool.address]), balanceBefore);
  });
});
