import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maxUint256, parseUnits } from "viem";
import {
  approveDelegation,
  borrow,
  ensureAllowance,
  flashLoan,
  getBorrowAllowance,
  getHealthFactor,
  getPosition,
  getTokenBalance,
  KeelContractError,
  liquidate,
  repay,
  repayAll,
  setAuthorization,
  supply,
  supplyCollateral,
  withdraw,
  withdrawCollateral,
} from "../src/index.ts";
import { createKeelChain, POOL_ID, USDC, WETH } from "./fixtures/keel.ts";

const chain = await createKeelChain();
const { publicClient, networkHelpers, deployer, lender, borrower, liquidator, operator, stranger } = chain;

/** Everyone approves the pool for both tokens; the lender supplies 100,000 USDC; the borrower posts 10 WETH. */
async function fundedPool() {
  const keel = await chain.deployKeel();
  const pool = keel.poolAddress;
  for (const wallet of [lender, borrower, liquidator, operator]) {
    for (const token of [keel.weth.address, keel.usdc.address])
      await ensureAllowance(wallet, { token, spender: pool, amount: maxUint256 });
  }
  await supply(lender, { pool, poolId: POOL_ID, reserve: USDC, assets: parseUnits("100000", 6) });
  await supplyCollateral(borrower, { pool, poolId: POOL_ID, reserve: WETH, assets: parseUnits("10", 18) });
  return keel;
}

/** Asserts that `promise` rejects with a decoded Keel error of `errorName` whose sentence matches `sentence`. */
async function rejectsWith(promise: Promise<unknown>, errorName: string, sentence?: RegExp) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof KeelContractError, `expected a KeelContractError, got ${error}`);
    assert.equal(error.errorName, errorName);
    if (sentence) assert.match(error.shortMessage, sentence);
    assert.ok(error.cause, "the viem error stays in the cause chain");
    return true;
  });
}

describe("supply and withdraw", () => {
  it("supply returns the event's assets and shares, withdraw max leaves no shares", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const pool = keel.poolAddress;
    const target = { pool, poolId: POOL_ID, reserve: USDC };
    const supplied = await supply(stranger, { ...target, assets: 0n, shares: 0n }).catch((e) => e);
    assert.ok(supplied instanceof KeelContractError && supplied.errorName === "InconsistentInput");

    const before = await getPosition(publicClient, { ...target, account: lender.account.address });
    const result = await supply(lender, { ...target, assets: parseUnits("500", 6) });
    assert.equal(result.assets, parseUnits("500", 6));
    const after = await getPosition(publicClient, { ...target, account: lender.account.address });
    assert.equal(after.supplyShares - before.supplyShares, result.shares);
    assert.equal(result.receipt.status, "success");

    const partial = await withdraw(lender, { ...target, assets: parseUnits("100", 6) });
    assert.equal(partial.assets, parseUnits("100", 6));
    const balanceBefore = await getTokenBalance(publicClient, {
      token: keel.usdc.address,
      account: lender.account.address,
    });
    const all = await withdraw(lender, { ...target, max: true });
    assert.equal(all.shares, after.supplyShares - partial.shares);
    assert.equal((await getPosition(publicClient, { ...target, account: lender.account.address })).supplyShares, 0n);
    const balanceAfter = await getTokenBalance(publicClient, {
      token: keel.usdc.address,
      account: lender.account.address,
    });
    assert.equal(balanceAfter - balanceBefore, all.assets);
  });

  it("supply without allowance fails with the token's error in whole USDC", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    await rejectsWith(
      supply(stranger, { pool: keel.poolAddress, poolId: POOL_ID, reserve: USDC, assets: parseUnits("1234.5", 6) }),
      "ERC20InsufficientAllowance",
      /may spend 0 USDC, but 1,234.5 USDC is needed/,
    );
  });

  it("supply into a frozen or paused reserve is refused, withdraw still works", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const target = { pool: keel.poolAddress, poolId: POOL_ID, reserve: USDC };
    await keel.configurator.write.setFrozen([POOL_ID, USDC, true], { account: deployer.account });
    await rejectsWith(supply(lender, { ...target, assets: 1_000_000n }), "ReserveFrozen", /frozen by its risk admin/);
    await withdraw(lender, { ...target, assets: 1_000_000n });
    await keel.configurator.write.setFrozen([POOL_ID, USDC, false], { account: deployer.account });
    await keel.configurator.write.setPaused([POOL_ID, USDC, true], { account: deployer.account });
    await rejectsWith(borrow(borrower, { ...target, assets: 1_000_000n }), "ReservePaused", /paused by the guardian/);
  });
});

