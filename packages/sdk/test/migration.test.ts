import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maxUint256, parseUnits } from "viem";
import {
  ensureAllowance,
  executeBundle,
  planMigrationBetweenPools,
  planMigrationIntoVault,
  supply,
} from "../src/index.ts";
import { createDevnetChain } from "./fixtures/devnet.ts";

// Migration through the SDK on the whole devnet deployment, in process: a loan moves between Keel pools and
// from a pool into a kUSD vault, each in one transaction with no capital, leaving no authorization behind.
const { networkHelpers, wallets, deployDevnet } = await createDevnetChain();
const [, lender, borrower] = wallets;
const CORE = 0n;
const CORE_WETH = 0n;
const CORE_WBTC = 1n;
const CORE_USDC = 3n;
const WBTC_USDC = 1n; // the isolated pool: WBTC 0, USDC 1
const ETH_TYPE = 0n;

async function deployed() {
  const keel = await deployDevnet();
  const pool = keel.pool.address;
  const me = borrower.account.address;
  // USDC to lend in the core pool and in the isolated WBTC / USDC pool.
  await keel.usdc.write.mint([lender.account.address, parseUnits("2000000", 6)]);
  await ensureAllowance(lender, { token: keel.usdc.address, spender: pool, amount: maxUint256 });
  await supply(lender, { pool, poolId: CORE, reserve: CORE_USDC, assets: parseUnits("1000000", 6) });
  await supply(lender, { pool, poolId: WBTC_USDC, reserve: 1n, assets: parseUnits("1000000", 6) });
  // The borrower: 1 WBTC and 10 WETH posted in the core pool, 30,000 USDC borrowed.
  await keel.wbtc.write.mint([me, parseUnits("1", 8)]);
  await keel.weth.write.mint([me, parseUnits("10", 18)]);
  await keel.wbtc.write.approve([pool, maxUint256], { account: borrower.account });
  await keel.weth.write.approve([pool, maxUint256], { account: borrower.account });
  await keel.pool.write.supplyCollateral([CORE, CORE_WBTC, parseUnits("1", 8), me], { account: borrower.account });
  await keel.pool.write.supplyCollateral([CORE, CORE_WETH, parseUnits("10", 18), me], { account: borrower.account });
  return keel;
}

describe("migration through the bundler", { timeout: 600_000 }, () => {
  it("moves a WBTC / USDC loan from the core pool to the isolated pool, as previewed", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    const me = borrower.account.address;
    const bundler = keel.bundler.address;
    // Only the WBTC backs this loan: the WETH leaves first.
    await keel.pool.write.withdrawCollateral([CORE, CORE_WETH, parseUnits("10", 18), me, me], {
      account: borrower.account,
    });
    await keel.pool.write.borrow([CORE, CORE_USDC, parseUnits("30000", 6), 0n, me, me], { account: borrower.account });

    const plan = await planMigrationBetweenPools(borrower, {
      source: { poolId: CORE, collateral: CORE_WBTC, debt: CORE_USDC },
      target: { bundler, pool: keel.pool.address, poolId: WBTC_USDC, collateral: 0n, debt: 1n },
      debtAsset: keel.usdc.address,
    });
    assert.equal(plan.source.collateral, parseUnits("1", 8));
    assert.ok(plan.source.debt >= parseUnits("30000", 6));
    assert.ok(plan.target.borrowRate !== undefined && plan.source.borrowRate !== undefined);
    await executeBundle(borrower, { bundler, steps: plan.steps });

    const [oldDebt, newCollateral, newDebt] = await Promise.all([
      keel.pool.read.position([CORE, me, CORE_USDC]),
      keel.pool.read.position([WBTC_USDC, me, 0n]),
      keel.pool.read.position([WBTC_USDC, me, 1n]),
    ]);
    assert.equal(oldDebt.debtShares, 0n, "the core pool loan is repaid");
    assert.equal(newCollateral.collateral, parseUnits("1", 8), "the WBTC moved");
    assert.ok(newDebt.debtShares > 0n, "the isolated pool lends instead");
    assert.equal(await keel.pool.read.isAuthorized([me, bundler]), false, "the grant lasted one transaction");
  });

  it("moves a WETH / USDC loan from the core pool into a new kUSD vault", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    const me = borrower.account.address;
    const bundler = keel.bundler.address;
    await keel.pool.write.withdrawCollateral([CORE, CORE_WBTC, parseUnits("1", 8), me, me], {
      account: borrower.account,
    });
    await keel.pool.write.borrow([CORE, CORE_USDC, parseUnits("10000", 6), 0n, me, me], { account: borrower.account });
    const usdcBefore = await keel.usdc.read.balanceOf([me]);

    const plan = await planMigrationIntoVault(borrower, {
      source: { poolId: CORE, collateral: CORE_WETH, debt: CORE_USDC },
      target: {
        bundler,
        pool: keel.pool.address,
        engine: keel.engine.address,
        kusd: keel.kusd.address,
        psm: keel.psm.address,
        typeId: ETH_TYPE,
      },
    });
    await executeBundle(borrower, { bundler, steps: plan.steps });

    assert.equal((await keel.pool.read.position([CORE, me, CORE_USDC])).debtShares, 0n, "the pool loan is repaid");
    assert.equal((await keel.pool.read.position([CORE, me, CORE_WETH])).collateral, 0n, "the WETH left the pool");
    const vaultId = await keel.engine.read.vaultCount();
    const vault = await keel.engine.read.vault([vaultId]);
    assert.equal(vault.owner.toLowerCase(), me.toLowerCase());
    assert.equal(vault.collateral, parseUnits("10", 18), "the WETH is the vault's");
    const debt = await keel.engine.read.debtOf([vaultId]);
    // The USDC debt, its one-basis-point margin, the peg module's 0.1% and the flash mint's fee, in kUSD.
    assert.ok(debt > parseUnits("10010", 18) && debt < parseUnits("10030", 18), `vault debt ${debt}`);
    const margin = (await keel.usdc.read.balanceOf([me])) - usdcBefore;
    assert.ok(margin >= 0n && margin <= parseUnits("2", 6), `only the margin came back, got ${margin}`);
    assert.equal(await keel.engine.read.isOperator([me, bundler]), false, "the operator approval lasted one bundle");
    assert.equal(await keel.pool.read.isAuthorized([me, bundler]), false);
  });
});
