// What the browser tests do on a page, said once: wait for an operation to finish, run axe-core, and
// read the chain the way a user's page is checked against it.
import { AxeBuilder } from "@axe-core/playwright";
import {
  type AccountSnapshot,
  getAccountSnapshot,
  getPoolSnapshot,
  type KeelDeployment,
  type PoolSnapshot,
} from "@keel/sdk";
import type { Page } from "playwright-core";
import { type Address, createPublicClient, http } from "viem";

/** Generous: the machine may be busy; the wait ends as soon as the condition holds. */
export const SLOW = 90_000;

/** Fills the open operation form, checks the preview appeared, sends, and waits for the outcome. */
export async function sendOperation(page: Page, amount: string | "max"): Promise<string> {
  const form = page.getByTestId("operation");
  if (amount === "max") await form.getByRole("button", { name: "Max" }).click();
  else await form.getByRole("textbox").fill(amount);
  await form.getByTestId("preview").waitFor({ timeout: SLOW });
  await form.getByTestId("send").click();
  const status = form.getByTestId("status");
  await form.locator(".status-done, .status-failed").waitFor({ timeout: SLOW });
  return (await status.textContent()) ?? "";
}

/** Opens an action of a reserve's row on the account page. */
export async function openOperation(page: Page, label: string, symbol: string): Promise<void> {
  await page.getByRole("button", { name: `${label} ${symbol}`, exact: true }).click();
  await page.getByTestId("operation").waitFor();
}

/** axe-core's findings on the page as it is (WCAG 2.1 A and AA). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
}

/** The chain as a test reads it, with the SDK, independently of the page. */
export function chainReader(deployment: KeelDeployment, rpcUrl: string) {
  const client = createPublicClient({ transport: http(rpcUrl) });
  return {
    client,
    async pool(poolId: bigint): Promise<PoolSnapshot> {
      return getPoolSnapshot(client, { pool: deployment.contracts.pool, poolId });
    },
    async account(poolId: bigint, account: Address): Promise<AccountSnapshot> {
      return getAccountSnapshot(client, { pool: deployment.contracts.pool, poolId, account });
    },
  };
}
