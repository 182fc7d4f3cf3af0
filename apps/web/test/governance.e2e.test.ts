import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  accountHealth,
  formatHealthFactor,
  getAccountSnapshot,
  getPoolSnapshot,
  healthFactor,
  keelConfiguratorAbi,
  keelPoolAbi,
  WAD,
} from "@keel/sdk";
import type { BrowserContext, Page } from "playwright-core";
import { type Address, encodeAbiParameters, encodeFunctionData, getAddress, type Hex, keccak256 } from "viem";
import { deployTimelock, timelockArtifact, wethThresholdCut } from "../../keeper/test/helpers/governance.ts";
import { chainClients } from "../../keeper/test/helpers/keeper.ts";
import { accessibilityViolations, SLOW } from "./helpers/page.ts";
import { openBrowserAs, startWorld, type World } from "./helpers/world.ts";

/**
 * The governance page against a devnet whose core pool is handed to a TimelockController: a queued
 * threshold cut decoded into words, the borrower's health factor after it held against the SDK's math on
 * a changed snapshot in Node, then the change executed on chain and the page's prediction held against
 * the pool's own health factor.
 */
const DEVNET_PORT = 8852;
const CORE = 0n;
const ZERO32 = `0x${"00".repeat(32)}` as Hex;
const DELAY = 3600n;

/** 8250 → "82.5%", as the page writes basis points. */
const pct = (bps: number) => `${(bps / 100).toFixed(2).replace(/\.?0+$/, "")}%`;

