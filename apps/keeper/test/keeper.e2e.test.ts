import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, beforeEach, describe, it } from "node:test";
import { cdpEngineAbi, keelLiquidatorAbi, keelPoolAbi, protectionPoliciesAbi } from "@keel/sdk";
import { decodeFunctionData, erc20Abi, type Hex, isAddressEqual, parseEventLogs } from "viem";
import { protectModerateBorrower } from "./helpers/cli.ts";
import { keelBin, type RunningDevnet, startDevnet } from "./helpers/devnet.ts";
import { chainClients, healths, inProcessKeeper, kusdBooks, mineOne, passTo, setPrice, WAD } from "./helpers/keeper.ts";

/**
 * The keeper against a real node: the devnet `npm start` runs (its contracts, pools, vaults, Uniswap
 * pairs and funded keeper account), over JSON-RPC. Each test starts from the same seeded chain (a node
 * snapshot); the keeper runs in this process, one pass at a time, so every wait is on a block, not a clock.
 */

const PORT = 8771;

describe("keeper on a real local node", { timeout: 600_000 }, () => {
  let devnet: RunningDevnet;
  let seeded: Hex;

  before(async () => {
    devnet = await startDevnet(PORT);
    seeded = await chainClients(devnet).testClient.snapshot();
  });
  after(async () => {
    await devnet?.stop();
  });
  beforeEach(async () => {
    const { testClient } = chainClients(devnet);
    await testClient.revert({ id: seeded });
    seeded = await testClient.snapshot();
    await testClient.setAutomine(true);
  });

  it("liquidates every liquidatable account in the block after the price update", async () => {
    const { publicClient, testClient } = chainClients(devnet);
    const { keeper } = inProcessKeeper(devnet);
    // Warm-up: the keeper reads the history and grants the pool its allowances (mined at once).
    await passTo(keeper, await publicClient.getBlockNumber());
    await passTo(keeper, await publicClient.getBlockNumber());

    await testClient.setAutomine(false);
    await setPrice(devnet, "WETH", 1500n);
    await mineOne(devnet);
    const priceBlock = await publicClient.getBlockNumber();
    const liquidatable = (await healths(devnet, priceBlock)).filter(({ health }) => health < WAD);
    assert.ok(liquidatable.length >= 2, `accounts liquidatable at $1,500: ${liquidatable.length}`);

    const report = await passTo(keeper, priceBlock);
    assert.equal(report.liquidations, liquidatable.length, "one liquidation sent per liquidatable account");
    await mineOne(devnet);

    const block = await publicClient.getBlock({ blockNumber: priceBlock + 1n, includeTransactions: true });
    const receipts = await Promise.all(
      block.transactions.map((tx) => publicClient.getTransactionReceipt({ hash: tx.hash })),
    );
    assert.ok(
      receipts.every((receipt) => receipt.status === "success"),
      "every keeper transaction succeeded",
    );
    const liquidations = parseEventLogs({
      abi: keelPoolAbi,
      eventName: "Liquidate",
      logs: receipts.flatMap((r) => r.logs),
    });
    // Each asks the liquidator for at least half the profit it was simulated to make (the floor a sandwich
    // cannot push it under), and no more than it made: the block holds nothing else, so it made exactly that.
    // (A liquidation repaid from the keeper's own balance goes to the pool itself, with no sale to floor.)
    const liquidator = devnet.deployment.contracts.liquidator;
    let floored = 0;
    for (const [i, tx] of block.transactions.entries()) {
      if (tx.to === null || !isAddressEqual(tx.to, liquidator)) continue;
      floored++;
      const call = decodeFunctionData({ abi: keelLiquidatorAbi, data: tx.input });
      const minProfit = call.functionName === "liquidate" ? (call.args[7] as bigint) : 0n;
      const profit = parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: receipts[i].logs })
        .filter((log) => isAddressEqual(log.args.to, tx.from))
        .reduce((sum, log) => sum + log.args.value, 0n);
      assert.ok(profit > 0n && minProfit >= profit / 2n && minProfit <= profit, `floor ${minProfit} of ${profit}`);
    }
    assert.ok(floored >= 1, "a liquidation went through the liquidator");
    for (const { address, poolId, label } of liquidatable) {
      assert.equal(
        liquidations.filter((log) => log.args.borrower === address && log.args.poolId === poolId).length,
        1,
        `${label} liquidated once in the next block`,
      );
    }
    const after = await healths(devnet, priceBlock + 1n);
    for (const { address, poolId, label } of liquidatable) {
      const now = after.find((entry) => entry.address === address && entry.poolId === poolId);
      assert.ok(now === undefined || now.health >= WAD, `${label} is healthy or closed after the liquidation`);
    }
  });

  it("starts an unsafe vault's auction and takes it, and the kUSD books stay exact", async () => {
    const { publicClient, testClient } = chainClients(devnet);
    const { keeper } = inProcessKeeper(devnet);
    await passTo(keeper, await publicClient.getBlockNumber());
    const books = async (when: string) => {
      const { left, right } = await kusdBooks(devnet);
      assert.equal(left, right, `kUSD books at ${when}`);
    };
    await books("start");

    await setPrice(devnet, "WETH", 2000n);
    let report = await passTo(keeper, await publicClient.getBlockNumber());
    assert.ok(report.auctionsStarted >= 1, "the keeper started auctions on the unsafe vaults");
    const engine = devnet.deployment.cdp?.engine as `0x${string}`;
    await settle(keeper);
    const started = await publicClient.getContractEvents({
      address: engine,
      abi: cdpEngineAbi,
      eventName: "StartAuction",
      fromBlock: 0n,
    });
    assert.equal(started.length, report.auctionsStarted, "each start the keeper sent was mined");
    await books("after the starts");

    // Time passes: the auction price falls below the market, and the keeper takes.
    await testClient.increaseTime({ seconds: 1800 });
    await testClient.mine({ blocks: 1 });
    let takes = 0;
    for (let i = 0; i < 10 && takes === 0; i++) {
      report = await passTo(keeper, await publicClient.getBlockNumber());
      takes = (
        await publicClient.getContractEvents({ address: engine, abi: cdpEngineAbi, eventName: "Take", fromBlock: 0n })
      ).length;
      await books(`pass ${i}`);
    }
    assert.ok(takes >= 1, "the keeper took from the auctions");
    const ended = await publicClient.getContractEvents({
      address: engine,
      abi: cdpEngineAbi,
      eventName: "EndAuction",
      fromBlock: 0n,
    });
    for (const end of ended) assert.equal(end.args.badDebt, 0n, `no bad debt on vault ${end.args.vaultId}`);
  });

  it("executes a protection policy exactly once when its trigger holds", async () => {
    const { publicClient, testClient } = chainClients(devnet);
    const posted = await protectModerateBorrower(devnet);
    assert.equal(posted.code, 0, posted.output);

    const { keeper } = inProcessKeeper(devnet);
    let report = await passTo(keeper, await publicClient.getBlockNumber());
    assert.equal(report.policies, 0, "the trigger does not hold yet");

    await setPrice(devnet, "WBTC", 54_000n); // health ≈ 1.5 × 54/60 = 1.35
    for (let i = 0; i < 6; i++) {
      report = await passTo(keeper, await publicClient.getBlockNumber());
      await testClient.mine({ blocks: 1 }); // later blocks: the keeper must not execute again
    }
    const policies = devnet.deployment.periphery?.policies as `0x${string}`;
    const executions = await publicClient.getContractEvents({
      address: policies,
      abi: protectionPoliciesAbi,
      eventName: "ExecutePolicy",
      fromBlock: 0n,
    });
    assert.equal(executions.length, 1, "the policy fired exactly once");
    const [execution] = executions;
    assert.ok(execution.args.healthAfter !== undefined && execution.args.healthAfter >= (16n * WAD) / 10n);
    assert.ok(execution.args.healthAfter <= (18n * WAD) / 10n, "health lands in the policy's band");
  });

  it("runs as `keel keeper`: serves /health and /metrics, and stops on SIGINT", async () => {
    const child = spawn(
      process.execPath,
      [keelBin, "--manifest", devnet.manifestPath, "keeper", "--account", "keeper", "--port", "0", "--dry-run"],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KEEL_KEEPER_LOG_LEVEL: "info" } },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = output.match(/"http":"(http:\/\/[^"]+)"/);
        if (match) {
          clearInterval(timer);
          resolve(match[1]);
        }
      }, 50);
      exited.then(() => reject(new Error(`keel keeper exited:\n${output}`)));
    });
    let health: { healthy: boolean; head?: string } = { healthy: false };
    for (let i = 0; i < 200 && !health.healthy; i++) {
      health = (await (await fetch(`${url}/health`)).json()) as typeof health;
      if (!health.healthy) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(health.healthy, "healthy once it has processed a head");
    const metrics = await (await fetch(`${url}/metrics`)).text();
    assert.match(metrics, /keel_keeper_head_block \d+/);
    child.kill("SIGINT");
    assert.equal(await exited, 0, output);
    assert.match(output, /keeper stopped/);
  });
});

/** Passes until every transaction the keeper sent has a receipt it has read. */
async function settle(keeper: ReturnType<typeof inProcessKeeper>["keeper"]): Promise<void> {
  for (let i = 0; i < 50 && keeper.sender.pendingCount > 0; i++) await keeper.pass();
  assert.equal(keeper.sender.pendingCount, 0, "the keeper's transactions were mined");
}
