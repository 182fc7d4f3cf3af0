import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Address, erc20Abi, maxUint256, parseUnits } from "viem";
import {
  authorizeForOneBundle,
  ensureAllowance,
  executeBundle,
  getHealthFactor,
  KeelContractError,
  type PoolFlowRequest,
  permitForBundle,
  planPoolFlow,
  setAuthorization,
  supply,
} from "../src/index.ts";
import { createDevnetChain } from "./fixtures/devnet.ts";

// The pool flows end to end on the whole devnet deployment (the Ignition module `npm start` deploys: pools,
// Uniswap V2 pairs at the feeds' prices, the kUSD engine, the bundler and its registry), in process: each
// flow is planned from quotes, sent, and the chain is held to the plan's preview.
const { networkHelpers, publicClient, wallets, deployDevnet } = await createDevnetChain();
const [, lender, user, newcomer] = wallets;

const CORE = 0n;
const R = { WETH: 0, WBTC: 1, wstETH: 2, USDC: 3, DAI: 4 } as const;
const WAD = 10n ** 18n;

async function deployed() {
  const keel = await deployDevnet();
  const tokens = { WETH: keel.weth, USDC: keel.usdc, DAI: keel.dai, wstETH: keel.wsteth };
  // A lender fills the core pool's USDC and DAI; the user holds 20 WETH and lets the bundler act for it.
  for (const [symbol, reserve, amount] of [
    ["USDC", R.USDC, parseUnits("2000000", 6)],
    ["DAI", R.DAI, parseUnits("2000000", 18)],
  ] as const) {
    await tokens[symbol].write.mint([lender.account.address, amount]);
    await ensureAllowance(lender, { token: tokens[symbol].address, spender: keel.pool.address, amount });
    await supply(lender, { pool: keel.pool.address, poolId: CORE, reserve: BigInt(reserve), assets: amount });
  }
  await keel.weth.write.mint([user.account.address, parseUnits("20", 18)]);
  await setAuthorization(user, { pool: keel.pool.address, operator: keel.bundler.address, isAuthorized: true });
  await ensureAllowance(user, { token: keel.weth.address, spender: keel.bundler.address, amount: maxUint256 });
  return keel;
}

type Keel = Awaited<ReturnType<typeof deployed>>;

const plan = (keel: Keel, request: PoolFlowRequest, maxDeviationBps?: bigint) =>
  planPoolFlow(publicClient, {
    maxDeviationBps,
    pool: keel.pool.address,
    poolId: CORE,
    bundler: keel.bundler.address,
    swapAdapter: keel.swapAdapter.address,
    router: keel.router.address,
    registry: keel.registry.address,
    account: user.account.address,
    request,
  });

async function position(keel: Keel, reserve: number) {
  return keel.pool.read.position([CORE, user.account.address, BigInt(reserve)]);
}

/** The bundler keeps nothing of any token the flows touch. */
async function assertBundlerEmpty(keel: Keel) {
  for (const token of [keel.weth, keel.usdc, keel.dai, keel.wsteth] as { address: Address }[]) {
    const balance = await publicClient.readContract({
      address: token.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [keel.bundler.address],
    });
    assert.equal(balance, 0n, `the bundler holds ${balance} of ${token.address}`);
  }
}

/** 10 WETH of collateral, lifted by a 12,000 USDC flash loan swapped into WETH. */
async function leveraged() {
  const keel = await deployed();
  const leverage = await plan(keel, {
    kind: "leverage",
    collateral: R.WETH,
    debt: R.USDC,
    deposit: parseUnits("10", 18),
    borrow: parseUnits("12000", 6),
  });
  await executeBundle(user, { bundler: keel.bundler.address, steps: leverage.steps });
  return { keel, leverage };
}

