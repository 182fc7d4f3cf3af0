// The app's API on a real monitor following a real devnet: Sign-In with Ethereum with viem accounts,
// each way a sign-in must fail, one user's rules out of another's reach, webhooks the monitor refuses,
// CORS, the per-user limit, and a user's rule firing once into a real HTTP receiver.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Hex, LocalAccount } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { runKeel } from "../../keeper/test/helpers/cli.ts";
import { type RunningDevnet, startDevnet } from "../../keeper/test/helpers/devnet.ts";
import { accountOf, chainClients } from "../../keeper/test/helpers/keeper.ts";
import { type Alert, loadConfig, signWebhook, startMonitor } from "../src/index.ts";
import { quietRulesFile, type RunningMonitor, settled, waitFor } from "./helpers/monitor.ts";
import { HttpReceiver } from "./helpers/receivers.ts";

const DEVNET_PORT = 8854;
const MONITOR_PORT = 8855;
const RECEIVER_PORT = 8856;
const APP = "https://app.keel.test";
const API = `http://127.0.0.1:${MONITOR_PORT}`;

type Json = Record<string, unknown> & { error?: string };

/** A request to the monitor's API; resolves with the status and the parsed body. */
async function call(
  method: string,
  route: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${API}${route}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? {} : (JSON.parse(text) as Json), headers: response.headers };
}