describe("borrow, repay and collateral", () => {
  it("borrow, repay part, then repayAll leaves zero debt shares", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const target = { pool: keel.poolAddress, poolId: POOL_ID, reserve: USDC };
    const account = borrower.account.address;
    const borrowed = await borrow(borrower, { ...target, assets: parseUnits("10000", 6) });
    assert.equal(borrowed.assets, parseUnits("10000", 6));
    assert.equal((await getPosition(publicClient, { ...target, account })).debtShares, borrowed.shares);

    await networkHelpers.time.increase(90 * 24 * 3600);
    const part = await repay(borrower, { ...target, assets: parseUnits("4000", 6) });
    assert.equal(part.assets, parseUnits("4000", 6));
    const all = await repayAll(borrower, target);
    assert.ok(all.assets > parseUnits("6000", 6), "interest accrued over 90 days is repaid too");
    assert.equal((await getPosition(publicClient, { ...target, account })).debtShares, 0n);
    assert.equal(await getHealthFactor(publicClient, { pool: keel.poolAddress, poolId: POOL_ID, account }), maxUint256);

    const collateral = await withdrawCollateral(borrower, { ...target, reserve: WETH, max: true });
    assert.equal(collateral.assets, parseUnits("10", 18));
  });

  it("borrowing too much says the health factor it would reach and the most one can borrow", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    // 10 WETH at $3,000 with 80% LTV: $24,000 of borrowing power; $26,000 breaks it.
    await rejectsWith(
      borrow(borrower, { pool: keel.poolAddress, poolId: POOL_ID, reserve: USDC, assets: parseUnits("26000", 6) }),
      "InsufficientCollateral",
      /^Your health factor would fall to 0\.98; the most you can borrow now is 24,000 USDC\.$/,
    );
  });

  it("withdrawing collateral that backs the debt says how much can leave", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const target = { pool: keel.poolAddress, poolId: POOL_ID };
    await borrow(borrower, { ...target, reserve: USDC, assets: parseUnits("12000", 6) });
    // $24,000 − $12,000 of free power over $3,000 × 80% per WETH: 5 WETH may leave.
    await rejectsWith(
      withdrawCollateral(borrower, { ...target, reserve: WETH, assets: parseUnits("6", 18) }),
      "InsufficientCollateral",
      /most collateral you can withdraw now is about (5|4\.999\d+) WETH/,
    );
    // "About": interest accrues every second, so exactly 5 WETH is already a hair too much a block later.
    await withdrawCollateral(borrower, { ...target, reserve: WETH, assets: parseUnits("4.99", 18) });
  });

  it("a stale collateral price gives no borrowing power; a stale debt price blocks borrowing with the oracle's own error", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const target = { pool: keel.poolAddress, poolId: POOL_ID, reserve: USDC, assets: 1_000_000n };
    await keel.ethFeed.write.setRound([3000n * 10n ** 8n, 1n, 1n]);
    await rejectsWith(borrow(borrower, target), "UnpricedCollateral", /price of WETH .*cannot be confirmed right now/);
    await keel.ethFeed.write.setAnswer([3000n * 10n ** 8n]);
    await borrow(borrower, target);
    await keel.usdcFeed.write.setRound([10n ** 8n, 1n, 1n]);
    await rejectsWith(borrow(borrower, target), "StalePrice", /older than its maximum age of 31536000 seconds/);
  });
});

