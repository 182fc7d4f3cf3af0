import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { BrowserContext, Page } from "playwright-core";
import type { Address, Hex } from "viem";
import { loadConfig, startMonitor } from "../../monitor/src/index.ts";
import { quietRulesFile } from "../../monitor/test/helpers/monitor.ts";
import { loadServerConfig, publicConfig } from "../server/config.ts";
import { serveApp } from "../server/serve.ts";
import { accessibilityViolations } from "./helpers/page.ts";
import type { TestWallet } from "./helpers/wallet.ts";
import { dist, openBrowserAs, startWorld, type World } from "./helpers/world.ts";

/**
 * Alerts from the app: a real monitor (in this process) following the test's devnet and serving the
 * app's origin, the app's server pointed at it, and Chromium with an injected wallet signing in with
 * Ethereum, making a rule, seeing it listed and deleting it; the monitor's store and API are read
 * independently of the page after each step.
 */
const DEVNET_PORT = 8858;
const MONITOR_PORT = 8859;
const MONITOR_URL = `http://127.0.0.1:${MONITOR_PORT}`;

describe("alerts: Sign-In with Ethereum to the monitor and the user's own rules, in Chromium", {
  timeout: 600_000,
}, () => {
  let world: World;
  let monitor: Awaited<ReturnType<typeof startMonitor>>;
  const controller = new AbortController();
  let bare: Server | undefined;
  let browser: BrowserContext;
  let wallet: TestWallet;
  let page: Page;
  let me: Address;

  before(async () => {
    world = await startWorld(DEVNET_PORT, ["--monitor", MONITOR_URL]);
    const dir = mkdtempSync(path.join(tmpdir(), "keel-web-alerts-"));
    const rules = quietRulesFile(dir);
    const config = loadConfig({
      flags: {
        rules,
        manifest: world.devnet.manifestPath,
        rpc: [world.devnet.rpcUrl],
        dataDir: path.join(dir, "store"),
        port: MONITOR_PORT,
        pollIntervalMs: 200,
        logLevel: "silent",
        appOrigins: [world.appUrl],
      },
      env: {},
      cwd: process.cwd(),
      manifestRpcUrl: () => undefined,
    });
    monitor = await startMonitor(config, controller.signal, { write: () => {} });
    const newcomer = world.devnet.deployment.accounts.find((a) => a.label === "newcomer") as {
      address: Address;
      privateKey: Hex;
    };
    me = newcomer.address;
    ({ browser, wallet, page } = await openBrowserAs(world, newcomer.privateKey));
  });

  after(async () => {
    await browser?.close();
    if (bare) {
      bare.closeAllConnections();
      await new Promise((resolve) => bare?.close(resolve));
    }
    controller.abort();
    await monitor?.done;
    await world?.stop();
  });

  /** The monitor's API as a client other than the page reads it, with the page's session token. */
  const apiRules = async (token: string) => {
    const response = await fetch(`${MONITOR_URL}/v1/rules`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    return (await response.json()) as { address: string; rules: { id: string; condition: { type: string } }[] };
  };
  const pageToken = async () => {
    const stored = await page.evaluate((key) => sessionStorage.getItem(key), `keel.alerts.session:${MONITOR_URL}`);
    assert.ok(stored, "the session is kept in sessionStorage");
    return (JSON.parse(stored) as { token: string }).token;
  };

  it("says so when the app was started without a monitor", async () => {
    const { config, deployment } = await loadServerConfig(
      ["--manifest", world.devnet.manifestPath, "--port", "0"],
      {},
      { manifest: world.devnet.manifestPath, dist },
    );
    bare = await serveApp({ ...config, config: publicConfig(config, deployment) });
    await page.goto(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/alerts`);
    await page.getByTestId("no-monitor").waitFor();
    assert.match((await page.getByTestId("no-monitor").textContent()) ?? "", /started without one/);
  });

  it("signs in with Ethereum from the page: a personal_sign of an EIP-4361 message for the app's origin", async () => {
    await page.goto(`${world.appUrl}/`);
    await page.getByRole("link", { name: "Alerts" }).click();
    await page.getByText("Connect a wallet, then sign in with Ethereum").waitFor();
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Keel Test Wallet" }).click();
    await page.getByTestId("connected-address").waitFor();
    await page.getByRole("button", { name: "Sign in with Ethereum" }).click();
    await page.getByTestId("no-rules").waitFor();
    assert.ok(wallet.requests.includes("personal_sign"), "the wallet signed a message");
    assert.equal(wallet.requests.includes("eth_sendTransaction"), false, "and sent nothing");
    const answer = await apiRules(await pageToken());
    assert.equal(answer.address, me, "the monitor's session is the wallet's address");
    assert.deepEqual(answer.rules, []);
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("makes a health-factor rule with the form, reads it back in words, and the monitor holds and evaluates it", async () => {
    const form = page.locator("form.alerts-form");
    await form.getByLabel("My health factor falls below a level").check();
    await form.getByLabel("Health factor below").fill("1.3");
    const pool = world.devnet.deployment.pools[0];
    await form.getByLabel("Pool").selectOption(pool.id);
    await form.getByLabel("Severity").selectOption("critical");
    const summary = `When your health factor in ${pool.name} falls below 1.3, send a critical alert to the monitor's own log.`;
    assert.equal(await form.getByTestId("rule-preview").textContent(), summary);
    await form.getByRole("button", { name: "Create alert" }).click();
    const item = page.getByTestId("rule");
    await item.waitFor();
    assert.equal(await item.locator(".alerts-text").textContent(), summary);

    const stored = await monitor.store.users.rulesOf(me);
    assert.equal(stored.length, 1);
    assert.deepEqual(stored[0].body, {
      condition: { type: "healthFactor", below: 1.3 },
      pools: [Number(pool.id)],
      severity: "critical",
      channel: { type: "stdout" },
    });
    const evaluated = monitor.userRules.rules().find((r) => r.id === stored[0].id);
    assert.ok(evaluated, "the monitor evaluates it");
    assert.deepEqual(evaluated.accounts, [me], "about the signed-in address only");
    assert.equal(await item.getAttribute("data-rule-id"), stored[0].id);
    assert.deepEqual(
      (await apiRules(await pageToken())).rules.map((r) => r.id),
      [stored[0].id],
    );
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("shows the monitor's refusal of a webhook to a private address as a sentence, and stores nothing", async () => {
    const form = page.locator("form.alerts-form");
    await form.getByLabel("An asset's price drops").check();
    await form.getByLabel("A webhook of mine").check();
    await form.getByLabel("Webhook URL (https)").fill("https://10.0.0.1/keel");
    await form.getByRole("button", { name: "Create alert" }).click();
    await page.getByTestId("create-error").waitFor();
    assert.match(
      (await page.getByTestId("create-error").textContent()) ?? "",
      /10\.0\.0\.1 is a private or reserved address, which this monitor does not send to/,
    );
    assert.equal((await monitor.store.users.rulesOf(me)).length, 1);
    assert.equal(await page.getByTestId("rule").count(), 1);
  });

  it("deletes the rule from the list, and the monitor no longer has or evaluates it", async () => {
    const [rule] = await monitor.store.users.rulesOf(me);
    await page
      .getByTestId("rule")
      .getByRole("button", { name: /^Delete/ })
      .click();
    await page.getByTestId("no-rules").waitFor();
    await page.getByTestId("deleted").waitFor();
    assert.deepEqual(await monitor.store.users.rulesOf(me), []);
    assert.equal(
      monitor.userRules.rules().some((r) => r.id === rule.id),
      false,
    );
    assert.deepEqual((await apiRules(await pageToken())).rules, []);
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});