describe("the monitor's API for the app", { timeout: 600_000 }, () => {
  let devnet: RunningDevnet;
  let receiver: HttpReceiver;
  let monitor: RunningMonitor;
  const controller = new AbortController();
  const dir = mkdtempSync(path.join(tmpdir(), "keel-monitor-api-"));
  /** Signed-in sessions by name. */
  const tokens: Record<string, string> = {};

  /** A sign-in message for `account`, as the app builds it; `overrides` make it wrong in one way. */
  async function message(account: LocalAccount, overrides: Partial<Parameters<typeof createSiweMessage>[0]> = {}) {
    const nonce = overrides.nonce ?? ((await call("GET", "/v1/auth/nonce")).body.nonce as string);
    return createSiweMessage({
      domain: new URL(APP).host,
      uri: APP,
      address: account.address,
      version: "1",
      chainId: devnet.deployment.chainId,
      nonce,
      statement: "Sign in to manage your Keel alerts.",
      issuedAt: new Date(),
      ...overrides,
    });
  }

  const verify = (text: string, signature: Hex) =>
    call("POST", "/v1/auth/verify", { body: { message: text, signature } });

  async function signIn(account: LocalAccount): Promise<string> {
    const text = await message(account);
    const answer = await verify(text, await account.signMessage({ message: text }));
    assert.equal(answer.status, 200, answer.body.error);
    assert.equal(answer.body.address, account.address);
    return answer.body.token as string;
  }

  const edge = () => privateKeyToAccount(accountOf(devnet.deployment, "edge-borrower").privateKey);
  const safe = () => privateKeyToAccount(accountOf(devnet.deployment, "safe-borrower").privateKey);

  before(async () => {
    devnet = await startDevnet(DEVNET_PORT);
    receiver = new HttpReceiver();
    await receiver.listen(RECEIVER_PORT);
    const rules = quietRulesFile(dir);
    const config = loadConfig({
      flags: {
        rules,
        manifest: devnet.manifestPath,
        rpc: [devnet.rpcUrl],
        dataDir: path.join(dir, "store"),
        port: MONITOR_PORT,
        pollIntervalMs: 100,
        logLevel: process.env.KEEL_TEST_MONITOR_LOG ?? "silent",
      },
      env: { KEEL_MONITOR_APP_ORIGINS: `${APP}, http://127.0.0.1:5173`, KEEL_MONITOR_USER_WEBHOOK_HOSTS: "127.0.0.1" },
      cwd: process.cwd(),
      manifestRpcUrl: () => undefined,
    });
    assert.deepEqual(config.appOrigins, [APP, "http://127.0.0.1:5173"]);
    const lines: string[] = [];
    const started = await startMonitor({ ...config, rpcTimeoutMs: 1000 }, controller.signal, {
      write: (line) => void lines.push(line),
    });
    monitor = {
      ...started,
      lines,
      stop: async () => {
        controller.abort();
        await started.done;
      },
    };
  });

  after(async () => {
    await monitor?.stop();
    await receiver?.close();
    await devnet?.stop();
  });

  it("refuses a configuration whose app origin is not an origin", () => {
    assert.throws(
      () =>
        loadConfig({
          flags: { rules: "r.yaml", rpc: [devnet.rpcUrl], appOrigins: ["https://app.keel.test/alerts"] },
          env: {},
          cwd: process.cwd(),
          manifestRpcUrl: () => undefined,
        }),
      /appOrigins\.0: an origin/,
    );
  });

  it("signs in with Sign-In with Ethereum, and a session reads its own (empty) list", async () => {
    const nonce = await call("GET", "/v1/auth/nonce");
    assert.equal(nonce.status, 200);
    assert.match(nonce.body.nonce as string, /^[a-zA-Z0-9]{8,}$/);
    tokens.edge = await signIn(edge());
    tokens.safe = await signIn(safe());
    const list = await call("GET", "/v1/rules", { token: tokens.edge });
    assert.equal(list.status, 200, list.body.error);
    assert.equal(list.body.address, edge().address);
    assert.deepEqual(list.body.rules, []);
    assert.equal(list.body.limit, 20);
    // /health and /metrics are still there, beside the API.
    assert.equal((await fetch(`${API}/health`)).status, 200);
  });

  it("refuses a message for another domain, another origin's URI, or another chain", async () => {
    const account = edge();
    const cases: [Partial<Parameters<typeof createSiweMessage>[0]>, RegExp][] = [
      [{ domain: "evil.example" }, /evil\.example, which is not an app this monitor serves/],
      [{ uri: "https://evil.example/login" }, /URI https:\/\/evil\.example\/login is not on https:\/\/app\.keel\.test/],
      [{ chainId: 1 }, /for chain 1, and this monitor watches chain 31337/],
    ];
    for (const [override, reason] of cases) {
      const text = await message(account, override);
      const answer = await verify(text, await account.signMessage({ message: text }));
      assert.equal(answer.status, 401, JSON.stringify(override));
      assert.match(answer.body.error ?? "", reason);
    }
  });

  it("refuses a replayed message, and a nonce it never issued", async () => {
    const account = edge();
    const text = await message(account);
    const signature = await account.signMessage({ message: text });
    assert.equal((await verify(text, signature)).status, 200);
    const replay = await verify(text, signature);
    assert.equal(replay.status, 401);
    assert.match(replay.body.error ?? "", /nonce was not issued by this monitor, was used already/);
    const invented = await message(account, { nonce: "a1b2c3d4e5f6a7b8" });
    const refused = await verify(invented, await account.signMessage({ message: invented }));
    assert.equal(refused.status, 401);
    assert.match(refused.body.error ?? "", /nonce/);
  });

  it("refuses an expired message and a forged signature", async () => {
    const account = edge();
    const expired = await message(account, {
      issuedAt: new Date("2024-01-01T00:00:00Z"),
      expirationTime: new Date("2024-01-01T00:05:00Z"),
    });
    const late = await verify(expired, await account.signMessage({ message: expired }));
    assert.equal(late.status, 401);
    assert.match(late.body.error ?? "", /expired/);
    // Someone else's key signs a message that claims to be the edge borrower's.
    const forger = privateKeyToAccount(generatePrivateKey());
    const claimed = await message(account);
    const forged = await verify(claimed, await forger.signMessage({ message: claimed }));
    assert.equal(forged.status, 401);
    assert.match(forged.body.error ?? "", new RegExp(`signature is not ${account.address}'s`));
    const garbage = await verify(claimed, "0x1234");
    assert.equal(garbage.status, 400, "not a signature at all: a bad request");
    assert.match(garbage.body.error ?? "", /signature/);
  });

  it("refuses requests without a session, or with one that ended", async () => {
    assert.equal((await call("GET", "/v1/rules")).status, 401);
    const wrong = await call("GET", "/v1/rules", { token: "bm90LWEtcmVhbC10b2tlbi1hdC1hbGw" });
    assert.equal(wrong.status, 401);
    assert.match(wrong.body.error ?? "", /expired or ended/);
    const token = await signIn(edge());
    assert.equal((await call("DELETE", "/v1/auth/session", { token })).status, 200);
    assert.equal((await call("GET", "/v1/rules", { token })).status, 401);
  });

  it("keeps each address's rules its own: another's is 404 to read and to delete", async () => {
    const created = await call("POST", "/v1/rules", {
      token: tokens.safe,
      body: { condition: { type: "liquidated" }, channel: { type: "stdout" } },
    });
    assert.equal(created.status, 201, created.body.error);
    const rule = created.body.rule as { id: string; address: string };
    assert.equal(rule.address, safe().address);
    assert.match(rule.id, /^user:[0-9a-f]{16}$/);
    const path = `/v1/rules/${encodeURIComponent(rule.id)}`;
    assert.equal((await call("GET", path, { token: tokens.edge })).status, 404);
    assert.equal((await call("DELETE", path, { token: tokens.edge })).status, 404);
    assert.deepEqual((await call("GET", "/v1/rules", { token: tokens.edge })).body.rules, []);
    assert.equal((await call("GET", path, { token: tokens.safe })).status, 200);
    const stored = await monitor.store.users.rulesOf(safe().address);
    assert.deepEqual(
      stored.map((r) => r.id),
      [rule.id],
      "still in the store",
    );
    // What a rule watches is the session's address: a body naming accounts is refused, not obeyed.
    const sneaky = await call("POST", "/v1/rules", {
      token: tokens.edge,
      body: { condition: { type: "liquidated" }, channel: { type: "stdout" }, accounts: [safe().address] },
    });
    assert.equal(sneaky.status, 400);
    assert.match(sneaky.body.error ?? "", /fields a rule cannot have: accounts/);
  });

  it("refuses webhooks it must not send to, and bad rules, with a sentence", async () => {
    const post = (body: unknown) => call("POST", "/v1/rules", { token: tokens.edge, body });
    const hook = (url: string) => post({ condition: { type: "liquidated" }, channel: { type: "webhook", url } });
    const refusals: [Promise<{ status: number; body: Json }>, RegExp][] = [
      [hook("http://hooks.example.com/x"), /must be https/],
      [hook("https://10.1.2.3/hook"), /10\.1\.2\.3 is a private or reserved address/],
      [hook("https://169.254.169.254/latest/meta-data"), /private or reserved address/],
      [hook("https://[::1]/hook"), /private or reserved address/],
      [hook("https://localhost:8443/hook"), /local name/],
      [hook("https://user:secret@hooks.example.com/x"), /user name or password/],
      [hook("ftp://hooks.example.com/x"), /channel\.url: an http\(s\) URL/],
      [post({ condition: { type: "healthFactor", below: -1 }, channel: { type: "stdout" } }), /condition\.below/],
      [post({ condition: { type: "depeg", bps: 100 }, channel: { type: "stdout" } }), /condition/],
      [
        post({
          condition: { type: "priceDrop", percent: 10, window: "1h" },
          assets: ["ETC"],
          channel: { type: "stdout" },
        }),
        /no token "ETC"/,
      ],
      [
        post({
          condition: { type: "priceDrop", percent: 10, window: "30d" },
          assets: ["ETH"],
          channel: { type: "stdout" },
        }),
        /window can be at most 1d/,
      ],
      [
        post({ condition: { type: "healthFactor", below: 1.2 }, pools: [99], channel: { type: "stdout" } }),
        /no pool 99/,
      ],
      [
        post({ condition: { type: "liquidated" }, channel: { type: "slack", url: "https://hooks.slack.com/x" } }),
        /channel/,
      ],
    ];
    for (const [answer, reason] of refusals) {
      const { status, body } = await answer;
      assert.equal(status, 400, `${reason}: ${body.error}`);
      assert.match(body.error ?? "", reason);
    }
    const notJson = await fetch(`${API}/v1/rules`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.edge}`, "content-type": "application/json" },
      body: "{not json",
    });
    assert.equal(notJson.status, 400);
    assert.deepEqual((await call("GET", "/v1/rules", { token: tokens.edge })).body.rules, [], "nothing was stored");
  });

  it("answers the app's origin with CORS, preflight included, and refuses other sites", async () => {
    const preflight = await call("OPTIONS", "/v1/rules", {
      headers: {
        origin: APP,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get("access-control-allow-origin"), APP);
    assert.match(preflight.headers.get("access-control-allow-headers") ?? "", /authorization/);
    const read = await call("GET", "/v1/rules", { token: tokens.edge, headers: { origin: APP } });
    assert.equal(read.headers.get("access-control-allow-origin"), APP);
    // A refusal carries them too, so the app can read its sentence.
    const refusal = await call("GET", "/v1/rules", { headers: { origin: APP } });
    assert.equal(refusal.status, 401);
    assert.equal(refusal.headers.get("access-control-allow-origin"), APP);
    const other = await call("OPTIONS", "/v1/rules", { headers: { origin: "https://evil.example" } });
    assert.equal(other.status, 403);
    assert.equal(other.headers.get("access-control-allow-origin"), null);
    const otherRead = await call("GET", "/v1/rules", {
      token: tokens.edge,
      headers: { origin: "https://evil.example" },
    });
    assert.equal(otherRead.status, 403);
  });

  it("keeps at most 20 rules an address", async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const token = await signIn(account);
    const body = { condition: { type: "auctionStarted" }, channel: { type: "stdout" } };
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const created = await call("POST", "/v1/rules", { token, body });
      assert.equal(created.status, 201, created.body.error);
      ids.push((created.body.rule as { id: string }).id);
    }
    const over = await call("POST", "/v1/rules", { token, body });
    assert.equal(over.status, 409);
    assert.match(over.body.error ?? "", /20 rules, the most one address may keep/);
    for (const id of ids) assert.equal((await call("DELETE", `/v1/rules/${id}`, { token })).status, 200);
    assert.deepEqual((await call("GET", "/v1/rules", { token })).body.rules, []);
    assert.equal(
      monitor.userRules.rules().filter((r) => ids.includes(r.id)).length,
      0,
      "deleted rules are no longer evaluated",
    );
  });

  it("fires a user's rule once, signed with the rule's own secret, after a price move made with the CLI", async () => {
    const created = await call("POST", "/v1/rules", {
      token: tokens.edge,
      body: {
        condition: { type: "healthFactor", below: 1, target: 1.5 },
        pools: [0],
        severity: "critical",
        channel: { type: "webhook", url: `${receiver.url}/edge` },
      },
    });
    assert.equal(created.status, 201, created.body.error);
    const rule = created.body.rule as { id: string };
    const secret = created.body.webhookSecret as string;
    assert.match(secret, /^[0-9a-f]{64}$/);
    // The list never shows the secret again.
    const listed = (await call("GET", "/v1/rules", { token: tokens.edge })).body.rules as Json[];
    assert.equal(listed.length, 1);
    assert.equal(JSON.stringify(listed).includes(secret), false);
    // The safe borrower's rule on its own account stays quiet through the same move.
    const quiet = await call("POST", "/v1/rules", {
      token: tokens.safe,
      body: {
        condition: { type: "healthFactor", below: 1 },
        channel: { type: "webhook", url: `${receiver.url}/safe` },
      },
    });
    assert.equal(quiet.status, 201, quiet.body.error);
    // Both rules are in the monitor's pass before the price moves.
    await chainClients(devnet).testClient.mine({ blocks: 1 });
    await settled(devnet, monitor);

    const moved = await runKeel(["--manifest", devnet.manifestPath, "devnet", "price", "ETH", "2400"]);
    assert.equal(moved.code, 0, moved.output);
    await waitFor(() => receiver.on("/edge").length > 0, "the edge borrower's alert at its webhook");
    await chainClients(devnet).testClient.mine({ blocks: 3 });
    await settled(devnet, monitor);
    const deliveries = receiver.on("/edge");
    assert.equal(deliveries.length, 1, "once, not every block");
    const [delivery] = deliveries;
    const alert = delivery.json.alert as Alert;
    assert.equal(alert.rule, rule.id);
    assert.equal(alert.condition, "healthFactor");
    assert.equal(alert.severity, "critical");
    assert.match(alert.key, new RegExp(edge().address));
    assert.match(alert.title, /health factor/i);
    const timestamp = delivery.headers["x-keel-timestamp"] as string;
    assert.equal(delivery.headers["x-keel-signature"], `sha256=${signWebhook(secret, timestamp, delivery.body)}`);
    assert.equal(receiver.on("/safe").length, 0, "the safe borrower's health stayed above 1");
    const stored = (await monitor.store.alerts()).filter((a) => a.rule.startsWith("user:"));
    assert.deepEqual(
      stored.map((a) => a.rule),
      [rule.id],
      "the store holds that one user alert",
    );
  });
});
