import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { runNode } from "../../cli/test/helpers/cli.ts";

const start = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../start.ts");

/** A manifest that parses, for the checks that come after it. */
function manifest(contents: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "keel-indexer-settings-")), "devnet.json");
  writeFileSync(file, typeof contents === "string" ? contents : JSON.stringify(contents));
  return file;
}

const whole = {
  version: 1,
  chainId: 31337,
  rpcUrl: "http://127.0.0.1:1",
  startBlock: 0,
  contracts: { pool: "0x0000000000000000000000000000000000000001" },
  tokens: {},
  pools: [],
  uniswap: {},
  cdp: { engine: "0x0000000000000000000000000000000000000002", pegModules: [] },
  periphery: { policies: "0x0000000000000000000000000000000000000003" },
  accounts: [],
};

describe("indexer settings", () => {
  it("refuses each bad setting with exit code 2 and a sentence naming it, before starting Ponder", async () => {
    const cases: [Record<string, string>, string[], RegExp][] = [
      [
        { KEEL_INDEXER_MANIFEST: "/nowhere/devnet.json" },
        [],
        /no deployment manifest at \/nowhere\/devnet\.json\. Start the devnet first/,
      ],
      [{ KEEL_INDEXER_MANIFEST: manifest("{ not json") }, [], /is not a Keel deployment manifest/],
      [{ KEEL_INDEXER_MANIFEST: manifest({ ...whole, version: 9 }) }, [], /unsupported deployment manifest version 9/],
      [{ KEEL_INDEXER_MANIFEST: manifest({ ...whole, cdp: undefined }) }, [], /has no kUSD engine or periphery/],
      [
        { KEEL_INDEXER_MANIFEST: manifest(whole), KEEL_INDEXER_RPC_URLS: "ws://x" },
        [],
        /KEEL_INDEXER_RPC_URLS: "ws:\/\/x" is not an http\(s\) URL/,
      ],
      [
        { KEEL_INDEXER_MANIFEST: manifest(whole), DATABASE_URL: "mysql://u:secret@db/keel" },
        [],
        /DATABASE_URL must be a postgres:\/\/ connection string \(got "db\/keel"\)/,
      ],
      [
        { KEEL_INDEXER_MANIFEST: manifest(whole), KEEL_INDEXER_POLLING_MS: "5" },
        [],
        /KEEL_INDEXER_POLLING_MS must be a whole number of milliseconds between 50 and 60000/,
      ],
      [
        { KEEL_INDEXER_MANIFEST: manifest(whole) },
        ["--port", "99999"],
        /--port must be a TCP port number \(got "99999"\)/,
      ],
      [
        { KEEL_INDEXER_MANIFEST: manifest(whole) },
        ["--schema", "Drop Table"],
        /--schema must be a lower-case PostgreSQL identifier/,
      ],
      [
        { KEEL_INDEXER_MANIFEST: manifest(whole) },
        ["--serve"],
        /--serve reads a PostgreSQL database that another indexer writes; set DATABASE_URL/,
      ],
    ];
    for (const [env, args, message] of cases) {
      const result = await runNode(start, args, { env: { DATABASE_URL: "", KEEL_INDEXER_RPC_URLS: "", ...env } });
      assert.equal(result.status, 2, `${JSON.stringify(env)} ${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /secret/, "a password in DATABASE_URL is never printed");
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
  });
});
