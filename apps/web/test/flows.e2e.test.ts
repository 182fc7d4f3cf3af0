import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { accountHealthFactor, keelPoolAbi, setAuthorization, WAD } from "@keel/sdk";
import type { BrowserContext, Page } from "playwright-core";
import { type Address, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { accessibilityViolations, chainReader } from "./helpers/page.ts";
import type { TestWallet } from "./helpers/wallet.ts";
import { openBrowserAs, startWorld, type World } from "./helpers/world.ts";

const DEVNET_PORT = 8846;
const CORE = 0n;
const WETH = 0;
const WSTETH = 2;
const USDC = 3;
const KUSD = 5;

describe("one-transaction flows in the app", () => {
  let world: World;
  let browser: BrowserContext;
  let wallet: TestWallet;
  let page: Page;
  let chain: ReturnType<typeof chainReader>;

  before(async () => {
    world = await startWorld(DEVNET_PORT);
    chain = chainReader(world.devnet.deployment, world.devnet.rpcUrl);
    const borrower = world.devnet.deployment.accounts.find((a) => a.label === "safe-borrower") as { privateKey: Hex };
    ({ browser, wallet, page } = await openBrowserAs(world, borrower.privateKey));
    await page.goto(`${world.appUrl}/flows?pool=0`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Keel Test Wallet" }).click();
    await page.getByTestId("connected-address").waitFor();
  });

  after(async () => {
    await browser?.close();
    await world?.stop();
  });

  /** Chooses a flow and fills its fields by label, previews it, signs and waits for the outcome. */
  async function runFlow(flow: string, fields: Record<string, string>): Promise<string> {
    await page.getByTestId("flow-kind").selectOption({ label: flow });
    for (const [label, value] of Object.entries(fields)) {
      // A field's label starts with its name; an amount's ends with its token, "(USDC)".
      const field = page.getByLabel(new RegExp(`^${label.replace(/[()]/g, "\\$&")}( \\(|$|,)`));
      if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption({ label: value });
      else await field.fill(value);
    }
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("[data-testid=flow-preview], [data-testid=flow-status].status-failed").first().waitFor();
    const refused = page.locator("[data-testid=flow-status].status-failed");
    if (await refused.isVisible()) return (await refused.textContent()) ?? "";
    await page.getByTestId("flow-send").click();
    await page.locator("[data-testid=flow-status].status-done, [data-testid=flow-status].status-failed").waitFor();
    return (await page.getByTestId("flow-status").textContent()) ?? "";
  }

  const bundlerAuthorized = () =>
    chain.client.readContract({
      address: world.devnet.deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "isAuthorized",
      args: [wallet.address as Address, world.devnet.deployment.periphery?.bundler as Address],
    });

  it("leverages up in one transaction: more collateral and more debt on chain, and the bundler's authorization is gone after", async () => {
    const before = await chain.account(CORE, wallet.address);
    const status = await runFlow("Leverage up", { Collateral: "WETH", Debt: "USDC", "Debt to add": "1000" });
    assert.match(status, /^Done: leverage up in one transaction/);
    const afterwards = await chain.account(CORE, wallet.address);
    assert.ok(afterwards.positions[WETH].collateral > before.positions[WETH].collateral);
    assert.ok(afterwards.positions[USDC].debtShares > before.positions[USDC].debtShares);
    assert.equal(await bundlerAuthorized(), false);
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("leverages down, repays with collateral and swaps collateral, each moving the chain as previewed", async () => {
    const start = await chain.account(CORE, wallet.address);
    assert.match(await runFlow("Leverage down", { Collateral: "WETH", Debt: "USDC", "Debt to repay": "400" }), /^Done/);
    const down = await chain.account(CORE, wallet.address);
    assert.ok(down.positions[USDC].debtShares < start.positions[USDC].debtShares);
    assert.ok(down.positions[WETH].collateral < start.positions[WETH].collateral);

    assert.match(
      await runFlow("Repay with collateral", { Collateral: "WETH", Debt: "USDC", "Collateral to sell": "0.1" }),
      /^Done/,
    );
    const repaid = await chain.account(CORE, wallet.address);
    assert.equal(down.positions[WETH].collateral - repaid.positions[WETH].collateral, 10n ** 17n);
    assert.ok(repaid.positions[USDC].debtShares < down.positions[USDC].debtShares);

    const wsteth = repaid.positions[WSTETH].collateral;
    // The devnet's wstETH pair is thin for all of this collateral: accept 3% against the oracles.
    await page.getByLabel(/^Largest price impact/).fill("3");
    assert.match(
      await runFlow("Swap collateral", {
        "Collateral to sell (all of it)": "WETH",
        "Collateral to buy": "wstETH",
        "Your debt in this pool": "USDC",
      }),
      /^Done/,
    );
    const swapped = await chain.account(CORE, wallet.address);
    assert.equal(swapped.positions[WETH].collateral, 0n);
    assert.ok(swapped.positions[WSTETH].collateral > wsteth);
    // And back, so the journeys after this one find WETH collateral again.
    assert.match(
      await runFlow("Swap collateral", {
        "Collateral to sell (all of it)": "wstETH",
        "Collateral to buy": "WETH",
        "Your debt in this pool": "USDC",
      }),
      /^Done/,
    );
    assert.equal((await chain.account(CORE, wallet.address)).positions[WSTETH].collateral, 0n);
  });

  it("swaps the whole debt into another asset and back, then closes the position with collateral sold", async () => {
    // The devnet's kUSD route is thin for a debt this size: accept 3% against the oracles, as a user would.
    await page.getByLabel(/^Largest price impact/).fill("3");
    assert.match(await runFlow("Swap debt", { "Debt to repay": "USDC", "Asset to owe instead": "kUSD" }), /^Done/);
    const swapped = await chain.account(CORE, wallet.address);
    assert.equal(swapped.positions[USDC].debtShares, 0n);
    assert.ok(swapped.positions[KUSD].debtShares > 0n);
    assert.match(await runFlow("Swap debt", { "Debt to repay": "kUSD", "Asset to owe instead": "USDC" }), /^Done/);
    assert.equal((await chain.account(CORE, wallet.address)).positions[KUSD].debtShares, 0n);
    assert.match(await runFlow("Close", { Collateral: "WETH", Debt: "USDC" }), /^Done/);
    const closed = await chain.account(CORE, wallet.address);
    assert.equal(closed.positions[USDC].debtShares, 0n);
    assert.equal(closed.positions[WETH].collateral, 0n);
  });

  it("shows a standing authorization of the bundler and revokes it", async () => {
    const borrower = world.devnet.deployment.accounts.find((a) => a.label === "safe-borrower") as { privateKey: Hex };
    const signer = createWalletClient({
      account: privateKeyToAccount(borrower.privateKey),
      transport: http(world.devnet.rpcUrl),
    });
    const bundler = world.devnet.deployment.periphery?.bundler as Address;
    await setAuthorization(signer, {
      pool: world.devnet.deployment.contracts.pool,
      operator: bundler,
      isAuthorized: true,
    });
    const card = page.getByTestId("standing-authorization");
    await card.waitFor();
    await card.getByRole("button", { name: "Revoke the bundler's authorization" }).click();
    await card.getByText(/^Revoked/).waitFor();
    assert.equal(await bundlerAuthorized(), false);
    await card.waitFor({ state: "detached" });
  });

  it("refuses a flow the contracts would refuse, before anything is signed", async () => {
    await page.getByTestId("flow-kind").selectOption({ label: "Leverage up" });
    await page.getByLabel("Collateral", { exact: true }).selectOption({ label: "WETH" });
    await page.getByLabel("Debt", { exact: true }).selectOption({ label: "USDC" });
    await page.getByLabel(/^Debt to add/).fill("5000000");
    const requests = wallet.requests.length;
    await page.getByRole("button", { name: "Preview" }).click();
    await page.locator("[data-testid=flow-status].status-failed").waitFor();
    assert.ok(((await page.getByTestId("flow-status").textContent()) ?? "").length > 10);
    assert.equal(await page.getByTestId("flow-send").isDisabled(), true);
    assert.ok(!wallet.requests.slice(requests).some((m) => m.startsWith("eth_sign") || m === "eth_sendTransaction"));
    const health = accountHealthFactor(await chain.pool(CORE), await chain.account(CORE, wallet.address));
    assert.ok(health > WAD);
  });
});
