import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseUnits } from "viem";
import {
  approveOperatorForOneBundle,
  buildVaultRepayThroughPsm,
  executeBundle,
  permitForBundle,
  planLeveragedVault,
} from "../src/index.ts";
import { createDevnetChain } from "./fixtures/devnet.ts";

// The kUSD flows through the SDK on the whole devnet deployment, in process: a newcomer opens a leveraged vault
// in one transaction (a permit, and an operator approval that ends with the bundle), then repays part of it
// with USDC through the peg module.
const { networkHelpers, wallets, deployDevnet } = await createDevnetChain();
const [, , , , newcomer] = wallets;
const ETH_TYPE = 0n;

async function deployed() {
  const keel = await deployDevnet();
  await keel.weth.write.mint([newcomer.account.address, parseUnits("5", 18)]);
  return keel;
}

describe("kUSD flows through the bundler", { timeout: 600_000 }, () => {
  it("opens a leveraged vault in one transaction, as previewed, and leaves no operator behind", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    const bundler = keel.bundler.address;
    const plan = await planLeveragedVault(newcomer, {
      engine: keel.engine.address,
      kusd: keel.kusd.address,
      bundler,
      swapAdapter: keel.swapAdapter.address,
      registry: keel.registry.address,
      router: keel.router.address,
      typeId: ETH_TYPE,
      deposit: parseUnits("5", 18),
      mint: parseUnits("5000", 18),
    });
    const operated = await approveOperatorForOneBundle(newcomer, {
      engine: keel.engine.address,
      bundler,
      steps: plan.steps,
    });
    const steps = await permitForBundle(newcomer, {
      token: keel.weth.address,
      bundler,
      value: parseUnits("5", 18),
      steps: operated,
    });
    await executeBundle(newcomer, { bundler, steps });

    const vaultId = await keel.engine.read.vaultCount();
    const vault = await keel.engine.read.vault([vaultId]);
    assert.equal(vault.owner.toLowerCase(), newcomer.account.address.toLowerCase());
    assert.equal(vault.collateral, plan.vault.collateral, "the deposit and the quoted swap, to the unit");
    const debt = await keel.engine.read.debtOf([vaultId]);
    assert.ok(debt >= plan.vault.debt && debt <= plan.vault.debt + 1n, "the flash mint and its fee (rounded up)");
    assert.ok(plan.vault.ratio > parseUnits("2.5", 18), `about 300% collateralized, got ${plan.vault.ratio}`);
    assert.equal(await keel.engine.read.isOperator([newcomer.account.address, bundler]), false);
    assert.equal(await keel.kusd.read.balanceOf([bundler]), 0n);
  });

  it("repays a vault with USDC through the peg module", async () => {
    const keel = await networkHelpers.loadFixture(deployed);
    const bundler = keel.bundler.address;
    await keel.weth.write.approve([keel.engine.address, parseUnits("5", 18)], { account: newcomer.account });
    await keel.engine.write.open(
      [ETH_TYPE, newcomer.account.address, parseUnits("5", 18), parseUnits("6000", 18), newcomer.account.address],
      {
        account: newcomer.account,
      },
    );
    const vaultId = await keel.engine.read.vaultCount();
    await keel.usdc.write.mint([newcomer.account.address, parseUnits("2000", 6)]);
    const before = await keel.engine.read.debtOf([vaultId]);

    const repay = buildVaultRepayThroughPsm({ vaultId, gem: keel.usdc.address, gemAmount: parseUnits("2000", 6) });
    const steps = await permitForBundle(newcomer, {
      token: keel.usdc.address,
      bundler,
      value: parseUnits("2000", 6),
      steps: repay,
    });
    await executeBundle(newcomer, { bundler, steps });

    const paid = before - (await keel.engine.read.debtOf([vaultId]));
    // 2,000 USDC at par less the module's 0.1% fee.
    assert.ok(paid >= parseUnits("1997.9", 18) && paid <= parseUnits("1998", 18), `repaid ${paid}`);
    assert.equal(await keel.usdc.read.balanceOf([newcomer.account.address]), 0n);
  });
});
