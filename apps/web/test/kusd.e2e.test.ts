import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { formatBps, formatTokenAmount, formatUsdWad, previewBuyGem, previewSellGem, WAD } from "@keel/sdk";
import type { BrowserContext, Page } from "playwright-core";
import { type Address, type Hex, parseUnits } from "viem";
import { fillKusdForm, kusdReader, sendKusdForm, setPrice, startVaultAuction } from "./helpers/kusd.ts";
import { accessibilityViolations } from "./helpers/page.ts";
import type { TestWallet } from "./helpers/wallet.ts";
import { openBrowserAs, startWorld, type World } from "./helpers/world.ts";

const DEVNET_PORT = 8842;
/** The seeded vault of the edge borrower: 5 WETH at 155%, unsafe once ETH falls 5%. */
const EDGE_VAULT = 4n;
/** USD (WAD) per whole WETH at an engine price (kUSD wei per unit × 1e18). */
const usdPerToken = (price: bigint) => (price * 10n ** 18n) / WAD;
const kusd = (units: bigint) => formatTokenAmount(units, { decimals: 18, symbol: "kUSD" }, { maxDecimals: 6 });

describe("kUSD in Chromium, against a devnet", () => {
  let world: World;
  let browser: BrowserContext;
  let wallet: TestWallet;
  let page: Page;
  let chain: ReturnType<typeof kusdReader>;
  /** The newcomer's vault, opened in the first journey. */
  let mine: bigint;
  const account = (label: string) => {
    const found = world.devnet.deployment.accounts.find((a) => a.label === label);
    if (!found) throw new Error(`no devnet account ${label}`);
    return found as { address: Address; privateKey: Hex };
  };
  const vaultForm = () => page.getByTestId("vault-operation");
  const sends = () => wallet.requests.filter((m) => m === "eth_sendTransaction").length;
  async function openAction(label: string, vaultId: bigint) {
    await page.getByRole("button", { name: `${label} vault ${vaultId}`, exact: true }).click();
    await vaultForm().waitFor();
  }
  async function closeForm() {
    await vaultForm().getByRole("button", { name: "Close form" }).click();
    await vaultForm().waitFor({ state: "detached" });
  }

  before(async () => {
    world = await startWorld(DEVNET_PORT);
    chain = kusdReader(world.devnet.deployment, world.devnet.rpcUrl);
    ({ browser, wallet, page } = await openBrowserAs(world, account("newcomer").privateKey));
  });

  after(async () => {
    await browser?.close();
    await world?.stop();
  });

  it("opens a vault with collateral and a mint, previewed, and the chain holds exactly what was asked", async () => {
    const me = wallet.address;
    await page.goto(`${world.appUrl}/kusd`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Keel Test Wallet" }).click();
    await page.getByTestId("connected-address").waitFor();
    await page.getByTestId("no-vaults").waitFor();
    assert.match((await page.getByRole("heading", { level: 1 }).textContent()) ?? "", /\(you\)/);

    const weth = await chain.balance("WETH", me);
    const kusdHeld = await chain.balance("kUSD", me);
    await page.getByRole("button", { name: "Open a WETH vault" }).click();
    await fillKusdForm(vaultForm(), { "Collateral (WETH)": "10", "kUSD to mint (optional)": "5000" });
    const form = vaultForm();
    await form.getByTestId("preview").waitFor();
    assert.equal(
      await form.getByTestId("preview-approval").textContent(),
      "a transaction approving exactly 10 WETH first",
    );
    assert.match(
      (await form.getByTestId("preview-collateral-ratio").textContent()) ?? "",
      /^\d{3}\.\d\d% \(minimum 150\.00%\)$/,
    );
    assert.match((await form.getByTestId("preview-liquidation-price").textContent()) ?? "", /^\$\d{3}\.\d\d$/);
    assert.match((await form.getByTestId("preview-stability-fee").textContent()) ?? "", /^2\.00% a year$/);
    assert.deepEqual(await accessibilityViolations(page), []);

    const done = await sendKusdForm(form, {});
    const opened = done.match(/^Done: opened vault (\d+) with 10 WETH and minted 5,000 kUSD/);
    assert.ok(opened, done);
    mine = BigInt(opened[1]);
    const vault = await chain.vault(mine);
    assert.equal(vault.owner, me);
    assert.equal(vault.collateral, 10n * WAD);
    // The engine rounds the normalized debt up, and fees accrue by the second: at least what was minted.
    assert.ok(vault.debt >= 5_000n * WAD && vault.debt < 5_000n * WAD + WAD / 100n, `debt ${vault.debt}`);
    assert.equal(await chain.balance("WETH", me), weth - 10n * WAD);
    assert.equal(await chain.balance("kUSD", me), kusdHeld + 5_000n * WAD);
    await page.getByTestId(`vault-${mine}`).waitFor();
  });

  it("deposits, mints more, repays and withdraws, each previewed against the minimum and checked on chain", async () => {
    const me = wallet.address;
    await closeForm();

    await openAction("Deposit", mine);
    assert.match(await sendKusdForm(vaultForm(), { "Collateral (WETH)": "2" }), /^Done: deposited 2 WETH in vault/);
    assert.equal((await chain.vault(mine)).collateral, 12n * WAD);
    await closeForm();

    const kusdBeforeMint = await chain.balance("kUSD", me);
    await openAction("Mint", mine);
    await fillKusdForm(vaultForm(), { kUSD: "1000" });
    assert.match(
      (await vaultForm().getByTestId("preview-collateral-ratio").textContent()) ?? "",
      /^\d{3}\.\d\d% → \d{3}\.\d\d% \(minimum 150\.00%\)$/,
    );
    assert.match(await sendKusdForm(vaultForm(), {}), /^Done: minted 1,000 kUSD from vault/);
    assert.equal(await chain.balance("kUSD", me), kusdBeforeMint + 1_000n * WAD);
    const minted = await chain.vault(mine);
    assert.ok(minted.debt >= 6_000n * WAD && minted.debt < 6_000n * WAD + WAD / 100n, `debt ${minted.debt}`);
    await closeForm();

    const kusdBeforeRepay = await chain.balance("kUSD", me);
    await openAction("Repay", mine);
    await fillKusdForm(vaultForm(), { kUSD: "2500" });
    assert.equal(
      await vaultForm().getByTestId("preview-approval").textContent(),
      "none: kUSD is burned without an allowance",
    );
    assert.match(await sendKusdForm(vaultForm(), {}), /^Done: repaid 2,500 kUSD of vault/);
    assert.equal(await chain.balance("kUSD", me), kusdBeforeRepay - 2_500n * WAD);
    const repaid = await chain.vault(mine);
    assert.ok(repaid.debt < minted.debt - 2_499n * WAD, `debt ${repaid.debt}`);
    await closeForm();

    const wethBeforeWithdraw = await chain.balance("WETH", me);
    await openAction("Withdraw", mine);
    assert.match(await sendKusdForm(vaultForm(), { "Collateral (WETH)": "3" }), /^Done: withdrew 3 WETH from vault/);
    assert.equal((await chain.vault(mine)).collateral, 9n * WAD);
    assert.equal(await chain.balance("WETH", me), wethBeforeWithdraw + 3n * WAD);
    await closeForm();
  });

  it("refuses a mint past the minimum ratio in the form with the engine's sentence, and sends nothing", async () => {
    const before = await chain.vault(mine);
    const sent = sends();
    await openAction("Mint", mine);
    await fillKusdForm(vaultForm(), { kUSD: "100000" });
    const problem = vaultForm().getByTestId("plan-problem");
    await problem.waitFor();
    assert.match(
      (await problem.textContent()) ?? "",
      /^This would leave the vault's collateral ratio at \d+\.\d\d%, below the minimum of 150\.00%; add collateral, or mint or withdraw less\.$/,
    );
    assert.equal(await vaultForm().getByTestId("send").isDisabled(), true);
    assert.equal(await vaultForm().getByTestId("preview").count(), 0);
    assert.equal(sends(), sent);
    const after = await chain.vault(mine);
    assert.equal(after.collateral, before.collateral);
    assert.equal(after.normalizedDebt, before.normalizedDebt);
    await closeForm();
  });

  it("closes the vault: every kUSD of debt repaid and all the collateral back", async () => {
    const me = wallet.address;
    const weth = await chain.balance("WETH", me);
    const kusdHeld = await chain.balance("kUSD", me);
    const debt = (await chain.vault(mine)).debt;
    await openAction("Close", mine);
    await vaultForm().getByTestId("preview").waitFor();
    // The form follows the vault at each block: it shows what the withdrawal above left.
    await vaultForm()
      .getByTestId("preview-returned-to-you")
      .filter({ hasText: /^9 WETH$/ })
      .waitFor();
    assert.match(
      await sendKusdForm(vaultForm(), {}),
      /^Done: closed vault \d+, repaying [\d,.]+ kUSD and returning 9 WETH/,
    );
    const closed = await chain.vault(mine);
    assert.equal(closed.collateral, 0n);
    assert.equal(closed.normalizedDebt, 0n);
    assert.equal(await chain.balance("WETH", me), weth + 9n * WAD);
    const burned = kusdHeld - (await chain.balance("kUSD", me));
    // The debt as read, plus the fee of the seconds until the block: a few wei of kUSD at most per second.
    assert.ok(burned >= debt && burned < debt + WAD / 1000n, `burned ${burned} for a debt of ${debt}`);
  });

  it("swaps USDC for kUSD and back at the peg module, with the fee and output the SDK quotes", async () => {
    const me = wallet.address;
    const psm = await chain.psm();
    const sell = previewSellGem(psm, parseUnits("1000", 6));
    const swap = page.getByTestId("psm-swap");
    const usdc = await chain.balance("USDC", me);
    const kusdHeld = await chain.balance("kUSD", me);
    await fillKusdForm(swap, { "Amount of USDC": "1000" });
    await swap.getByTestId("preview").waitFor();
    assert.equal(await swap.getByTestId("preview-you-receive").textContent(), kusd(sell.kusd));
    assert.equal(await swap.getByTestId("preview-fee").textContent(), `${kusd(sell.fee)} (${formatBps(psm.feeInBps)})`);
    assert.equal(
      await swap.getByTestId("preview-approval").textContent(),
      "a transaction approving exactly 1,000 USDC to the peg module first",
    );
    assert.match(await sendKusdForm(swap, {}), /^Done: sold 1,000 USDC for 999 kUSD \(fee 1 kUSD/);
    assert.equal(await chain.balance("USDC", me), usdc - parseUnits("1000", 6));
    assert.equal(await chain.balance("kUSD", me), kusdHeld + sell.kusd);

    const buy = previewBuyGem(await chain.psm(), parseUnits("100", 6));
    await swap.getByRole("radio", { name: "kUSD → USDC" }).check();
    await fillKusdForm(swap, { "Amount of USDC": "100" });
    await swap.getByTestId("preview").waitFor();
    assert.equal(await swap.getByTestId("preview-you-pay").textContent(), kusd(buy.kusd));
    assert.match(await sendKusdForm(swap, {}), /^Done: bought 100 USDC for 100\.1 kUSD/);
    assert.equal(await chain.balance("USDC", me), usdc - parseUnits("900", 6));
    assert.equal(await chain.balance("kUSD", me), kusdHeld + sell.kusd - buy.kusd);
  });

  it("draws a running auction's price curve and takes from it, and the chain agrees", async () => {
    const me = wallet.address;
    await setPrice(world.devnet, "ETH", "2850");
    await startVaultAuction(world.devnet, account("keeper"), EDGE_VAULT);
    const started = await chain.auction(EDGE_VAULT);
    assert.ok(started, "the auction runs");
    await page.goto(`${world.appUrl}/kusd`);
    const card = page.getByTestId(`auction-${EDGE_VAULT}`);
    await card.waitFor();
    const chart = card.getByRole("img", { name: /^Vault 4 auction price: started at 3,420\.00 kUSD per WETH/ });
    await chart.waitFor();
    // The price the page shows is the engine's at the latest block, as the SDK reads it there.
    const now = await chain.auction(EDGE_VAULT);
    assert.ok(now);
    const shown = `${formatUsdWad(usdPerToken(now.price)).slice(1)} kUSD per WETH`;
    await card.getByTestId("auction-price").filter({ hasText: shown }).waitFor();
    assert.equal(await card.getByTestId("auction-collateral").textContent(), "5 WETH");
    assert.deepEqual(await accessibilityViolations(page), []);

    const weth = await chain.balance("WETH", me);
    const kusdHeld = await chain.balance("kUSD", me);
    await card.getByRole("button", { name: `Take from vault ${EDGE_VAULT}` }).click();
    const take = page.getByTestId("take-operation");
    await fillKusdForm(take, { "Collateral to buy (WETH)": "1" });
    await take.getByTestId("preview").waitFor();
    assert.match((await take.getByTestId("preview-pay").textContent()) ?? "", /^about [\d,]+(\.\d+)? kUSD$/);
    assert.match(await sendKusdForm(take, {}), /^Done: bought 1 WETH for [\d,]+(\.\d+)? kUSD/);
    const left = await chain.auction(EDGE_VAULT);
    assert.ok(left, "a partial take leaves the auction running");
    assert.equal(left.collateral, 4n * WAD);
    assert.equal(await chain.balance("WETH", me), weth + WAD);
    // The engine burns exactly what the tab fell by.
    assert.equal(kusdHeld - (await chain.balance("kUSD", me)), started.tab - left.tab);
    await card.getByTestId("auction-collateral").filter({ hasText: "4 WETH" }).waitFor();
  });

  it("shows any owner's vaults read-only by URL, and says so when the address is malformed", async () => {
    const risky = account("risky-borrower").address;
    const [vault] = await chain.vaults(risky);
    await page.goto(`${world.appUrl}/kusd?owner=${risky}`);
    const row = page.getByTestId(`vault-${vault.id}`);
    await row.waitFor();
    assert.match((await page.getByRole("heading", { level: 1 }).textContent()) ?? "", /\(read-only\)/);
    assert.equal(await row.getByTestId("collateral").textContent(), "10 WETH");
    assert.equal(await page.getByRole("button", { name: /^Mint vault/ }).count(), 0);
    assert.equal(await page.getByRole("button", { name: /^Open a/ }).count(), 0);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.goto(`${world.appUrl}/kusd?owner=0x1234`);
    assert.match((await page.getByRole("alert").textContent()) ?? "", /is not an Ethereum address/);
  });
});
