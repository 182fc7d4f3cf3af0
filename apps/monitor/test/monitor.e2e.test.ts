import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  cdpEngineAbi,
  devTokenAbi,
  formatHealthFactor,
  getVault,
  keelConfiguratorAbi,
  keelPoolAbi,
  pegStabilityModuleAbi,
} from "@keel/sdk";
import { type Address, encodeFunctionData, erc20Abi, type Hex } from "viem";
import { runNode } from "../../cli/test/helpers/cli.ts";
import { protectModerateBorrower } from "../../keeper/test/helpers/cli.ts";
import { type RunningDevnet, startDevnet } from "../../keeper/test/helpers/devnet.ts";
import { deployTimelock, timelockArtifact, wethThresholdCut } from "../../keeper/test/helpers/governance.ts";
import {
  accountOf,
  chainClients,
  inProcessKeeper,
  liquidationsFrom,
  passTo,
  WAD,
} from "../../keeper/test/helpers/keeper.ts";
import { type Alert, rulesJsonSchema, signWebhook } from "../src/index.ts";
import { actor, poolHealth, pushUtilization, setFeed } from "./helpers/chain.ts";
import { type RunningMonitor, settled, startInProcess, waitFor } from "./helpers/monitor.ts";
import { HttpReceiver, SmtpReceiver } from "./helpers/receivers.ts";

const DEVNET_PORT = 8805;
const here = path.dirname(fileURLToPath(import.meta.url));
const monitorBin = path.resolve(here, "../src/bin.ts");
const SECRET = "a webhook secret for the test";
const TOKEN = "123456:test-token";

/** `keel-monitor` as a user runs it, with `env` added to the environment. */
const runMonitorBin = (args: string[], env: Record<string, string> = {}) => runNode(monitorBin, args, { env });

