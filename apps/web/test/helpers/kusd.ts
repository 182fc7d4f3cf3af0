// What the kUSD journeys do, said once: read the engine, the peg module and balances with the SDK in
// Node (independently of the page), fill and send a kUSD form, and steer the devnet as a user would.
import { getAuction, getPsm, getTokenBalance, getVault, getVaults, type KeelDeployment, startAuction } from "@keel/sdk";
import type { Locator } from "playwright-core";
import { type Address, createPublicClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { runKeel } from "../../../keeper/test/helpers/cli.ts";
import type { RunningDevnet } from "../../../keeper/test/helpers/devnet.ts";
import { SLOW } from "./page.ts";

/** The kUSD engine and the tokens as a test reads them, with the SDK. */
export function kusdReader(deployment: KeelDeployment, rpcUrl: string) {
  const client = createPublicClient({ transport: http(rpcUrl) });
  const cdp = deployment.cdp;
  if (!cdp) throw new Error("the devnet has no kUSD engine");
  return {
    cdp,
    vault: (vaultId: bigint) => getVault(client, { engine: cdp.engine, vaultId }),
    vaults: (owner: Address) =>
      getVaults(client, { engine: cdp.engine, owner, fromBlock: BigInt(deployment.startBlock) }),
    auction: (vaultId: bigint) => getAuction(client, { engine: cdp.engine, vaultId }),
    psm: () => getPsm(client, { psm: cdp.pegModules[0].address }),
    balance: (symbol: string, account: Address) =>
      getTokenBalance(client, { token: deployment.tokens[symbol].address, account }),
  };
}

/**
 * Fills a kUSD form's amounts by their labels ("max" presses that field's Max), checks the preview
 * appeared, sends, and waits for the outcome's sentence.
 */
export async function sendKusdForm(form: Locator, amounts: Record<string, string>): Promise<string> {
  await fillKusdForm(form, amounts);
  await form.getByTestId("preview").waitFor({ timeout: SLOW });
  await form.getByTestId("send").click();
  await form.locator(".status-done, .status-failed").waitFor({ timeout: SLOW });
  return (await form.getByTestId("status").textContent()) ?? "";
}

export async function fillKusdForm(form: Locator, amounts: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(amounts)) {
    if (value === "max") await form.getByRole("button", { name: `Max: ${label}` }).click();
    else await form.getByLabel(label, { exact: true }).fill(value);
  }
}

/** `keel devnet price <symbol> <usd>` against the test's devnet, as a developer steers it. */
export async function setPrice(devnet: RunningDevnet, symbol: string, usd: string): Promise<string> {
  const { code, output } = await runKeel([
    "--manifest",
    devnet.manifestPath,
    "--rpc",
    devnet.rpcUrl,
    "devnet",
    "price",
    symbol,
    usd,
  ]);
  if (code !== 0) throw new Error(`keel devnet price failed (${code}):\n${output}`);
  return output;
}

/** Sends an unsafe vault to auction from Node, as a keeper would, through the SDK. */
export async function startVaultAuction(
  devnet: RunningDevnet,
  keeper: { privateKey: Hex },
  vaultId: bigint,
): Promise<void> {
  const cdp = devnet.deployment.cdp;
  if (!cdp) throw new Error("the devnet has no kUSD engine");
  const client = createWalletClient({
    account: privateKeyToAccount(keeper.privateKey),
    transport: http(devnet.rpcUrl),
  });
  await startAuction(client, { engine: cdp.engine, vaultId });
}
