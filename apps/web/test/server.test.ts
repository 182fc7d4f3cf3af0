import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ConfigError, loadServerConfig, type PublicConfig, publicConfig } from "../server/config.ts";
import { serveApp } from "../server/serve.ts";

// A manifest of the shape `keel devnet` writes; the server reads no more of it than this.
const scratch = mkdtempSync(path.join(tmpdir(), "keel-web-server-"));
const manifest = path.join(scratch, "devnet.json");
writeFileSync(
  manifest,
  JSON.stringify({
    version: 1,
    chainId: 31337,
    rpcUrl: "http://127.0.0.1:8545",
    startBlock: 0,
    contracts: { pool: "0x67d269191c92Caf3cD7723F116c85e6E9bf55933" },
    tokens: {},
    pools: [],
    accounts: [
      {
        label: "newcomer",
        role: "newcomer",
        address: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
        privateKey: "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
      },
    ],
  }),
);

describe("the app's server", () => {
  const dist = mkdtempSync(path.join(tmpdir(), "keel-web-dist-"));
  let server: Server;
  let base: string;
  let config: PublicConfig;

  before(async () => {
    mkdirSync(path.join(dist, "assets"));
    mkdirSync(path.join(dist, ".vite"));
    writeFileSync(path.join(dist, ".vite", "manifest.json"), "{}");
    writeFileSync(path.join(dist, "index.html"), "<!doctype html><title>Keel</title>");
    writeFileSync(path.join(dist, "assets", "index-abc123.js"), "console.log(1)");
    writeFileSync(path.join(path.dirname(dist), "keel-web-secret.txt"), "outside");
    const loaded = await loadServerConfig(
      [
        "--manifest",
        manifest,
        "--rpc",
        "http://127.0.0.1:1",
        "--rpc",
        "http://127.0.0.1:2/",
        "--indexer",
        "http://127.0.0.1:42069",
      ],
      {},
      { manifest, dist },
    );
    config = publicConfig(loaded.config, loaded.deployment);
    server = await serveApp({ dist, host: "127.0.0.1", port: 0, config });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it("tells the app its network, every RPC URL in order and its services, and keeps it out of frames", async () => {
    const response = await fetch(`${base}/config.json`);
    const body = (await response.json()) as PublicConfig;
    assert.deepEqual(body.network.rpcUrls, ["http://127.0.0.1:1", "http://127.0.0.1:2"]);
    assert.equal(body.indexerUrl, "http://127.0.0.1:42069");
    assert.equal(body.network.devnet, true);
    // The manifest's own RPC URL (it may carry a provider's key) is replaced by the first one given.
    assert.equal(body.deployment.rpcUrl, "http://127.0.0.1:1");
    assert.equal(response.headers.get("cache-control"), "no-store");
    const page = await fetch(`${base}/account/0x0000000000000000000000000000000000000001`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<title>Keel<\/title>/);
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /connect-src 'self' http:\/\/127\.0\.0\.1:1 http:\/\/127\.0\.0\.1:2 http:\/\/127\.0\.0\.1:42069/);
    assert.match(csp, /script-src 'self'(;|$)/);
  });

  it("caches hashed assets for good, answers a missing asset with 404, and serves nothing outside the build", async () => {
    const asset = await fetch(`${base}/assets/index-abc123.js`);
    assert.equal(asset.status, 200);
    assert.match(asset.headers.get("cache-control") ?? "", /immutable/);
    assert.equal((await fetch(`${base}/assets/index-old.js`)).status, 404);
    // Compressed when the browser accepts it (fetch decodes it back), plain when it does not.
    const brotli = await fetch(`${base}/assets/index-abc123.js`, { headers: { "Accept-Encoding": "br" } });
    assert.equal(brotli.headers.get("content-encoding"), "br");
    assert.equal(await brotli.text(), "console.log(1)");
    const plain = await fetch(`${base}/assets/index-abc123.js`, { headers: { "Accept-Encoding": "identity" } });
    assert.equal(plain.headers.get("content-encoding"), null);
    assert.equal(await plain.text(), "console.log(1)");
    for (const attempt of [
      "/../keel-web-secret.txt",
      "/%2e%2e/keel-web-secret.txt",
      "/assets/..%2f..%2fkeel-web-secret.txt",
    ]) {
      const response = await fetch(`${base}${attempt}`);
      assert.notEqual(await response.text(), "outside", attempt);
    }
    assert.equal((await fetch(`${base}/.vite/manifest.json`)).status, 404);
    // A path that does not decode is refused, and the server goes on answering.
    assert.equal((await fetch(`${base}/%E0%A4%A`)).status, 400);
    assert.equal((await fetch(`${base}/config.json`)).status, 200);
    assert.equal((await fetch(`${base}/`, { method: "POST" })).status, 405);
  });

  it("sends the seeded accounts' keys to the browser on a devnet only", async () => {
    assert.equal(config.deployment.accounts[0].privateKey.length, 66);
    const loaded = await loadServerConfig(["--manifest", manifest], {}, { manifest, dist });
    const elsewhere = publicConfig(
      {
        ...loaded.config,
        public: { ...loaded.config.public, network: { ...loaded.config.public.network, devnet: false } },
      },
      loaded.deployment,
    );
    assert.deepEqual(elsewhere.deployment.accounts, []);
  });

  it("refuses a bad configuration with a sentence before it listens", async () => {
    const refuse = (argv: string[], pattern: RegExp) =>
      assert.rejects(
        loadServerConfig(argv, {}, { manifest, dist }),
        (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
      );
    await refuse(["--manifest", manifest, "--rpc", "ftp://x"], /--rpc "ftp:\/\/x" is not an http\(s\) URL/);
    await refuse(["--manifest", manifest, "--port", "99999"], /--port "99999" is not a port/);
    await refuse(["--manifest", "/nonexistent/devnet.json"], /cannot be read.*keel devnet/);
    await refuse(["--bogus"], /Unknown option '--bogus'.*keel web --help/);
  });
});
