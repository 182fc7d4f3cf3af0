import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hashTypedData, maxUint256, parseUnits } from "viem";
import {
  buildPolicyTypedData,
  cancelPolicy,
  checkPolicy,
  ensureAllowance,
  executePolicy,
  POLICY_DIRECT_ROUTE,
  type Policy,
  PolicyAction,
  PolicyTrigger,
  planPolicyExecution,
  setAuthorization,
  setVaultOperator,
  signPolicy,
  supply,
  verifyPolicy,
} from "../src/index.ts";
import { createDevnetChain } from "./fixtures/devnet.ts";

// Protection policies through the SDK on the whole devnet deployment, in process: the typed data the SDK
// signs is the digest the contract hashes, a keeper executes a signed deleverage, and a cancel stops it.
const { networkHelpers, publicClient, wallets, deployDevnet } = await createDevnetChain();
const [, lender, owner, keeper] = wallets;
const CORE = 0n;
const WETH = 0;
const USDC = 3;

async function deployed() {
  const keel = await deployDevnet();
  const pool = keel.pool.address;
  await keel.usdc.write.mint([lender.account.address, parseUnits("1000000", 6)]);
  await ensureAllowance(lender, { token: keel.usdc.address, spender: pool, amount: maxUint256 });
  await supply(lender, { pool, poolId: CORE, reserve: BigInt(USDC), assets: parseUnits("1000000", 6) });
  // The owner posts 10 WETH and borrows 22,000 USDC, then lets the policy contract act for it.
  await keel.weth.write.mint([owner.account.address, parseUnits("10", 18)]);
  await keel.weth.write.approve([pool, maxUint256], { account: owner.account });
  await keel.pool.write.supplyCollateral([CORE, BigInt(WETH), parseUnits("10", 18), owner.account.address], {
    account: owner.account,
  });
  await keel.pool.write.borrow(
    [CORE, BigInt(USDC), parseUnits("22000", 6), 0n, owner.account.address, owner.account.address],
    {
      account: owner.account,
    },
  );
  await setAuthorization(owner, { pool, operator: keel.policies.address, isAuthorized: true });
  const latest = await publicClient.getBlock();
  // The trigger sits just below today's health: a fall of ETH to 2,800 crosses it.
  const health = await keel.pool.read.healthFactor([CORE, owner.account.address]);
  const policy: Policy = {
    owner: owner.account.address,
    poolId: CORE,
    vaultId: 0n,
    trigger: PolicyTrigger.HealthBelow,
    triggerValue: health - parseUnits("0.01", 18),
    priceReserve: 0,
    action: PolicyAction.Deleverage,
    collateralReserve: WETH,
    debtReserve: USDC,
    targetHealth: health,
    healthTolerance: parseUnits("0.3", 18),
    repayAllowance: 0n,
    adapter: keel.swapAdapter.address,
    route: POLICY_DIRECT_ROUTE,
    throughPegModule: false,
    maxDeviationBps: 300,
    feeBps: 50,
    maxFee: parseUnits("100", 6),
    incentiveStartBps: 0,
    incentiveEndBps: 0,
    closeFactorBps: 0,
    cooldown: 3600,
    expiry: latest.timestamp + 30n * 86_400n,
    maxExecutions: 2,
    nonce: 0n,
  };
  return { keel, policy };
}

