import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  accountHealthFactor,
  ensureAllowance,
  formatHealthFactor,
  keelConfiguratorAbi,
  MAX_UINT256,
  reserveRates,
  supply,
  WAD,
} from "@keel/sdk";
import type { BrowserContext, Page } from "playwright-core";
import type { Address, Hex } from "viem";
import { createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { launchBrowser } from "./helpers/browser.ts";
import { accessibilityViolations, chainReader, openOperation, SLOW, sendOperation } from "./helpers/page.ts";
import type { TestWallet } from "./helpers/wallet.ts";
import { openBrowserAs, startWorld, type World } from "./helpers/world.ts";

const DEVNET_PORT = 8840;
const CORE = 0n;
const WETH = 0;
const USDC = 3;

describe("the Keel app in Chromium, against a devnet", () => {
  let world: World;
  let browser: BrowserContext;
  let wallet: TestWallet;
  let page: Page;
  let chain: ReturnType<typeof chainReader>;
  const account = (label: string) => {
    const found = world.devnet.deployment.accounts.find((a) => a.label === label);
    if (!found) throw new Error(`no devnet account ${label}`);
    return found as { address: Address; privateKey: Hex };
  };

  before(async () => {
    world = await startWorld(DEVNET_PORT);
    chain = chainReader(world.devnet.deployment, world.devnet.rpcUrl);
    ({ browser, wallet, page } = await openBrowserAs(world, account("newcomer").privateKey));
  });

  after(async () => {
    await browser?.close();
    await world?.stop();
  });

  it("shows every pool's reserves with the rates the SDK computes from the chain, and passes axe", async () => {
    await page.goto(`${world.appUrl}/`);
    for (const pool of world.devnet.deployment.pools) {
      for (const reserve of pool.reserves) await page.getByTestId(`market-${pool.id}-${reserve.symbol}`).waitFor();
    }
    const snapshot = await chain.pool(CORE);
    const rates = reserveRates(snapshot.reserves[USDC], snapshot.timestamp);
    const row = page.getByTestId("market-0-USDC");
    assert.equal(await row.getByTestId("borrow-apy").textContent(), `${(rates.borrowApy * 100).toFixed(2)}%`);
    assert.equal(await row.getByTestId("supply-apy").textContent(), `${(rates.supplyApy * 100).toFixed(2)}%`);
    await row.getByRole("button", { name: /Rate curve/ }).click();
    await page.getByRole("img", { name: /USDC rate curve/ }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("connects the wallet the browser announces (EIP-6963) and previews, sends and settles the pool operations", async () => {
    const me = wallet.address;
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Keel Test Wallet" }).click();
    await page.getByTestId("connected-address").waitFor();
    await page.getByRole("link", { name: "Positions" }).click();
    await page.getByTestId("summary").waitFor();
    assert.match((await page.getByRole("heading", { level: 1 }).textContent()) ?? "", /\(you\)/);

    // Collateral: the preview names the exact approval, and the chain holds exactly what was asked.
    await openOperation(page, "Add collateral", "WETH");
    await page.getByTestId("operation").getByRole("textbox").fill("2");
    assert.equal(
      await page.getByTestId("preview-approval").textContent(),
      "a transaction approving exactly 2 WETH first",
    );
    assert.match(await sendOperation(page, "2"), /^Done: add collateral of 2 WETH/);
    assert.equal((await chain.account(CORE, me)).positions[WETH].collateral, 2n * WAD);

    // Max borrow keeps the health factor at 1.10 or above, and the chain agrees.
    await openOperation(page, "Borrow", "USDC");
    assert.match(await sendOperation(page, "max"), /^Done: borrow of [\d,.]+ USDC/);
    const borrowed = await chain.account(CORE, me);
    assert.ok(borrowed.positions[USDC].debtShares > 0n);
    const health = accountHealthFactor(await chain.pool(CORE), borrowed);
    assert.ok(
      health >= (WAD * 110n) / 100n && health < (WAD * 112n) / 100n,
      `health after max borrow: ${formatHealthFactor(health)}`,
    );
    await page
      .getByTestId("account-health")
      .filter({ hasText: formatHealthFactor(health).slice(0, 3) })
      .waitFor();

    // Repay all leaves no dust: the debt shares are zero on chain.
    await openOperation(page, "Repay", "USDC");
    assert.match(await sendOperation(page, "max"), /^Done: repay of all your USDC/);
    const repaid = await chain.account(CORE, me);
    assert.equal(repaid.positions[USDC].debtShares, 0n);
    assert.equal(accountHealthFactor(await chain.pool(CORE), repaid), MAX_UINT256);

    // With no debt, max collateral removal takes all of it.
    await openOperation(page, "Remove collateral", "WETH");
    assert.match(await sendOperation(page, "max"), /^Done: remove collateral of 2 WETH/);
    assert.equal((await chain.account(CORE, me)).positions[WETH].collateral, 0n);
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("says what is wrong with an amount, refuses what the pool would refuse, and loses nothing when the wallet declines", async () => {
    const me = wallet.address;
    await page.goto(`${world.appUrl}/account/${me}?pool=0`);
    await page.getByTestId("summary").waitFor();
    await openOperation(page, "Supply", "USDC");
    const form = page.getByTestId("operation");
    const input = form.getByRole("textbox");
    await input.fill("1.2.3");
    assert.match((await form.getByTestId("plan-problem").textContent()) ?? "", /"1.2.3" is not an amount/);
    await input.fill("0,5");
    assert.match((await form.getByTestId("plan-problem").textContent()) ?? "", /a comma could mean either/);
    await input.fill("0.0000001");
    assert.match((await form.getByTestId("plan-problem").textContent()) ?? "", /USDC has 6 decimals/);
    assert.equal(await form.getByTestId("send").isDisabled(), true);
    await form.getByRole("button", { name: "Close" }).click();

    await openOperation(page, "Borrow", "USDC");
    await page.getByTestId("operation").getByRole("textbox").fill("1000");
    await page.getByTestId("plan-problem").waitFor();
    assert.equal(await page.getByTestId("send").isDisabled(), true);
    await page.getByTestId("operation").getByRole("button", { name: "Close" }).click();

    const before = await chain.account(CORE, me);
    await openOperation(page, "Supply", "USDC");
    await page.getByTestId("operation").getByRole("textbox").fill("25");
    await page.getByTestId("preview").waitFor();
    wallet.declineNext();
    assert.equal(await sendOperation(page, "25"), "You declined in your wallet; nothing was sent.");
    assert.deepEqual((await chain.account(CORE, me)).positions, before.positions);
  });

  it("warns that a reserve is frozen where it still works, and refuses new supply into it in the form", async () => {
    const { deployment } = world.devnet;
    const signer = (label: string) =>
      createWalletClient({
        account: privateKeyToAccount(account(label).privateKey),
        transport: http(world.devnet.rpcUrl),
      });
    const newcomer = signer("newcomer");
    const usdc = deployment.tokens.USDC.address;
    await ensureAllowance(newcomer, { token: usdc, spender: deployment.contracts.pool, amount: 50_000_000n });
    await supply(newcomer, {
      pool: deployment.contracts.pool,
      poolId: CORE,
      reserve: BigInt(USDC),
      assets: 50_000_000n,
    });
    const freeze = (frozen: boolean) =>
      signer("deployer").writeContract({
        chain: null,
        address: deployment.contracts.configurator,
        abi: keelConfiguratorAbi,
        functionName: "setFrozen",
        args: [CORE, BigInt(USDC), frozen],
      });
    await chain.client.waitForTransactionReceipt({ hash: await freeze(true) });
    try {
      await page.goto(`${world.appUrl}/account/${wallet.address}?pool=0`);
      await page.getByTestId("summary").waitFor();
      await openOperation(page, "Withdraw", "USDC");
      await page.getByTestId("operation").getByRole("textbox").fill("10");
      await page
        .getByTestId("preview")
        .getByText(/The USDC reserve is frozen: .*withdrawing still work/)
        .waitFor();
      await page.getByTestId("operation").getByRole("button", { name: "Close" }).click();
      await openOperation(page, "Supply", "USDC");
      await page.getByTestId("operation").getByRole("textbox").fill("10");
      await page.getByTestId("plan-problem").waitFor();
      assert.match((await page.getByTestId("plan-problem").textContent()) ?? "", /frozen/i);
      assert.equal(await page.getByTestId("send").isDisabled(), true);
    } finally {
      await chain.client.waitForTransactionReceipt({ hash: await freeze(false) });
    }
  });

  it("shows any address read-only by URL, with the health factor the pool computes", async () => {
    const borrower = account("moderate-borrower").address;
    await page.goto(`${world.appUrl}/account/${borrower}?pool=0`);
    await page.getByTestId("summary").waitFor();
    assert.match((await page.getByRole("heading", { level: 1 }).textContent()) ?? "", /\(read-only\)/);
    assert.equal(await page.getByRole("button", { name: /^Borrow/ }).count(), 0);
    const expected = formatHealthFactor(
      accountHealthFactor(await chain.pool(CORE), await chain.account(CORE, borrower)),
    );
    await page.getByTestId("account-health").filter({ hasText: expected }).waitFor();
    await page.getByTestId("price-drop").fill("30");
    assert.deepEqual(await accessibilityViolations(page), []);
    // A link naming a pool the deployment does not have opens the first pool instead of breaking.
    await page.goto(`${world.appUrl}/account/${borrower}?pool=x`);
    await page.getByTestId("summary").waitFor();
    await page.goto(`${world.appUrl}/account/0x1234`);
    assert.match((await page.getByRole("alert").textContent()) ?? "", /is not an Ethereum address/);
  });

  it("offers the devnet's seeded accounts without an extension, and switches between them", async () => {
    const plain = await launchBrowser({ reducedMotion: "reduce" });
    try {
      const tab = plain.pages()[0] ?? (await plain.newPage());
      tab.setDefaultTimeout(SLOW);
      await tab.goto(`${world.appUrl}/`);
      await tab.getByTestId("market-0-WETH").waitFor();
      // Keyboard only: the skip link first, then the wallet button, opened with Enter.
      await tab.keyboard.press("Tab");
      assert.equal(await tab.evaluate(() => document.activeElement?.textContent), "Skip to content");
      await tab.getByRole("button", { name: "Connect wallet" }).focus();
      await tab.keyboard.press("Enter");
      await tab.getByRole("button", { name: /Devnet test account \(newcomer\)/ }).focus();
      await tab.keyboard.press("Enter");
      await tab.getByTestId("connected-address").waitFor();
      await tab.getByTestId("test-account").selectOption("moderate-borrower");
      const moderate = account("moderate-borrower").address;
      await tab
        .getByTestId("connected-address")
        .filter({ hasText: moderate.slice(0, 6) })
        .waitFor();
      assert.equal(await tab.getByTestId("connected-address").getAttribute("title"), moderate);
      assert.equal(await tab.evaluate(() => matchMedia("(prefers-reduced-motion: reduce)").matches), true);
      assert.equal(await tab.evaluate(() => document.getAnimations().length), 0);
    } finally {
      await plain.close();
    }
  });
});
