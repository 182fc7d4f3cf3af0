import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { accountHealthFactor, morphoBlueAbi, WAD } from "@keel/sdk";
import type { Address, Hex } from "viem";
import { erc20Abi } from "viem";
import { launchBrowser } from "./helpers/browser.ts";
import { accessibilityViolations, chainReader, SLOW } from "./helpers/page.ts";
import { injectWallet } from "./helpers/wallet.ts";
import { startWorld, type World } from "./helpers/world.ts";

const DEVNET_PORT = 8848;
const CORE = 0n;
const WETH = 0;
const USDC = 3;

describe("moving a loan from Aave v3 or Morpho Blue in the app", () => {
  let world: World;
  let chain: ReturnType<typeof chainReader>;

  before(async () => {
    world = await startWorld(DEVNET_PORT);
    chain = chainReader(world.devnet.deployment, world.devnet.rpcUrl);
  });

  after(async () => {
    await world?.stop();
  });

  /** Opens /migrate as `label` with the injected wallet, compares, signs and waits for the outcome. */
  async function migrateAs(
    label: string,
    source: "aave" | "morpho",
  ): Promise<{ status: string; shownHealth: string; address: Address }> {
    const signer = world.devnet.deployment.accounts.find((a) => a.label === label) as {
      privateKey: Hex;
      address: Address;
    };
    const browser = await launchBrowser();
    try {
      await injectWallet(browser, { privateKey: signer.privateKey, rpcUrl: world.devnet.rpcUrl, chainId: 31337 });
      const page = browser.pages()[0] ?? (await browser.newPage());
      page.setDefaultTimeout(SLOW);
      await page.goto(`${world.appUrl}/migrate`);
      await page.getByRole("button", { name: "Connect wallet" }).click();
      await page.getByRole("button", { name: "Keel Test Wallet" }).click();
      const card = page.getByTestId(`loan-${source}`);
      await card.getByTestId("keel-health").locator("[data-testid=health-factor]").waitFor();
      const shownHealth = (await card.getByTestId("keel-health").textContent()) ?? "";
      assert.deepEqual(await accessibilityViolations(page), []);
      await card.getByTestId("migrate-send").click();
      const done = page.getByTestId("migrate-done").filter({ hasText: /^Done/ });
      await done.or(card.locator("[data-testid=migrate-status].status-failed")).waitFor();
      const status =
        (await done.count()) > 0 ? await done.textContent() : await card.getByTestId("migrate-status").textContent();
      return { status: status ?? "", shownHealth, address: signer.address };
    } finally {
      await browser.close();
    }
  }

  it("compares an Aave loan with Keel, then moves it: nothing owed on Aave, the loan on Keel at the health the page showed", async () => {
    const { status, shownHealth, address } = await migrateAs("aave-borrower", "aave");
    assert.match(status, /^Done: your .* loan is on Keel now/);
    const aave = world.devnet.deployment.external?.aave;
    const owed = await chain.client.readContract({
      address: aave?.reserves.USDC.variableDebtToken as Address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [address],
    });
    assert.equal(owed, 0n);
    const keel = await chain.account(CORE, address);
    assert.ok(keel.positions[WETH].collateral > 0n && keel.positions[USDC].debtShares > 0n);
    const health = accountHealthFactor(await chain.pool(CORE), keel);
    assert.ok(health > WAD);
    // The page's estimate and the chain agree to the hundredth (a block or two of interest apart).
    const shown = Number(/(\d+\.\d\d)/.exec(shownHealth)?.[1]);
    assert.ok(Math.abs(shown - Number(health / 10n ** 14n) / 10_000) <= 0.01, `shown ${shownHealth}, chain ${health}`);
  });

  it("moves a Morpho Blue loan: its position there is empty, the loan is on Keel", async () => {
    const { status, address } = await migrateAs("morpho-borrower", "morpho");
    assert.match(status, /^Done: your .* loan is on Keel now/);
    const morpho = world.devnet.deployment.external?.morpho;
    const market = morpho?.markets.find((m) => m.label === "WETH/USDC");
    const [, borrowShares, collateral] = await chain.client.readContract({
      address: morpho?.morpho as Address,
      abi: morphoBlueAbi,
      functionName: "position",
      args: [market?.id as Hex, address],
    });
    assert.equal(borrowShares, 0n);
    assert.equal(collateral, 0n);
    const keel = await chain.account(CORE, address);
    assert.ok(keel.positions[WETH].collateral > 0n && keel.positions[USDC].debtShares > 0n);
  });
});