describe("keel monitor on a devnet", () => {
  let devnet: RunningDevnet;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;
  let monitor: RunningMonitor;
  let manifest: string;
  let rulesFile: string;
  let timelock: Address;
  const dir = mkdtempSync(path.join(tmpdir(), "keel-monitor-test-"));
  const env = { TEST_WEBHOOK_SECRET: SECRET, TEST_DISCORD_URL: "", TEST_TELEGRAM_TOKEN: TOKEN };
  const edge = () => accountOf(devnet.deployment, "edge-borrower").address;
  const alertsOf = (receiverPath: string, rule: string): Alert[] =>
    http.on(receiverPath).flatMap((d) => (d.json.alert?.rule === rule ? [d.json.alert as Alert] : []));
  const textsOn = (receiverPath: string) => http.on(receiverPath).map((d) => (d.json.text ?? d.json.content) as string);
  const stdoutAlerts = () => monitor.lines.map((line) => JSON.parse(line) as Alert & { phase: string });
  const stored = async (rule: string) => (await monitor.store.alerts()).filter((a) => a.rule === rule);

  before(async () => {
    devnet = await startDevnet(DEVNET_PORT);
    http = new HttpReceiver();
    const base = await http.listen();
    smtp = new SmtpReceiver();
    const smtpPort = await smtp.listen();
    env.TEST_DISCORD_URL = `${base}/discord`;
    // Governance as a deployment that handed it over has it: a TimelockController the monitor follows.
    timelock = await deployTimelock(devnet);
    manifest = path.join(dir, "devnet.json");
    writeFileSync(
      manifest,
      JSON.stringify({ ...devnet.deployment, contracts: { ...devnet.deployment.contracts, timelock } }, null, 2),
    );
    rulesFile = path.join(dir, "rules.yaml");
    writeFileSync(
      rulesFile,
      `# Every condition, each to its own channel, so a test can count what each one sent.
version: 1
defaults: { cooldown: 0s }
channels:
  hook: { type: webhook, url: "${base}/hook", secretEnv: TEST_WEBHOOK_SECRET }
  slack: { type: slack, url: "${base}/slack" }
  discord: { type: discord, urlEnv: TEST_DISCORD_URL }
  telegram: { type: telegram, chatId: 42, tokenEnv: TEST_TELEGRAM_TOKEN, baseUrl: "${base}" }
  mail: { type: email, host: 127.0.0.1, port: ${smtpPort}, from: "Keel monitor <monitor@keel.test>", to: [borrower@keel.test] }
  out: { type: stdout, format: json }
rules:
  - id: edge-health
    watch: { accounts: [edge-borrower], pools: [0] }
    condition: { type: healthFactor, below: 1.0, target: 1.5 }
    severity: critical
    channels: [hook]
  - id: edge-vault
    watch: { owners: [edge-borrower] }
    condition: { type: vaultRatio, below: 1.52, recoverBy: 0.02, escalateStep: 0.1, target: 1.8 }
    severity: warning
    channels: [slack]
  - id: eth-drop
    watch: { assets: [ETH] }
    condition: { type: priceDrop, percent: 10, window: 1h }
    severity: warning
    channels: [discord]
  - id: kusd-peg
    watch: { assets: [kUSD] }
    condition: { type: depeg, bps: 100 }
    severity: critical
    channels: [telegram]
  - id: kusd-redemptions
    watch: { assets: [kUSD] }
    condition: { type: depeg, bps: 5000, outflowPercent: 2, window: 1h }
    severity: warning
    channels: [out]
  - id: usdc-rate
    watch: { reserves: ["0:USDC"] }
    condition: { type: rateSwing, points: 1, window: 1h }
    severity: info
    channels: [mail]
  - id: dai-utilization
    watch: { reserves: ["0:DAI"] }
    condition: { type: utilization, above: 90 }
    severity: info
    channels: [out]
  - id: edge-auction
    watch: { owners: [edge-borrower] }
    condition: { type: auctionStarted }
    severity: critical
    channels: [hook]
  - id: edge-liquidated
    watch: { accounts: [edge-borrower] }
    condition: { type: liquidated }
    severity: critical
    channels: [mail]
  - id: moderate-policy
    watch: { accounts: [moderate-borrower] }
    condition: { type: policyExecuted }
    severity: info
    channels: [out]
  - id: risky-governance
    watch: { accounts: [risky-borrower], pools: [0] }
    condition: { type: governance }
    severity: warning
    channels: [hook]
`,
    );
    monitor = await startInProcess(devnet, { rules: rulesFile, dataDir: path.join(dir, "store"), manifest, env });
  });

  after(async () => {
    await monitor?.stop();
    await http?.close();
    await smtp?.close();
    await devnet?.stop();
  });

  it("starts quiet: nothing the rules watch is past a threshold on the seeded devnet", async () => {
    await settled(devnet, monitor);
    assert.equal(http.received.length, 0, JSON.stringify(http.received.map((d) => d.json)));
    assert.equal(smtp.mails.length, 0);
    assert.equal(monitor.lines.length, 0);
  });

  it("a health factor below its threshold alerts once, signed, and the repayment it names restores the target", async () => {
    await setFeed(devnet, "WETH", "2850"); // edge: 1.05 × 0.95 ≈ 0.9975
    await settled(devnet, monitor);
    const [alert, ...more] = alertsOf("/hook", "edge-health");
    assert.ok(alert, "the health alert arrived");
    assert.equal(more.length, 0, "exactly once");
    const delivery = http.on("/hook")[0];
    const timestamp = String(delivery.headers["x-keel-timestamp"]);
    assert.equal(delivery.headers["x-keel-signature"], `sha256=${signWebhook(SECRET, timestamp, delivery.body)}`);
    assert.equal(delivery.headers["x-keel-delivery"], `${alert.id}:alert`);
    // The figure is the pool's own, at the alert's block.
    const onChain = await poolHealth(devnet, edge(), BigInt(alert.block.number));
    assert.equal(alert.data.healthFactor, onChain.toString());
    assert.ok(onChain < WAD);
    assert.match(alert.fix[0], /^Repay [\d,.]+ USDC or add [\d,.]+ WETH as collateral to return to health 1\.50\.$/);
    assert.match(alert.details.join(" "), new RegExp(`health factor of ${formatHealthFactor(onChain)}`));

    // The condition persists for more blocks: nothing more is sent.
    await chainClients(devnet).testClient.mine({ blocks: 3 });
    await settled(devnet, monitor);
    assert.equal(alertsOf("/hook", "edge-health").length, 1, "no repeat while it persists");

    // Doing what the alert says reaches the target, by the pool's own reckoning.
    const borrower = actor(devnet, "edge-borrower");
    const pool = devnet.deployment.contracts.pool;
    const usdc = devnet.deployment.pools[0].reserves.find((r) => r.symbol === "USDC")?.index ?? 99;
    await borrower.approve(devnet.deployment.tokens.USDC.address, pool);
    await borrower.send({
      address: pool,
      abi: keelPoolAbi,
      functionName: "repay",
      args: [0n, BigInt(usdc), BigInt(alert.data.repay), 0n, borrower.address],
    } as never);
    assert.ok((await poolHealth(devnet, borrower.address)) >= (WAD * 15n) / 10n, "health 1.5 reached");
    await settled(devnet, monitor);
    assert.equal(alertsOf("/hook", "edge-health").length, 1, "a recovery re-arms silently");
  });

  it("a vault alert fires once per breach, again after recovery and relapse, on each escalation step, and its fix works", async () => {
    const slack = () => textsOn("/slack");
    assert.equal(slack().length, 1, "vault 4 fell below 152% at ETH 2,850");
    assert.match(slack()[0], /Vault 4 at 147\.\d% collateral ratio/);
    await setFeed(devnet, "WETH", "3000"); // 155%: past 152% + 2%, re-armed
    await settled(devnet, monitor);
    assert.equal(slack().length, 1, "recovery sends nothing");
    await setFeed(devnet, "WETH", "2850"); // relapse
    await settled(devnet, monitor);
    assert.equal(slack().length, 2, "a relapse after recovery fires again");
    await setFeed(devnet, "WETH", "2600"); // 134%: worse by more than the 0.1 step
    await settled(devnet, monitor);
    assert.equal(slack().length, 3);
    assert.match(slack()[2], /\(worse, #1\)/);
    const [escalated] = (await stored("edge-vault")).slice(-1);
    assert.equal(escalated.kind, "escalated");

    // The price drop from the window's high (3,000) to 2,600 is 13.3%: the priceDrop rule fired once.
    const discord = textsOn("/discord");
    assert.equal(discord.length, 1);
    assert.match(discord[0], /WETH down 13\.3% within 1h/);
    assert.deepEqual(http.on("/discord")[0].json.allowed_mentions, { parse: [] }, "no text from the chain can ping");

    // Adding the collateral the alert names brings the vault to its target ratio.
    const owner = actor(devnet, "edge-borrower");
    const engine = devnet.deployment.cdp?.engine as Address;
    await owner.approve(devnet.deployment.tokens.WETH.address, engine);
    await owner.send({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "deposit",
      args: [4n, BigInt(escalated.data.add)],
    } as never);
    const vault = await getVault(chainClients(devnet).publicClient, { engine, vaultId: 4n });
    assert.ok((vault.ratio ?? 0n) >= (WAD * 18n) / 10n, `ratio ${vault.ratio} reaches 180%`);
    await settled(devnet, monitor);
    assert.equal(slack().length, 3);
  });

  it("a depeg, a rate swing and a high utilization each alert once", async () => {
    await setFeed(devnet, "kUSD", "0.97");
    await pushUtilization(devnet, "newcomer", "DAI", 9_500n);
    await pushUtilization(devnet, "newcomer", "USDC", 9_800n);
    await chainClients(devnet).testClient.mine({ blocks: 2 });
    await settled(devnet, monitor);
    const telegram = http.on(`/bot${TOKEN}/sendMessage`);
    assert.equal(telegram.length, 1);
    assert.equal(telegram[0].json.chat_id, 42);
    assert.match(telegram[0].json.text, /kUSD off its peg: \$0\.97 \(300 bps\)/);
    const utilization = stdoutAlerts().filter((a) => a.rule === "dai-utilization");
    assert.equal(utilization.length, 1);
    assert.match(utilization[0].title, /DAI utilization 9[5-9]\.\d% in pool 0/);
    await waitFor(() => smtp.mails.length >= 1, "the rate-swing mail");
    const [mail] = smtp.mails;
    assert.match(mail.subject, /^\[INFO\] USDC borrow rate in pool 0 up \d+\.\d\d points within 1h$/);
    assert.match(mail.text, /What to do:/);
    assert.equal(mail.to, "borrower@keel.test");
    // Holders redeem kUSD for USDC through the peg module: 5% of its reserves come in, then 4.5% go out.
    const psm = devnet.deployment.cdp?.pegModules[0].address as Address;
    const usdc = devnet.deployment.tokens.USDC.address;
    const deployer = actor(devnet, "deployer");
    const held = await chainClients(devnet).publicClient.readContract({
      address: usdc,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [psm],
    });
    const amount = held / 20n;
    await deployer.send({
      address: usdc,
      abi: devTokenAbi,
      functionName: "mint",
      args: [deployer.address, amount],
    } as never);
    await deployer.approve(usdc, psm);
    await deployer.approve(devnet.deployment.tokens.kUSD.address, psm);
    await deployer.send({
      address: psm,
      abi: pegStabilityModuleAbi,
      functionName: "sellGem",
      args: [amount, deployer.address],
    } as never);
    await settled(devnet, monitor);
    assert.equal(
      stdoutAlerts().filter((a) => a.rule === "kusd-redemptions").length,
      0,
      "money coming in is no outflow",
    );
    await deployer.send({
      address: psm,
      abi: pegStabilityModuleAbi,
      functionName: "buyGem",
      args: [(amount * 9n) / 10n, deployer.address],
    } as never);
    await settled(devnet, monitor);
    const redemptions = stdoutAlerts().filter((a) => a.rule === "kusd-redemptions");
    assert.equal(redemptions.length, 1);
    assert.match(redemptions[0].title, /kUSD redemptions: 4\.\d% of the USDC peg module's reserves left within 1h/);

    await setFeed(devnet, "kUSD", "1");
    await settled(devnet, monitor);
    assert.equal(http.on(`/bot${TOKEN}/sendMessage`).length, 1);
    assert.equal(smtp.mails.length, 1);
  });

  it("a queued governance change names the health factor before and after, for the position it touches", async () => {
    const { publicClient, wallet } = chainClients(devnet);
    const { weth, threshold, params } = await wethThresholdCut(devnet);
    const data = encodeFunctionData({
      abi: keelConfiguratorAbi,
      functionName: "updateReserve",
      args: [0n, weth, params],
    });
    const zero = `0x${"00".repeat(32)}` as Hex;
    const hash = await wallet.writeContract({
      address: timelock,
      abi: timelockArtifact.abi,
      functionName: "schedule",
      args: [devnet.deployment.contracts.configurator, 0n, data, zero, zero, 3600n],
      gas: 500_000n,
    });
    await publicClient.waitForTransactionReceipt({ hash });
    await settled(devnet, monitor);
    const [alert, ...more] = alertsOf("/hook", "risky-governance");
    assert.ok(alert, "the governance alert arrived");
    assert.equal(more.length, 0);
    assert.match(
      alert.details[0],
      /lowers the WETH liquidation threshold to 78\.38% \(from 82\.5%\) and lowers the WETH LTV to 75\.38% \(from 80%\)/,
    );
    const before = await poolHealth(
      devnet,
      accountOf(devnet.deployment, "risky-borrower").address,
      BigInt(alert.block.number),
    );
    const match = alert.details[1].match(/goes from ([\d.]+) to ([\d.]+)/);
    assert.ok(match, alert.details.join("\n"));
    assert.equal(match[1], formatHealthFactor(before));
    // Only WETH backs the account: its health scales with the threshold.
    assert.ok(
      Math.abs(Number(match[2]) - (Number(before) / 1e18) * (threshold / 8250)) <= 0.011,
      `${match[2]} ≈ before × 78.38/82.5`,
    );
  });

  it("a liquidation, an auction and a policy execution on the watched positions alert once each", async () => {
    const posted = await protectModerateBorrower(devnet);
    assert.equal(posted.code, 0, posted.output);
    await setFeed(devnet, "WBTC", "54000"); // moderate: 1.5 × 0.9 = 1.35, under the policy's 1.45
    await setFeed(devnet, "WETH", "1500"); // edge liquidatable, vault 4 unsafe
    const { keeper } = inProcessKeeper(devnet);
    const { publicClient } = chainClients(devnet);
    for (let i = 0; i < 4; i++) {
      await passTo(keeper, await publicClient.getBlockNumber());
      await chainClients(devnet).testClient.mine({ blocks: 1 });
    }
    await settled(devnet, monitor);
    // One mail per liquidation of the edge borrower the chain recorded (the keeper may take two bites).
    const onChain = (await liquidationsFrom(devnet, 0n)).filter((e) => e.args.borrower === edge());
    assert.ok(onChain.length >= 1, "the keeper liquidated the edge borrower");
    await waitFor(
      () => smtp.mails.filter((m) => /liquidated/.test(m.subject)).length >= onChain.length,
      "the liquidation mails",
    );
    const liquidation = smtp.mails.filter((m) => /Account liquidated in pool 0/.test(m.subject));
    assert.equal(liquidation.length, onChain.length);
    assert.match(
      liquidation[0].text,
      new RegExp(
        `Account ${edge()} was liquidated in block \\d+: [\\d,.]+ USDC of its debt repaid, [\\d,.]+ WETH of its collateral taken`,
      ),
    );
    const auctions = alertsOf("/hook", "edge-auction");
    assert.equal(auctions.length, 1, "vault 4's auction, and not the other owners'");
    assert.equal(auctions[0].data.vaultId, "4");
    assert.match(
      auctions[0].details[1],
      /The auction's price is \$[\d,.]+ per WETH now, against \$1,500\.00 at the oracle/,
    );
    const executed = stdoutAlerts().filter((a) => a.rule === "moderate-policy");
    assert.equal(executed.length, 1);
    assert.match(
      executed[0].details[0],
      /health 1\.3\d → 1\.\d\d; [\d,.]+ USDC of debt repaid, [\d,.]+ WBTC of collateral sold, a fee of [\d,.]+ USDC\./,
    );
    // More blocks change nothing: each of them was a one-off.
    await chainClients(devnet).testClient.mine({ blocks: 3 });
    await settled(devnet, monitor);
    assert.equal(alertsOf("/hook", "edge-auction").length, 1);
    assert.equal(smtp.mails.filter((m) => /liquidated/.test(m.subject)).length, onChain.length);
  });

  it("the published JSON Schema is the rules schema, and --check names each problem of a bad file", async () => {
    const published = JSON.parse(readFileSync(path.resolve(here, "../rules.schema.json"), "utf8"));
    assert.deepEqual(published, rulesJsonSchema(), "run npm run schema --workspace apps/monitor");
    const ok = await runMonitorBin(["--check", "--rules", rulesFile, "--manifest", manifest], env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /11 rules, 6 channels, valid\./);
    for (const example of ["borrower.yaml", "vault-owner.yaml", "risk-team.yaml", "devnet.yaml"]) {
      const checked = await runMonitorBin(
        ["--check", "--rules", path.resolve(here, "../examples", example), "--manifest", manifest],
        {
          KEEL_WEBHOOK_SECRET: "x",
          KEEL_TELEGRAM_TOKEN: "x",
          KEEL_SLACK_URL: "http://127.0.0.1:1/slack",
          KEEL_SMTP_USER: "x",
          KEEL_SMTP_PASSWORD: "x",
        },
      );
      assert.equal(checked.status, 0, `${example}: ${checked.stderr}`);
    }
    const bad = path.join(dir, "bad.yaml");
    writeFileSync(
      bad,
      `version: 1
channels: { hook: { type: webhook, url: "http://127.0.0.1:1/x", secretEnv: NOT_SET_ANYWHERE } }
rules:
  - { id: a, watch: { accounts: [nobody] }, condition: { type: healthFactor, below: 1.2 }, severity: warning, channels: [hook, pager] }
  - { id: b, watch: { reserves: ["0:DOGE"] }, condition: { type: utilization, above: 120 }, severity: loud, channels: [hook] }
`,
    );
    const refused = await runMonitorBin(["--check", "--rules", bad, "--manifest", manifest]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /rules\[1\]\.condition\.above/);
    assert.match(refused.stderr, /rules\[1\]\.severity/);
    writeFileSync(bad, readFileSync(bad, "utf8").replace("above: 120", "above: 90").replace("loud", "info"));
    const named = await runMonitorBin(["--check", "--rules", bad, "--manifest", manifest]);
    assert.equal(named.status, 2);
    assert.match(named.stderr, /rules\[0\] \(a\)\.channels: no channel named "pager"/);
    assert.match(named.stderr, /"nobody" is neither an address nor an account label/);
    assert.match(named.stderr, /pool 0 has no DOGE reserve|no token "DOGE"/);
    assert.match(named.stderr, /NOT_SET_ANYWHERE is not set/);
  });

  it("--dry-run replays a past range with the same firing rules, sending nothing", async () => {
    const alerts = await monitor.store.alerts();
    const live = alertsOf("/hook", "edge-health").length;
    const first = alerts.find((a) => a.rule === "edge-health");
    assert.ok(first);
    const from = BigInt(first.block.number) - 1n;
    const to = BigInt(first.block.number) + 3n;
    const replay = await runMonitorBin(
      ["--dry-run", "--from", String(from), "--to", String(to), "--rules", rulesFile, "--manifest", manifest],
      env,
    );
    assert.equal(replay.status, 0, replay.stderr);
    assert.match(replay.stdout, /\[CRITICAL\] Health factor 0\.99 in pool 0 \(alert below 1\)/);
    assert.equal(replay.stdout.match(/Health factor 0\.99/g)?.length, 1, "once over the range, as live");
    assert.match(replay.stdout, /none sent\./);
    await settled(devnet, monitor);
    assert.equal(alertsOf("/hook", "edge-health").length, live, "the dry run delivered nothing");
  });
});