describe("protection policies through the SDK", { timeout: 600_000 }, () => {
  it("signs the digest the contract hashes, and verifies it", async () => {
    const { keel, policy } = await networkHelpers.loadFixture(deployed);
    const typedData = await buildPolicyTypedData(publicClient, { policies: keel.policies.address, policy });
    assert.equal(hashTypedData(typedData), await keel.policies.read.hashPolicy([policy]));
    const signature = await signPolicy(owner, { policies: keel.policies.address, policy });
    assert.equal(await verifyPolicy(publicClient, { policies: keel.policies.address, policy, signature }), true);
    const altered = { ...policy, feeBps: 500 };
    assert.equal(
      await verifyPolicy(publicClient, { policies: keel.policies.address, policy: altered, signature }),
      false,
    );
  });

  it("says why a policy cannot run yet, then a keeper executes it once the trigger holds", async () => {
    const { keel, policy } = await networkHelpers.loadFixture(deployed);
    const policies = keel.policies.address;
    assert.deepEqual(await checkPolicy(publicClient, { policies, policy }), { ready: false, reason: "TriggerNotMet" });
    await keel.ethFeed.write.setAnswer([2_800n * 10n ** 8n]);
    assert.deepEqual(await checkPolicy(publicClient, { policies, policy }), { ready: true });

    const signature = await signPolicy(owner, { policies, policy });
    // Repay 6,000 USDC with WETH sold at the market (still about 3,000 USD), 0.5% to spare.
    const repay = parseUnits("6000", 6);
    const owed = repay + parseUnits("30", 6) + (await keel.pool.read.flashFee([keel.usdc.address, repay]));
    const [sell] = (await keel.router.read.getAmountsIn([owed, [keel.weth.address, keel.usdc.address]])) as bigint[];
    const execution = {
      repayAssets: repay,
      sellCollateral: (sell * 1005n) / 1000n,
      minAmountOut: owed,
      swapData: "0x" as const,
    };
    const { fee } = await executePolicy(keeper, { policies, policy, signature, execution });

    assert.equal(fee, parseUnits("30", 6), "0.5% of the 6,000 USDC repaid");
    const health = await keel.pool.read.healthFactor([CORE, owner.account.address]);
    assert.ok(health >= policy.targetHealth && health <= policy.targetHealth + policy.healthTolerance);
  });

  it("a cancelled policy reports it and cannot run", async () => {
    const { keel, policy } = await networkHelpers.loadFixture(deployed);
    const policies = keel.policies.address;
    await keel.ethFeed.write.setAnswer([2_800n * 10n ** 8n]);
    await cancelPolicy(owner, { policies });
    assert.deepEqual(await checkPolicy(publicClient, { policies, policy }), {
      ready: false,
      reason: "PolicyCancelled",
    });
  });

  it("a keeper repays a vault through the peg module when its ratio falls below the trigger", async () => {
    const { keel, policy: poolPolicy } = await networkHelpers.loadFixture(deployed);
    const policies = keel.policies.address;
    // 5 WETH (15,000 USD) owing 8,000 kUSD: a ratio of 187%. The policy repays below 180% to 200–240%.
    await keel.weth.write.mint([owner.account.address, parseUnits("5", 18)]);
    await keel.weth.write.approve([keel.engine.address, parseUnits("5", 18)], { account: owner.account });
    await keel.engine.write.open(
      [0n, owner.account.address, parseUnits("5", 18), parseUnits("8000", 18), owner.account.address],
      { account: owner.account },
    );
    const vaultId = await keel.engine.read.vaultCount();
    await setVaultOperator(owner, { engine: keel.engine.address, operator: policies, approved: true });
    const policy: Policy = {
      ...poolPolicy,
      poolId: 0n,
      vaultId,
      action: PolicyAction.VaultRepay,
      triggerValue: parseUnits("1.8", 18),
      collateralReserve: 0,
      debtReserve: 0,
      targetHealth: parseUnits("2", 18),
      healthTolerance: parseUnits("0.4", 18),
      throughPegModule: true,
      maxFee: parseUnits("100", 18),
    };
    assert.deepEqual(await checkPolicy(publicClient, { policies, policy }), { ready: false, reason: "TriggerNotMet" });
    await keel.ethFeed.write.setAnswer([2_800n * 10n ** 8n]);
    assert.deepEqual(await checkPolicy(publicClient, { policies, policy }), { ready: true });

    // The planner finds the repayment that lands in the band: WETH sold for USDC, turned into kUSD.
    const signature = await signPolicy(owner, { policies, policy });
    const plan = await planPolicyExecution(publicClient, {
      policies,
      policy,
      signature,
      executor: keeper.account.address,
      router: keel.router.address,
    });
    assert.ok(plan.executable, plan.executable ? "" : plan.reason);
    const { fee } = await executePolicy(keeper, { policies, policy, signature, execution: plan.execution });
    assert.equal(fee, (plan.execution.repayAssets * 50n) / 10_000n, "0.5% of the kUSD repaid");
    const vault = await keel.engine.read.vault([vaultId]);
    const debt = await keel.engine.read.debtOf([vaultId]);
    const ratio = (vault.collateral * 2_800n * 10n ** 18n) / debt;
    assert.ok(ratio >= policy.targetHealth && ratio <= policy.targetHealth + policy.healthTolerance, `ratio ${ratio}`);
  });

  it("plans what a keeper would send for a deleverage, against the real contracts", async () => {
    const { keel, policy } = await networkHelpers.loadFixture(deployed);
    const policies = keel.policies.address;
    const signature = await signPolicy(owner, { policies, policy });
    const router = keel.router.address;
    const executor = keeper.account.address;
    const early = await planPolicyExecution(publicClient, { policies, policy, signature, executor, router });
    assert.equal(early.executable, false);
    assert.equal(early.executable === false && early.errorName, "TriggerNotMet");

    await keel.ethFeed.write.setAnswer([2_800n * 10n ** 8n]);
    const plan = await planPolicyExecution(publicClient, { policies, policy, signature, executor, router });
    assert.ok(plan.executable, plan.executable ? "" : plan.reason);
    const { fee } = await executePolicy(keeper, { policies, policy, signature, execution: plan.execution });
    assert.equal(fee, plan.fee, "the fee the plan foresaw");
    const health = await keel.pool.read.healthFactor([CORE, owner.account.address]);
    assert.ok(health >= policy.targetHealth && health <= policy.targetHealth + policy.healthTolerance, "in the band");
  });
});
