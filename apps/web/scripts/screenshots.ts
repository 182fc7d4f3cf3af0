// Screenshots of the main pages for the docs, taken in Chromium from a running app (`npm start`):
//   node apps/web/scripts/screenshots.ts [app URL] [output folder]
// It connects the devnet's test-account wallet as moderate-borrower (no extension needed) and opens a
// borrow preview without sending it.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser } from "../test/helpers/browser.ts";

const appUrl = process.argv[2] ?? "http://127.0.0.1:5173";
const out = path.resolve(process.argv[3] ?? fileURLToPath(new URL("../../../docs/web", import.meta.url)));

const browser = await launchBrowser();
try {
  const page = browser.pages()[0] ?? (await browser.newPage());
  page.setDefaultTimeout(60_000);
  await page.goto(`${appUrl}/`);
  await page.getByTestId("market-0-WETH").waitFor();
  await page
    .getByTestId("market-0-USDC")
    .getByRole("button", { name: /Rate curve/ })
    .click();
  await page.screenshot({ path: path.join(out, "markets.png"), fullPage: true });
  await page.evaluate(() => localStorage.setItem("keel.devnet.account", "moderate-borrower"));
  await page.getByRole("button", { name: "Connect wallet" }).click();
  await page.getByRole("button", { name: /Devnet test account/ }).click();
  await page.getByTestId("connected-address").click();
  await page.getByTestId("summary").waitFor();
  await page.getByTestId("price-drop").fill("20");
  await page.screenshot({ path: path.join(out, "position.png"), fullPage: true });
  await page.getByRole("button", { name: "Borrow USDC", exact: true }).click();
  await page.getByTestId("operation").getByRole("textbox").fill("2500");
  await page.getByTestId("preview").waitFor();
  await page.getByTestId("operation").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(out, "borrow-preview.png"), fullPage: true });
  await page.getByRole("link", { name: "kUSD" }).click();
  await page.waitForURL(/\/kusd/);
  await page.getByRole("heading", { level: 1, name: /kUSD/ }).waitFor();
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: path.join(out, "kusd.png"), fullPage: true });
  await page.getByRole("link", { name: "History" }).click();
  await page.waitForURL(/\/history\/0x/);
  await page.locator("table").first().waitFor();
  await page.screenshot({ path: path.join(out, "history.png"), fullPage: true });
  console.log(`Screenshots in ${out}`);
} finally {
  await browser.close();
}