describe("acting for others", () => {
  it("an authorized operator withdraws collateral and borrows for the owner; others are refused", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const target = { pool: keel.poolAddress, poolId: POOL_ID };
    const owner = borrower.account.address;
    await rejectsWith(
      borrow(operator, { ...target, reserve: USDC, assets: 1_000_000n, onBehalf: owner }),
      "Unauthorized",
      /may not act for/,
    );
    await setAuthorization(borrower, {
      pool: keel.poolAddress,
      operator: operator.account.address,
      isAuthorized: true,
    });
    const borrowed = await borrow(operator, {
      ...target,
      reserve: USDC,
      assets: parseUnits("1000", 6),
      onBehalf: owner,
    });
    assert.equal(
      (await getPosition(publicClient, { ...target, reserve: USDC, account: owner })).debtShares,
      borrowed.shares,
    );
    const before = await getTokenBalance(publicClient, { token: keel.weth.address, account: operator.account.address });
    await withdrawCollateral(operator, { ...target, reserve: WETH, assets: parseUnits("1", 18), onBehalf: owner });
    const after = await getTokenBalance(publicClient, { token: keel.weth.address, account: operator.account.address });
    assert.equal(after - before, parseUnits("1", 18), "the operator received the collateral");
  });

  it("a delegate borrows within its credit delegation, not beyond", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const target = { pool: keel.poolAddress, poolId: POOL_ID, reserve: USDC };
    const owner = borrower.account.address;
    const delegate = stranger.account.address;
    await approveDelegation(borrower, { ...target, delegate, amount: parseUnits("2000", 6) });
    await borrow(stranger, { ...target, assets: parseUnits("1500", 6), onBehalf: owner });
    assert.equal(await getBorrowAllowance(publicClient, { ...target, owner, delegate }), parseUnits("500", 6));
    await rejectsWith(
      borrow(stranger, { ...target, assets: parseUnits("600", 6), onBehalf: owner }),
      "InsufficientDelegation",
      /allows borrowing 500 USDC, but 600 USDC was asked/,
    );
  });
});

describe("liquidation and flash loans", () => {
  it("liquidates after a price drop and reports repaid and seized amounts", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const target = { pool: keel.poolAddress, poolId: POOL_ID };
    const account = borrower.account.address;
    await borrow(borrower, { ...target, reserve: USDC, assets: parseUnits("20000", 6) });
    const order = {
      ...target,
      borrower: account,
      collateralReserve: WETH,
      debtReserve: USDC,
      maxRepayAssets: parseUnits("20000", 6),
    };
    await rejectsWith(liquidate(liquidator, order), "HealthyPosition", /is healthy \(health factor 1\.27\)/);

    await keel.ethFeed.write.setAnswer([2300n * 10n ** 8n]);
    const healthBefore = await getHealthFactor(publicClient, { ...target, account });
    assert.ok(healthBefore < 10n ** 18n);
    const wethBefore = await getTokenBalance(publicClient, {
      token: keel.weth.address,
      account: liquidator.account.address,
    });
    const result = await liquidate(liquidator, order);
    assert.ok(result.repaidAssets > 0n && result.repaidAssets <= order.maxRepayAssets);
    const wethAfter = await getTokenBalance(publicClient, {
      token: keel.weth.address,
      account: liquidator.account.address,
    });
    assert.equal(wethAfter - wethBefore, result.seizedAssets - result.protocolFee);
    assert.ok((await getHealthFactor(publicClient, { ...target, account })) > healthBefore, "health improved");
  });

  it("flash-borrows through FlashBorrowerExample; calling the pool directly is refused by the borrower", async () => {
    const keel = await networkHelpers.loadFixture(fundedPool);
    const amount = parseUnits("50000", 6);
    const result = await flashLoan(stranger, {
      pool: keel.poolAddress,
      borrower: keel.flashBorrower.address,
      token: keel.usdc.address,
      amount,
    });
    assert.equal(result.amount, amount);
    assert.equal(result.fee, 0n);
    assert.equal(result.receiver.toLowerCase(), keel.flashBorrower.address.toLowerCase());

    await rejectsWith(
      flashLoan(stranger, {
        pool: keel.poolAddress,
        receiver: keel.flashBorrower.address,
        token: keel.usdc.address,
        amount,
      }),
      "UntrustedCallback",
      /start the loan through the borrower contract itself/,
    );
    await rejectsWith(
      flashLoan(stranger, {
        pool: keel.poolAddress,
        borrower: keel.flashBorrower.address,
        token: keel.usdc.address,
        amount: parseUnits("10000000", 6),
      }),
      "FlashLoanTooLarge",
      /but 10,000,000 USDC was asked/,
    );
  });
});
