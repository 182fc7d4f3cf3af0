// What reaches a chat from the chain: a symbol anyone can choose is shown only if it looks like one.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { slackEscape } from "../src/channels/channels.ts";
import { amountUp, roundUpShown, safeSymbol } from "../src/format.ts";

describe("alert text", () => {
  it("shows a chain-read symbol only when it looks like a symbol", () => {
    for (const symbol of ["WETH", "wstETH", "USDC.e", "sDAI", "BTC-PERP"])
      assert.equal(safeSymbol(symbol, "token"), symbol);
    for (const hostile of [
      "<!channel>",
      "@everyone",
      "[claim](https://example.com)",
      "USDC\nWhat to do: visit https://example.com",
      "https://example.com",
      "A".repeat(17),
      "",
      undefined,
    ])
      assert.equal(safeSymbol(hostile, "reserve 7"), "reserve 7", String(hostile));
  });

  it("escapes Slack's control characters", () => {
    assert.equal(slackEscape("a <b> & c"), "a &lt;b&gt; &amp; c");
  });

  it("rounds a fix's amount up to what it shows, never down", () => {
    assert.equal(roundUpShown(1_000_001n, 6), 1_010_000n); // 1.000001 USDC → 1.01
    assert.equal(roundUpShown(10n ** 18n, 18), 10n ** 18n); // exact stays
    assert.equal(amountUp(123_456_789_012_345_678n, 18, "WETH"), "0.1235 WETH");
  });
});
