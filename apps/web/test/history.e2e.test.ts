import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { approve, borrow, rateToApy, repay, supply, supplyCollateral } from "@keel/sdk";
import type { BrowserContext, Page } from "playwright-core";
import { createWalletClient, defineChain, type Hex, http, parseUnits } from "viem";
import { generatePrivateKey, privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
import { type RunningIndexer, startIndexer } from "../../indexer/test/helpers/indexer.ts";
import { loadServerConfig, publicConfig } from "../server/config.ts";
import { serveApp } from "../server/serve.ts";
import { launchBrowser } from "./helpers/browser.ts";
import { accessibilityViolations, chainReader, SLOW } from "./helpers/page.ts";
import { dist, startWorld, type World } from "./helpers/world.ts";

/**
 * History and series from a real indexer following a real devnet: pool operations sent with the SDK in
 * Node, then the page's rows, pages and CSV held against what the chain's receipts say happened.
 */
const DEVNET_PORT = 8844;
const INDEXER_PORT = 8845;
const INDEXER_URL = `http://127.0.0.1:${INDEXER_PORT}`;

/** What the page should show for one action: its words, pool, asset, amount and transaction. */
type Expected = { action: string; pool: string; asset: string; amount: string; hash: Hex };

describe("history and series from the indexer, in Chromium", { timeout: 900_000 }, () => {
  let world: World;
  let indexer: RunningIndexer;
  let bare: Server;
  let bareUrl: string;
  let browser: BrowserContext;
  let page: Page;
  let me: Hex;
  const expected: Expected[] = [];

  before(async () => {
    world = await startWorld(DEVNET_PORT, ["--indexer", INDEXER_URL]);
    indexer = await startIndexer(world.devnet.manifestPath, INDEXER_PORT);
    // The same app with no indexer, on the same devnet, for the sentence that says there is none.
    const { config, deployment } = await loadServerConfig(
      ["--manifest", world.devnet.manifestPath, "--port", "0"],
      {},
      { manifest: world.devnet.manifestPath, dist },
    );
    bare = await serveApp({ ...config, config: publicConfig(config, deployment) });
    bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(SLOW);
  });

  after(async () => {
    await browser?.close();
    if (bare) {
      bare.closeAllConnections();
      await new Promise((resolve) => bare.close(resolve));
    }
    await indexer?.stop();
    await world?.stop();
  });

  /** Waits until the indexer's REST API answers at the chain's current block. */
  const indexed = async () =>
    indexer.waitFor(await chainReader(world.devnet.deployment, world.devnet.rpcUrl).client.getBlockNumber());

  it("sends a newcomer's pool operations with the SDK and waits for the indexer to reach their block", async () => {
    const { deployment } = world.devnet;
    const newcomer = deployment.accounts.find((a) => a.label === "newcomer");
    assert.ok(newcomer);
    me = newcomer.address;
    const chain = defineChain({
      id: deployment.chainId,
      name: "devnet",
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [world.devnet.rpcUrl] } },
    });
    const wallet = createWalletClient({ account: privateKeyToAccount(newcomer.privateKey), chain, transport: http() });
    const pool = deployment.contracts.pool;
    const [core, other] = deployment.pools;
    assert.ok(other, "the devnet has a second pool, for the filter");
    const index = (p: typeof core, symbol: string) => {
      const found = p.reserves.find((r) => r.symbol === symbol);
      assert.ok(found, `${symbol} in ${p.name}`);
      return BigInt(found.index);
    };
    const usdc = deployment.tokens.USDC;
    const weth = deployment.tokens.WETH;
    const base = { pool, poolId: BigInt(core.id) };

    // 24 supplies of k.25 USDC, so there are more rows than one page (25) and each row is recognisable.
    const supplies = Array.from({ length: 24 }, (_, k) => `${k + 1}.25`);
    const total = supplies.reduce((sum, a) => sum + parseUnits(a, 6), 0n) + parseUnits("200.5", 6);
    await approve(wallet, { token: usdc.address, spender: pool, amount: total });
    for (const amount of supplies) {
      const { hash } = await supply(wallet, { ...base, reserve: index(core, "USDC"), assets: parseUnits(amount, 6) });
      expected.push({ action: "Supply", pool: core.name, asset: "USDC", amount, hash });
    }
    await approve(wallet, { token: weth.address, spender: pool, amount: parseUnits("2", 18) });
    const collateral = await supplyCollateral(wallet, {
      ...base,
      reserve: index(core, "WETH"),
      assets: parseUnits("2", 18),
    });
    expected.push({ action: "Add collateral", pool: core.name, asset: "WETH", amount: "2", hash: collateral.hash });
    const borrowed = await borrow(wallet, { ...base, reserve: index(core, "USDC"), assets: parseUnits("700", 6) });
    expected.push({ action: "Borrow", pool: core.name, asset: "USDC", amount: "700", hash: borrowed.hash });
    const repaid = await repay(wallet, { ...base, reserve: index(core, "USDC"), assets: parseUnits("200.5", 6) });
    expected.push({ action: "Repay", pool: core.name, asset: "USDC", amount: "200.5", hash: repaid.hash });

    // One supply in the second pool, of its first reserve, for the pool filter.
    const symbol = other.reserves[0].symbol;
    const token = deployment.tokens[symbol];
    await approve(wallet, { token: token.address, spender: pool, amount: parseUnits("0.5", token.decimals) });
    const elsewhere = await supply(wallet, {
      pool,
      poolId: BigInt(other.id),
      reserve: BigInt(other.reserves[0].index),
      assets: parseUnits("0.5", token.decimals),
    });
    expected.push({ action: "Supply", pool: other.name, asset: symbol, amount: "0.5", hash: elsewhere.hash });
    await indexed();
    const { items } = await indexer.get(`/v1/accounts/${me}/history?limit=500`);
    assert.equal(items.length, expected.length, "the indexer has one row per operation");
  });

  it("the indexer's API allows the app's origin (CORS)", async () => {
    await indexed();
    const response = await fetch(`${INDEXER_URL}/v1/deployment`, { headers: { origin: "http://127.0.0.1:5173" } });
    const allowed = response.headers.get("access-control-allow-origin");
    assert.ok(allowed === "*" || allowed === "http://127.0.0.1:5173", `access-control-allow-origin: ${allowed}`);
  });

  it("shows every action, newest first, page by page, with the token's decimals, and passes axe", async () => {
    await page.goto(`${world.appUrl}/history/${me}`);
    const rows = page.getByTestId("history-row");
    await page.getByRole("button", { name: "Load more" }).waitFor();
    assert.equal(await rows.count(), 25, "the first page");
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByText(`All ${expected.length} actions shown.`).waitFor();
    assert.equal(await page.getByRole("button", { name: "Load more" }).count(), 0);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.children].map((cell) => cell.textContent ?? "");
        return {
          pool: cells[2],
          action: cells[3],
          asset: cells[4],
          amount: cells[5],
          hash: tr.querySelector("[data-testid=tx]")?.getAttribute("title"),
        };
      }),
    );
    assert.deepEqual(shown, [...expected].reverse(), "every action, newest first, as the receipts say");
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("filters by pool", async () => {
    const other = world.devnet.deployment.pools[1];
    await page.getByLabel("Pool").selectOption({ label: other.name });
    await page.getByTestId("history-row").first().filter({ hasText: other.name }).waitFor();
    assert.equal(await page.getByTestId("history-row").count(), 1);
    assert.match(page.url(), new RegExp(`\\?pool=${other.id}$`));
  });

  it("downloads the indexer's CSV export, with one line per action", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv").click()]);
    const file = await download.path();
    const [header, ...lines] = readFileSync(file, "utf8").trim().split("\r\n");
    const columns = header.split(",");
    const at = (name: string) => columns.indexOf(name);
    assert.ok(at("transactionHash") >= 0 && at("assets") >= 0 && at("kind") >= 0, header);
    const decimals = (asset: string) => world.devnet.deployment.tokens[asset].decimals;
    assert.deepEqual(
      lines.map((line) => {
        const cells = line.split(",");
        return { hash: cells[at("transactionHash")], assets: cells[at("assets")] };
      }),
      expected.map((e) => ({ hash: e.hash, assets: parseUnits(e.amount, decimals(e.asset)).toString() })),
      "the CSV holds the same actions, oldest first, in raw units",
    );
  });

  it("says so when an address has no history, or is not an address", async () => {
    // A fresh key's address (not 0x…dEaD: the devnet seeds each reserve with dead shares held there).
    await page.goto(`${world.appUrl}/history/${privateKeyToAddress(generatePrivateKey())}`);
    await page.getByText("This account has no history").waitFor();
    await page.goto(`${world.appUrl}/history/0x1234`);
    assert.match((await page.getByRole("alert").textContent()) ?? "", /is not an Ethereum address/);
  });

  it("draws a reserve's utilization and borrow APY from the indexer's series, as the chain holds them", async () => {
    await indexed();
    const [core] = world.devnet.deployment.pools;
    const usdc = core.reserves.find((r) => r.symbol === "USDC");
    assert.ok(usdc);
    await page.goto(`${world.appUrl}/`);
    await page
      .getByTestId(`market-${core.id}-USDC`)
      .getByRole("button", { name: /Rate curve/ })
      .click();
    const history = page.getByTestId("reserve-history");
    await history.getByRole("img", { name: /^USDC utilization: / }).waitFor();
    await history.getByRole("img", { name: /^USDC borrow APY: / }).waitFor();

    // The last day's close is the reserve's stored state now: no USDC event has happened since.
    const { series } = await indexer.get(`/v1/reserves/${core.id}/${usdc.index}/series?interval=day`);
    const last = series[series.length - 1];
    const { reserves } = await chainReader(world.devnet.deployment, world.devnet.rpcUrl).pool(BigInt(core.id));
    const state = reserves[usdc.index].state;
    assert.equal(BigInt(last.utilization), (state.totalBorrowAssets * 10n ** 18n) / state.totalSupplyAssets);
    const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
    await history.getByText("The figures").click();
    const utilization = history.getByTestId("series-utilization");
    assert.equal(await utilization.last().textContent(), pct(Number(BigInt(last.utilization)) / 1e18));
    assert.equal(
      await history.getByTestId("series-borrow-apy").last().textContent(),
      pct(rateToApy(BigInt(last.borrowRate))),
    );
    await history.getByRole("button", { name: "Hourly" }).click();
    await history.getByRole("button", { name: "Hourly", pressed: true }).waitFor();
    await history.getByRole("img", { name: /^USDC utilization: .* \d\d:00 UTC/ }).waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("without an indexer, says so instead of failing", async () => {
    await page.goto(`${bareUrl}/history/${me}`);
    await page.getByTestId("no-indexer").waitFor();
    assert.equal(await page.getByRole("alert").count(), 0);
    await page.goto(`${bareUrl}/`);
    await page
      .getByTestId("market-0-USDC")
      .getByRole("button", { name: /Rate curve/ })
      .click();
    await page.getByText("History needs the indexer").waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("says in a sentence when the indexer cannot be reached", async () => {
    await indexer.stop();
    await page.goto(`${world.appUrl}/history/${me}`);
    const alert = page.getByRole("alert");
    await alert.waitFor();
    assert.equal(await alert.textContent(), `The indexer at ${INDEXER_URL} could not be reached.`);
  });
});
