import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maxUint256, parseUnits } from "viem";
import {
  ensureAllowance,
  executeBundle,
  morphoMarketId,
  planMigrationBetweenPools,
  planMigrationFromAave,
  planMigrationFromMorpho,
  planMigrationIntoVault,
  supply,
} from "../src/index.ts";
import { createDevnetChain } from "./fixtures/devnet.ts";

// Migration through the SDK on the whole devnet deployment, in process (Aave v3 and Morpho Blue included): a
// loan moves from Aave, from Morpho, between Keel pools and from a pool into a kUSD vault, each in one
// transaction with no capital, leaving no authorization or allowance behind.
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

  it("moves a WETH / USDC loan from Aave v3 to the core pool, and leaves no aToken allowance", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    const me = borrower.account.address;
    const bundler = keel.bundler.address;
    const aave = keel.aavePool;
    // A fresh Aave position: the WETH leaves Keel and is supplied to Aave, which lends 12,000 USDC.
    await keel.pool.write.withdrawCollateral([CORE, CORE_WETH, parseUnits("10", 18), me, me], {
      account: borrower.account,
    });
    await keel.weth.write.approve([aave.address, maxUint256], { account: borrower.account });
    await aave.write.supply([keel.weth.address, parseUnits("10", 18), me, 0], { account: borrower.account });
    await aave.write.borrow([keel.usdc.address, parseUnits("12000", 6), 2n, 0, me], { account: borrower.account });

    const plan = await planMigrationFromAave(borrower, {
      source: { aavePool: aave.address, collateralAsset: keel.weth.address, debtAsset: keel.usdc.address },
      target: { bundler, pool: keel.pool.address, poolId: CORE, collateral: CORE_WETH, debt: CORE_USDC },
    });
    assert.ok(plan.source.collateral >= parseUnits("10", 18));
    assert.ok(plan.source.debt >= parseUnits("12000", 6));
    assert.ok(plan.source.borrowRate !== undefined && plan.source.borrowRate > 0n, "Aave's rate is read");
    await executeBundle(borrower, { bundler, steps: plan.steps });

    assert.equal(await keel.variableDebtUSDC.read.balanceOf([me]), 0n, "the Aave loan is repaid");
    assert.equal(await keel.aWETH.read.balanceOf([me]), 0n, "every aToken was pulled at its live balance");
    assert.equal(await keel.aWETH.read.allowance([me, bundler]), 0n, "the permit's rest was revoked");
    const [collateral, debt] = await Promise.all([
      keel.pool.read.position([CORE, me, CORE_WETH]),
      keel.pool.read.position([CORE, me, CORE_USDC]),
    ]);
    assert.ok(collateral.collateral >= parseUnits("10", 18), "the WETH, with its Aave interest, is on Keel");
    assert.ok(debt.debtShares > 0n, "Keel lends instead");
    assert.equal(await keel.pool.read.isAuthorized([me, bundler]), false);
  });

  it("moves a WETH / USDC loan from Morpho Blue to the core pool, and ends unauthorized on Morpho", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    const me = borrower.account.address;
    const bundler = keel.bundler.address;
    const morpho = keel.morpho;
    const market = {
      loanToken: keel.usdc.address,
      collateralToken: keel.weth.address,
      oracle: keel.morphoWethUsdcOracle.address,
      irm: keel.morphoIrm.address,
      lltv: parseUnits("0.86", 18),
    };
    await keel.pool.write.withdrawCollateral([CORE, CORE_WETH, parseUnits("10", 18), me, me], {
      account: borrower.account,
    });
    await keel.weth.write.approve([morpho.address, maxUint256], { account: borrower.account });
    await morpho.write.supplyCollateral([market, parseUnits("10", 18), me, "0x"], { account: borrower.account });
    await morpho.write.borrow([market, parseUnits("12000", 6), 0n, me, me], { account: borrower.account });

    const plan = await planMigrationFromMorpho(borrower, {
      morpho: morpho.address,
      market,
      target: { bundler, pool: keel.pool.address, poolId: CORE, collateral: CORE_WETH, debt: CORE_USDC },
    });
    await executeBundle(borrower, { bundler, steps: plan.steps });

    const id = morphoMarketId(market);
    const [, borrowShares, collateral] = (await morpho.read.position([id, me])) as readonly [bigint, bigint, bigint];
    assert.equal(borrowShares, 0n, "the Morpho loan is repaid");
    assert.equal(collateral, 0n, "its collateral left");
    assert.equal(await morpho.read.isAuthorized([me, bundler]), false, "the Morpho authorization was revoked");
    assert.equal(
      (await keel.pool.read.position([CORE, me, CORE_WETH])).collateral,
      parseUnits("10", 18),
      "the WETH is on Keel",
    );
  });
});