describe("the governance page in Chromium, against a devnet with a timelock", { timeout: 900_000 }, () => {
  let world: World;
  let browser: BrowserContext;
  let page: Page;
  let timelock: Address;
  let borrower: { address: Address; privateKey: Hex };
  let cut: Awaited<ReturnType<typeof wethThresholdCut>>;
  let data: Hex;
  let operation: Hex;
  const clients = () => chainClients(world.devnet);

  before(async () => {
    world = await startWorld(DEVNET_PORT);
    const found = world.devnet.deployment.accounts.find((a) => a.label === "edge-borrower");
    assert.ok(found);
    borrower = found;
    ({ browser, page } = await openBrowserAs(world, borrower.privateKey));
  });

  after(async () => {
    await browser?.close();
    await world?.stop();
  });

  it("hands the core pool's risk admin to a timelock and queues the largest WETH threshold cut allowed", async () => {
    const { publicClient, wallet } = clients();
    const { configurator } = world.devnet.deployment.contracts;
    timelock = await deployTimelock(world.devnet);
    const admin = await publicClient.readContract({
      address: configurator,
      abi: keelConfiguratorAbi,
      functionName: "riskAdmin",
      args: [CORE],
    });
    assert.equal(admin, wallet.account.address, "the deployer is the core pool's risk admin on a fresh devnet");
    await publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: configurator,
        abi: keelConfiguratorAbi,
        functionName: "setRiskAdmin",
        args: [CORE, timelock],
      }),
    });
    cut = await wethThresholdCut(world.devnet);
    data = encodeFunctionData({
      abi: keelConfiguratorAbi,
      functionName: "updateReserve",
      args: [CORE, cut.weth, cut.params],
    });
    await publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: timelock,
        abi: timelockArtifact.abi,
        functionName: "schedule",
        args: [configurator, 0n, data, ZERO32, ZERO32, DELAY],
        gas: 500_000n,
      }),
    });
    operation = keccak256(
      encodeAbiParameters(
        [{ type: "address" }, { type: "uint256" }, { type: "bytes" }, { type: "bytes32" }, { type: "bytes32" }],
        [configurator, 0n, data, ZERO32, ZERO32],
      ),
    );
  });

  /** The page's figures for the operation: the block they are at, and the health factor now and after. */
  async function pageEffect(card: ReturnType<Page["locator"]>) {
    const table = card.getByTestId("effects");
    await table.waitFor({ timeout: SLOW });
    const block = BigInt((await table.getAttribute("data-block")) ?? "0");
    const row = table.getByTestId("effect");
    const before = BigInt((await row.getByTestId("hf-before").getAttribute("data-value")) ?? "0");
    const afterValue = BigInt((await row.getByTestId("hf-after").getAttribute("data-value")) ?? "0");
    return { block, before, after: afterValue, outcome: (await row.getByTestId("outcome").textContent()) ?? "" };
  }

  /** The SDK's valuation in Node of the borrower after the cut: the snapshot at `block`, its WETH config changed by hand. */
  async function predicted(block: bigint) {
    const { publicClient } = clients();
    const { pool } = world.devnet.deployment.contracts;
    const snapshot = await getPoolSnapshot(publicClient, { pool, poolId: CORE, blockNumber: block });
    const account = await getAccountSnapshot(publicClient, {
      pool,
      poolId: CORE,
      account: borrower.address,
      blockNumber: block,
    });
    const changed = structuredClone(snapshot);
    const config = changed.reserves[Number(cut.weth)].config;
    config.liquidationThresholdBps = cut.params.liquidationThresholdBps;
    config.ltvBps = cut.params.ltvBps;
    const own = await publicClient.readContract({
      address: pool,
      abi: keelPoolAbi,
      functionName: "healthFactor",
      args: [CORE, borrower.address],
      blockNumber: block,
    });
    return { own, after: healthFactor(accountHealth(changed, account)) };
  }

  it("shows the queued cut in words, and the borrower's health factor after it as the SDK computes it", async () => {
    await page.goto(`${world.appUrl}/governance`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Keel Test Wallet" }).click();
    await page.getByTestId("account-line").getByText("(you)").waitFor();
    await page
      .getByTestId("timelock")
      .and(page.locator(`[data-address="${getAddress(timelock)}"]`))
      .waitFor();
    assert.match((await page.getByTestId("timelocks").textContent()) ?? "", /risk admin of the Core pool/);
    const card = page.locator(`[data-testid="queued-operation"][data-operation="${operation}"]`);
    await card.waitFor();
    const words = `Core pool: WETH liquidation threshold ${pct(cut.config.liquidationThresholdBps)} → ${pct(cut.threshold)}, WETH LTV ${pct(cut.config.ltvBps)} → ${pct(cut.params.ltvBps)}`;
    // The words come once the pool is read; wait for them rather than for the first draw.
    await card.getByTestId("change").filter({ hasNotText: "reading the pool" }).waitFor();
    assert.equal(await card.getByTestId("change").textContent(), words);
    assert.match(
      (await card.getByTestId("when").textContent()) ?? "",
      /^Executable from \d{4}-\d\d-\d\d \d\d:\d\d UTC, i\.e\. in (\d+ h ?)?(\d+ min)? of chain time\./,
    );
    const shown = await pageEffect(card);
    const node = await predicted(shown.block);
    assert.equal(shown.before, node.own, "health now is the pool's own at the page's block");
    assert.equal(shown.after, node.after, "health after is the SDK's on the changed snapshot");
    assert.ok(
      node.after < WAD && node.own >= WAD,
      `the cut makes the borrower liquidatable (${node.own} → ${node.after})`,
    );
    assert.match(shown.outcome, /can be liquidated once it executes/);
    assert.ok(((await card.getByTestId("effect").textContent()) ?? "").includes(formatHealthFactor(node.own)));
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("shows the same for any address read-only, and refuses a malformed one", async () => {
    await page.goto(`${world.appUrl}/governance?account=${borrower.address.toLowerCase()}`);
    await page.getByTestId("account-line").getByText(borrower.address).waitFor();
    const card = page.locator(`[data-testid="queued-operation"][data-operation="${operation}"]`);
    const shown = await pageEffect(card);
    assert.equal(shown.after, (await predicted(shown.block)).after);
    await page.goto(`${world.appUrl}/governance?account=0x1234`);
    await page
      .getByRole("alert")
      .getByText(/is not an Ethereum address/)
      .waitFor();
  });

  it("once the delay has passed and the operation executes, moves it to executed; the pool's health is the page's prediction", async () => {
    const { publicClient, testClient, wallet } = clients();
    await testClient.increaseTime({ seconds: Number(DELAY) + 1 });
    await testClient.mine({ blocks: 1 });
    await page.goto(`${world.appUrl}/governance`);
    await page.getByTestId("account-line").getByText("(you)").waitFor();
    const card = page.locator(`[data-testid="queued-operation"][data-operation="${operation}"][data-status="ready"]`);
    await card.waitFor();
    assert.match((await card.getByTestId("when").textContent()) ?? "", /^Executable now/);
    const head = await publicClient.getBlockNumber();
    // The page's prediction at the chain's head, just before the execution.
    await page.locator(`[data-testid="effects"][data-block="${head}"]`).waitFor();
    const prediction = await pageEffect(card);
    assert.equal(prediction.after, (await predicted(prediction.block)).after);
    const receipt = await publicClient.waitForTransactionReceipt({
      hash: await wallet.writeContract({
        address: timelock,
        abi: timelockArtifact.abi,
        functionName: "execute",
        args: [world.devnet.deployment.contracts.configurator, 0n, data, ZERO32, ZERO32],
        gas: 1_000_000n,
      }),
    });
    assert.equal(receipt.status, "success");
    const own = await publicClient.readContract({
      address: world.devnet.deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "healthFactor",
      args: [CORE, borrower.address],
      blockNumber: receipt.blockNumber,
    });
    // Only the seconds of interest between the page's block and the execution's separate the two.
    const gap = own > prediction.after ? own - prediction.after : prediction.after - own;
    assert.ok(gap * 1_000_000n <= prediction.after, `pool ${own} vs predicted ${prediction.after}`);
    assert.ok(own < WAD, "the borrower can be liquidated now, as the page said");
    assert.equal(formatHealthFactor(own), formatHealthFactor(prediction.after));

    const executed = page.locator(`[data-testid="executed-operation"][data-operation="${operation}"]`);
    await executed.waitFor();
    await page.getByTestId("no-queued").waitFor();
    assert.equal(await card.count(), 0);
    assert.match((await executed.textContent()) ?? "", new RegExp(`executed in block ${receipt.blockNumber}`));
    // Described against the pool as it was just before the execution's block.
    const words = `Core pool: WETH liquidation threshold ${pct(cut.config.liquidationThresholdBps)} → ${pct(cut.threshold)}, WETH LTV ${pct(cut.config.ltvBps)} → ${pct(cut.params.ltvBps)}`;
    await executed.getByTestId("change").filter({ hasText: words }).waitFor();
    assert.equal(await executed.getByTestId("change").textContent(), words);
    assert.match((await page.getByTestId("executed-source").textContent()) ?? "", /without an indexer/);
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});
