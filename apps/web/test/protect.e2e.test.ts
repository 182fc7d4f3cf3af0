import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  keelPoolAbi,
  POLICY_DIRECT_ROUTE,
  type Policy,
  PolicyAction,
  PolicyTrigger,
  protectionPoliciesAbi,
  verifyPolicy,
  WAD,
} from "@keel/sdk";
import type { BrowserContext, Page } from "playwright-core";
import type { Address, Hex } from "viem";
import { inProcessKeeper, passTo } from "../../keeper/test/helpers/keeper.ts";
import { setPrice } from "./helpers/kusd.ts";
import { accessibilityViolations, chainReader } from "./helpers/page.ts";
import type { TestWallet } from "./helpers/wallet.ts";
import { openBrowserAs, startWorld, type World } from "./helpers/world.ts";

const DEVNET_PORT = 8850;
const CORE = 0n;

describe("protection policies in the app", () => {
  let world: World;
  let browser: BrowserContext;
  let wallet: TestWallet;
  let page: Page;
  let chain: ReturnType<typeof chainReader>;
  let policies: Address;
  /** The hash of the policy posted from the page, and the summary the page showed before posting it. */
  let postedHash: Hex;
  let summaryShown: string;

  before(async () => {
    world = await startWorld(DEVNET_PORT);
    chain = chainReader(world.devnet.deployment, world.devnet.rpcUrl);
    policies = world.devnet.deployment.periphery?.policies as Address;
    const borrower = world.devnet.deployment.accounts.find((a) => a.label === "moderate-borrower") as {
      privateKey: Hex;
    };
    ({ browser, wallet, page } = await openBrowserAs(world, borrower.privateKey));
    await page.goto(`${world.appUrl}/protect?protect=pool:0`);
    await page.getByRole("button", { name: "Connect wallet" }).click();
    await page.getByRole("button", { name: "Keel Test Wallet" }).click();
    await page.getByTestId("connected-address").waitFor();
    await page.getByTestId("protect-summary").waitFor();
  });

  after(async () => {
    await browser?.close();
    await world?.stop();
  });

  const reserveIndex = async (symbol: string) =>
    (await chain.pool(CORE)).reserves.findIndex((r) => r.symbol === symbol);

  const postedEvents = () =>
    chain.client.getContractEvents({
      address: policies,
      abi: protectionPoliciesAbi,
      eventName: "PostPolicy",
      args: { owner: wallet.address },
      fromBlock: BigInt(world.devnet.deployment.startBlock),
      strict: true,
    });

  const policyState = (hash: Hex) =>
    chain.client.readContract({
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "policyState",
      args: [hash],
    });

  const listed = (hash: Hex) => page.locator(`[data-testid=protect-policy][data-hash="${hash}"]`);

  /** Fills the form's fields by their labels. */
  async function fill(fields: Record<string, string>) {
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  }

  it("creates a deleverage policy whose summary says what the contract then holds, and posts it", async () => {
    // The moderate borrower holds WBTC and owes USDC: the defaults name them.
    assert.equal(await page.getByLabel("Collateral", { exact: true }).inputValue(), String(await reserveIndex("WBTC")));
    assert.equal(await page.getByLabel("Debt", { exact: true }).inputValue(), String(await reserveIndex("USDC")));
    await fill({
      "Trigger level: health factor": "1.45",
      "Target health factor": "1.6",
      "Tolerance above the target": "0.2",
      "Keeper's fee (% of the debt repaid)": "0.5",
      "Fee cap (USDC)": "100",
      "Cooldown between executions (minutes)": "0",
    });
    const summary = page.getByTestId("protect-summary");
    await summary.filter({ hasText: "falls below 1.45" }).waitFor();
    summaryShown = (await summary.textContent()) ?? "";
    assert.match(
      summaryShown,
      /^When your health factor in Core falls below 1\.45, any keeper may sell your WBTC for USDC/,
    );
    assert.match(summaryShown, /until your health factor is between 1\.60 and 1\.80/);
    assert.match(summaryShown, /at no worse than 2% below the oracles' price/);
    assert.match(summaryShown, /for a fee of 0\.5% of the debt repaid, at most 100 USDC/);
    assert.match(summaryShown, /with no wait between executions, until .+, at most 5 times\.$/);

    // The preview says what will be sent: the authorization first (the borrower never gave one), then the post.
    const preview = page.getByTestId("protect-preview");
    assert.match((await preview.textContent()) ?? "", /A transaction authorizing the policy contract on the pool/);
    assert.match((await preview.textContent()) ?? "", /Sign and post: a transaction posting the policy/);

    await page.getByTestId("protect-post").click();
    await page
      .locator("[data-testid=protect-status].status-done, [data-testid=protect-status].status-failed")
      .waitFor();
    const status = (await page.getByTestId("protect-status").textContent()) ?? "";
    const match = status.match(/^Posted policy (0x[0-9a-f]{64}): any keeper can now find it on chain\.$/);
    assert.ok(match, status);
    postedHash = match[1] as Hex;

    // On chain: the authorization, one PostPolicy with exactly what the summary said, and its stored hash.
    const authorized = await chain.client.readContract({
      address: world.devnet.deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "isAuthorized",
      args: [wallet.address, policies],
    });
    assert.equal(authorized, true);
    const events = await postedEvents();
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event.args.policyHash, postedHash);
    const policy = event.args.policy as Policy;
    assert.equal(policy.owner.toLowerCase(), wallet.address.toLowerCase());
    assert.equal(policy.poolId, CORE);
    assert.equal(policy.action, PolicyAction.Deleverage);
    assert.equal(policy.trigger, PolicyTrigger.HealthBelow);
    assert.equal(policy.triggerValue, (145n * WAD) / 100n);
    assert.equal(policy.targetHealth, (160n * WAD) / 100n);
    assert.equal(policy.healthTolerance, (20n * WAD) / 100n);
    assert.equal(policy.collateralReserve, await reserveIndex("WBTC"));
    assert.equal(policy.debtReserve, await reserveIndex("USDC"));
    assert.equal(policy.maxDeviationBps, 200);
    assert.equal(policy.feeBps, 50);
    assert.equal(policy.maxFee, 100n * 10n ** 6n);
    assert.equal(policy.cooldown, 0);
    assert.equal(policy.maxExecutions, 5);
    assert.equal(policy.adapter, world.devnet.deployment.periphery?.swapAdapter);
    assert.equal(policy.route, POLICY_DIRECT_ROUTE);
    const stored = await chain.client.readContract({
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "hashPolicy",
      args: [policy],
    });
    assert.equal(stored, postedHash);
    const [, , cancelled, posted] = await policyState(postedHash);
    assert.equal(posted, true);
    assert.equal(cancelled, false);

    // The list reads it back from the event: the same words, and why it cannot run yet.
    const item = listed(postedHash);
    await item.waitFor();
    assert.equal(await item.getByTestId("protect-policy-summary").textContent(), summaryShown);
    await item
      .getByTestId("protect-standing")
      .filter({ hasText: /not below 1\.45/ })
      .waitFor();
    assert.match(
      (await item.getByTestId("protect-standing").textContent()) ?? "",
      /^Cannot run now: your health factor is 1\.\d\d, not below 1\.45\.$/,
    );
    assert.deepEqual(await accessibilityViolations(page), []);
  });

  it("says it can run once WBTC falls, and Keel's keeper carries it out into the policy's band", async () => {
    await setPrice(world.devnet, "WBTC", "54000"); // health ≈ 1.5 × 54/60 = 1.35, below 1.45
    const item = listed(postedHash);
    await item.getByTestId("protect-standing").filter({ hasText: "Can run now" }).waitFor();

    // Keel's keeper (apps/keeper), run in process: it follows the posted policy, sees it can run, plans the
    // amounts against the contracts and executes it, as `npm start` runs it beside the app.
    const { keeper } = inProcessKeeper(world.devnet);
    await passTo(keeper, await chain.client.getBlockNumber());

    const executed = await chain.client.getContractEvents({
      address: policies,
      abi: protectionPoliciesAbi,
      eventName: "ExecutePolicy",
      fromBlock: BigInt(world.devnet.deployment.startBlock),
      strict: true,
    });
    assert.equal(executed.length, 1);
    const healthAfter = executed[0].args.healthAfter;
    assert.ok(healthAfter >= (160n * WAD) / 100n && healthAfter <= (180n * WAD) / 100n, String(healthAfter));
    const [executions] = await policyState(postedHash);
    assert.equal(executions, 1);

    // The page follows the chain: one execution, and the trigger no longer holds.
    await item.getByText("Executions so far: 1 of 5.").waitFor();
    await item
      .getByTestId("protect-standing")
      .filter({ hasText: /not below 1\.45/ })
      .waitFor();
  });

  it("refuses a target below the trigger and a fee above the contract's limit, with nothing sent", async () => {
    const before = wallet.requests.length;
    await fill({ "Trigger level: health factor": "1.3", "Target health factor": "1.2" });
    const problem = page.getByTestId("protect-problem");
    await problem.filter({ hasText: "must be above the trigger" }).waitFor();
    assert.equal(
      await problem.textContent(),
      "The target (1.2) must be above the trigger (1.3): the policy acts when the health factor falls below the trigger, and must raise it to the target.",
    );
    assert.equal(await page.getByTestId("protect-post").isDisabled(), true);
    assert.equal(await page.getByTestId("protect-sign").isDisabled(), true);

    await fill({ "Target health factor": "1.5", "Keeper's fee (% of the debt repaid)": "6" });
    await problem.filter({ hasText: "fee" }).waitFor();
    assert.equal(await problem.textContent(), "The keeper's fee may be at most 5% (the contract's limit).");
    assert.equal(await page.getByTestId("protect-post").isDisabled(), true);
    assert.deepEqual(await accessibilityViolations(page), []);

    const sent = wallet.requests.slice(before).filter((m) => m.startsWith("eth_sign") || m === "eth_sendTransaction");
    assert.deepEqual(sent, []);
    assert.equal((await postedEvents()).length, 1);
    await fill({ "Keeper's fee (% of the debt repaid)": "0.5" });
    await page.getByTestId("protect-summary").waitFor();
  });

  it("signs a policy without posting it: the JSON a keeper's file takes, signed by the owner", async () => {
    const before = wallet.requests.length;
    await page.getByTestId("protect-sign").click();
    await page
      .locator("[data-testid=protect-status].status-done, [data-testid=protect-status].status-failed")
      .waitFor();
    assert.match((await page.getByTestId("protect-status").textContent()) ?? "", /^Signed\. Nothing was posted/);
    const json = JSON.parse(await page.getByTestId("protect-signed").inputValue()) as {
      policy: Record<string, unknown>;
      signature: Hex;
    }[];
    assert.equal(json.length, 1);
    // Numbers as decimal strings, as the keeper's policiesFile reads them.
    const policy = Object.fromEntries(
      Object.entries(json[0].policy).map(([k, v]) => [k, typeof v === "string" && /^\d+$/.test(v) ? BigInt(v) : v]),
    ) as unknown as Policy;
    assert.equal(policy.triggerValue, (130n * WAD) / 100n);
    assert.equal(await verifyPolicy(chain.client, { policies, policy, signature: json[0].signature }), true);
    // Authorized already: a signature only, and no transaction.
    assert.ok(wallet.requests.slice(before).includes("eth_signTypedData_v4"));
    assert.ok(!wallet.requests.slice(before).includes("eth_sendTransaction"));
    assert.equal((await postedEvents()).length, 1);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("protect-download").click()]);
    assert.equal(download.suggestedFilename(), "keel-policy.json");
  });

  it("cancels one policy from the page, then every policy with Cancel all", async () => {
    // A second policy, posted from the page, to outlive the first cancel.
    await page.getByTestId("protect-post").click();
    const status = page.getByTestId("protect-status");
    // Posted, or a sentence saying why not (shown by the assertion below rather than by a timeout).
    await status
      .filter({ hasText: /^Posted policy/ })
      .or(page.locator("[data-testid=protect-status].status-failed"))
      .waitFor();
    assert.match((await status.textContent()) ?? "", /^Posted policy/);
    const second = (await postedEvents()).find((e) => e.args.policyHash !== postedHash)?.args.policyHash as Hex;
    await listed(second).waitFor();

    await listed(postedHash).getByTestId("protect-cancel").click();
    await page
      .getByTestId("protect-list-status")
      .filter({ hasText: /^Cancelled policy/ })
      .waitFor();
    assert.equal((await policyState(postedHash))[2], true);
    assert.equal((await policyState(second))[2], false);
    await listed(postedHash).getByTestId("protect-standing").filter({ hasText: "Cancelled." }).waitFor();
    assert.equal(await listed(postedHash).getByTestId("protect-cancel").count(), 0);

    const nonceBefore = await chain.client.readContract({
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "policyNonce",
      args: [wallet.address],
    });
    await page.getByTestId("protect-cancel-all").click();
    await page.getByTestId("protect-cancel-all-confirm").click();
    await page
      .getByTestId("protect-list-status")
      .filter({ hasText: /^Cancelled every policy/ })
      .waitFor();
    const nonceAfter = await chain.client.readContract({
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "policyNonce",
      args: [wallet.address],
    });
    assert.ok(nonceAfter > nonceBefore);
    const secondPolicy = (await postedEvents()).find((e) => e.args.policyHash === second)?.args.policy as Policy;
    const [ready, reason] = await chain.client.readContract({
      address: policies,
      abi: protectionPoliciesAbi,
      functionName: "check",
      args: [secondPolicy],
    });
    assert.equal(ready, false);
    assert.ok(reason !== "0x00000000");
    await listed(second)
      .getByTestId("protect-standing")
      .filter({ hasText: /^Cancelled: you cancelled every/ })
      .waitFor();
    assert.deepEqual(await accessibilityViolations(page), []);
  });
});