describe("pool flows through the bundler, planned, previewed and sent", { timeout: 600_000 }, () => {
  it("leverage: the collateral is the deposit plus the quoted swap, to the unit, as previewed", async () => {
    const { keel, leverage } = await networkHelpers.loadFixture(leveraged);
    const previewed = leverage.after.account.positions[R.WETH].collateral;
    assert.equal((await position(keel, R.WETH)).collateral, previewed);
    assert.ok(previewed > parseUnits("13.9", 18), "about 4 WETH were bought with 12,000 USDC");
    assert.ok(
      leverage.swap.deviationBps < 100n,
      `the swap is within 1% of the oracles (${leverage.swap.deviationBps})`,
    );
    assert.equal(leverage.flash?.amount, parseUnits("12000", 6));
    const debt = (await position(keel, R.USDC)).debtShares;
    assert.equal(debt, leverage.after.account.positions[R.USDC].debtShares, "the debt shares are the preview's");
    const health = await getHealthFactor(publicClient, {
      pool: keel.pool.address,
      poolId: CORE,
      account: user.account.address,
    });
    assert.ok(health >= (11n * WAD) / 10n && leverage.after.healthFactor !== undefined);
    await assertBundlerEmpty(keel);
  });

  it("deleverage repays through a flash loan and lowers the debt by at least the amount asked", async () => {
    const { keel } = await networkHelpers.loadFixture(leveraged);
    const debtBefore = (await position(keel, R.USDC)).debtShares;
    const deleverage = await plan(keel, {
      kind: "deleverage",
      collateral: R.WETH,
      debt: R.USDC,
      repay: parseUnits("5000", 6),
    });
    await executeBundle(user, { bundler: keel.bundler.address, steps: deleverage.steps });
    const after = await position(keel, R.USDC);
    assert.ok(after.debtShares < debtBefore, "the debt fell");
    // The preview repays at the snapshot's share price; a block of interest later, the same assets burn a
    // hair fewer shares. The sale's surplus repays more than the amount asked.
    const previewed = deleverage.after.account.positions[R.USDC].debtShares;
    assert.ok(after.debtShares <= previewed + previewed / 100_000n, "the preview's debt, within a block of interest");
    assert.equal((await position(keel, R.WETH)).collateral, deleverage.after.account.positions[R.WETH].collateral);
    await assertBundlerEmpty(keel);
  });

  it("repay with collateral, without a flash loan, repays the quoted proceeds", async () => {
    const { keel } = await networkHelpers.loadFixture(leveraged);
    const flow = await plan(keel, {
      kind: "repayWithCollateral",
      collateral: R.WETH,
      debt: R.USDC,
      sell: parseUnits("1", 18),
    });
    assert.equal(flow.flash, undefined);
    await executeBundle(user, { bundler: keel.bundler.address, steps: flow.steps });
    assert.equal((await position(keel, R.WETH)).collateral, flow.after.account.positions[R.WETH].collateral);
    await assertBundlerEmpty(keel);
  });

  it("swap debt moves the whole USDC debt into DAI", async () => {
    const { keel } = await networkHelpers.loadFixture(leveraged);
    const flow = await plan(keel, { kind: "swapDebt", from: R.USDC, to: R.DAI });
    await executeBundle(user, { bundler: keel.bundler.address, steps: flow.steps });
    assert.equal((await position(keel, R.USDC)).debtShares, 0n, "no USDC debt is left");
    assert.equal((await position(keel, R.DAI)).debtShares, flow.after.account.positions[R.DAI].debtShares);
    await assertBundlerEmpty(keel);
  });

  it("swap collateral moves all the WETH into wstETH and carries the debt over", async () => {
    const { keel } = await networkHelpers.loadFixture(leveraged);
    const request = { kind: "swapCollateral", from: R.WETH, to: R.wstETH, debt: R.USDC } as const;
    // Fourteen WETH move the devnet's wstETH market by more than 1%: the planner refuses before sending.
    await assert.rejects(plan(keel, request), /less value than it sells/);
    const flow = await plan(keel, request, 300n);
    await executeBundle(user, { bundler: keel.bundler.address, steps: flow.steps });
    assert.equal((await position(keel, R.WETH)).collateral, 0n);
    assert.equal((await position(keel, R.wstETH)).collateral, flow.swap.quotedOut, "the quoted wstETH is collateral");
    assert.ok((await position(keel, R.USDC)).debtShares > 0n, "the debt was borrowed back");
    await assertBundlerEmpty(keel);
  });

  it("close repays everything and gives back the collateral not sold", async () => {
    const { keel } = await networkHelpers.loadFixture(leveraged);
    const walletBefore = await keel.weth.read.balanceOf([user.account.address]);
    const flow = await plan(keel, { kind: "close", collateral: R.WETH, debt: R.USDC });
    await executeBundle(user, { bundler: keel.bundler.address, steps: flow.steps });
    assert.equal((await position(keel, R.USDC)).debtShares, 0n);
    assert.equal((await position(keel, R.WETH)).collateral, 0n);
    const held = flow.before.account.positions[R.WETH].collateral;
    assert.equal(await keel.weth.read.balanceOf([user.account.address]), walletBefore + held - flow.swap.amountIn);
    await assertBundlerEmpty(keel);
  });

  it("a bundle the health floor refuses changes nothing and explains itself", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    const greedy = await plan(keel, {
      kind: "leverage",
      collateral: R.WETH,
      debt: R.USDC,
      deposit: parseUnits("1", 18),
      borrow: parseUnits("10000", 6),
    });
    const refused = await executeBundle(user, { bundler: keel.bundler.address, steps: greedy.steps }).catch((e) => e);
    assert.ok(refused instanceof KeelContractError, `expected a KeelContractError, got ${refused}`);
    assert.match(refused.shortMessage, /health factor/);
    assert.equal((await position(keel, R.WETH)).collateral, 0n, "nothing was posted");
    assert.equal(await keel.weth.read.balanceOf([user.account.address]), parseUnits("20", 18));
  });

  it("a newcomer levers up in one transaction: a permit, and an authorization that ends with the bundle", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    await keel.weth.write.mint([newcomer.account.address, parseUnits("5", 18)]);
    const flow = await planPoolFlow(publicClient, {
      pool: keel.pool.address,
      poolId: CORE,
      bundler: keel.bundler.address,
      swapAdapter: keel.swapAdapter.address,
      router: keel.router.address,
      registry: keel.registry.address,
      account: newcomer.account.address,
      request: {
        kind: "leverage",
        collateral: R.WETH,
        debt: R.USDC,
        deposit: parseUnits("5", 18),
        borrow: parseUnits("5000", 6),
      },
    });
    const bundler = keel.bundler.address;
    const authorized = await authorizeForOneBundle(newcomer, { pool: keel.pool.address, bundler, steps: flow.steps });
    const steps = await permitForBundle(newcomer, {
      token: keel.weth.address,
      bundler,
      value: parseUnits("5", 18),
      steps: authorized,
    });
    const { receipt } = await executeBundle(newcomer, { bundler, steps });

    assert.equal(receipt.status, "success");
    const collateral = await keel.pool.read.position([CORE, newcomer.account.address, BigInt(R.WETH)]);
    assert.equal(collateral.collateral, flow.after.account.positions[R.WETH].collateral);
    assert.equal(await keel.pool.read.isAuthorized([newcomer.account.address, bundler]), false, "the grant ended");
    assert.equal(await keel.weth.read.allowance([newcomer.account.address, bundler]), 0n, "the permit was spent");
    await assertBundlerEmpty(keel);
  });
});
