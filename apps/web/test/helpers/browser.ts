// Real Chromium for the tests (Debian's package, driven by playwright-core), with a fresh profile each
// time and no network beyond this machine.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

export const CHROMIUM = process.env.KEEL_CHROMIUM ?? "/usr/bin/chromium";

export async function launchBrowser(
  options: { reducedMotion?: "reduce" | "no-preference" } = {},
): Promise<BrowserContext> {
  const profile = mkdtempSync(path.join(tmpdir(), "keel-web-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1360, height: 900 },
    reducedMotion: options.reducedMotion ?? "no-preference",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
