import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { cdpEngineAbi, iPriceOracleAbi, keelConfiguratorAbi, keelPoolAbi, SharesMathLib } from "@keel/sdk";
import { createClient, eq } from "@ponder/client";
import { type Address, encodeFunctionData, erc20Abi, type Hex, parseEventLogs } from "viem";
import { runNode } from "../../cli/test/helpers/cli.ts";
import { keelBin, type RunningDevnet, startDevnet } from "../../keeper/test/helpers/devnet.ts";
import { deployTimelock, timelockArtifact, wethThresholdCut } from "../../keeper/test/helpers/governance.ts";
import {
  chainClients,
  healths,
  inProcessKeeper,
  mineOne,
  passTo,
  setPrice,
  WAD,
} from "../../keeper/test/helpers/keeper.ts";
import * as schema from "../ponder.schema.ts";
import { assertCdpMatches, assertPositionsMatch, assertReservesMatch } from "./helpers/chain.ts";
import { type RunningIndexer, startIndexer } from "./helpers/indexer.ts";

/**
 * The indexer against a real node: the devnet `npm start` runs, the indexer started as `npm start`
 * starts it, actions through the `keel` CLI and the keeper, and every answer held against the chain's
 * own reads at the same block. With KEEL_TEST_DATABASE_URL set, the same suite runs on PostgreSQL.
 */

const DEVNET_PORT = 8781;
const INDEXER_PORT = 8782;

/** `keel` as a user types it, in its own process. */
const keel = (args: string[]) => runNode(keelBin, args);

/** Waits for a condition the test causes; the bound only turns a hang into a failure that says what was awaited. */
async function waitUntil(condition: () => Promise<boolean>, what: string, boundMs = 120_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("indexer on a real local node", { timeout: 900_000 }, () => {
  let devnet: RunningDevnet;
  let indexer: RunningIndexer;
  let newcomer: Address;
  let global: string[];
  let seededBlock: bigint;
  let timelock: Address;

  const head = () => chainClients(devnet).publicClient.getBlockNumber();
  const synced = async () => {
    const block = await head();
    await indexer.waitFor(block);
    return block;
  };

  before(async () => {
    devnet = await startDevnet(DEVNET_PORT);
    // Governance as a deployment that handed it over has it: a TimelockController the indexer follows.
    timelock = await deployTimelock(devnet);
    const manifest = path.join(mkdtempSync(path.join(tmpdir(), "keel-indexer-manifest-")), "devnet.json");
    const withTimelock = { ...devnet.deployment, contracts: { ...devnet.deployment.contracts, timelock } };
    writeFileSync(manifest, JSON.stringify(withTimelock, null, 2));
    indexer = await startIndexer(manifest, INDEXER_PORT);
    const spare = devnet.deployment.accounts.find((a) => a.role === "newcomer");
    assert.ok(spare);
    newcomer = spare.address;
    global = ["--manifest", devnet.manifestPath];
  });
  after(async () => {
    const code = await indexer?.stop();
    await devnet?.stop();
    assert.equal(code, 0, `the indexer stops cleanly on Ctrl-C:\n${indexer?.output().slice(-2000)}`);
  });

  it("indexes the seeded devnet: every reserve, position, vault and collateral type equals the chain", async () => {
    seededBlock = await synced();
    const reserves = await assertReservesMatch(devnet, indexer, seededBlock);
    assert.ok(reserves >= 6, `reserves compared: ${reserves}`);
    let held = 0;
    for (const account of devnet.deployment.accounts)
      held += await assertPositionsMatch(devnet, indexer, account.address, seededBlock);
    assert.ok(held >= 10, `positions compared: ${held}`);
    const vaults = await assertCdpMatches(devnet, indexer, seededBlock);
    assert.ok(vaults >= 3, `vaults compared: ${vaults}`);
  });

  it("shows what the CLI does, in order, paginated and as CSV", async () => {
    for (const args of [
      ["supply", "--asset", "USDC", "--amount", "1,000", "--yes"],
      ["collateral", "add", "--asset", "ETH", "--amount", "2", "--yes"],
      ["borrow", "--asset", "USDC", "--amount", "700", "--yes"],
      ["repay", "--asset", "USDC", "--amount", "200", "--yes"],
      ["vault", "open", "--type", "ETH", "--collateral", "2", "--mint", "1,000", "--yes"],
      ["psm", "swap", "--sell", "USDC", "--amount", "500", "--yes"],
    ]) {
      const result = await keel([...global, ...args]);
      assert.equal(result.status, 0, `keel ${args.join(" ")}: ${result.stderr}`);
    }
    const block = await synced();
    await assertPositionsMatch(devnet, indexer, newcomer, block);
    await assertReservesMatch(devnet, indexer, block);
    await assertCdpMatches(devnet, indexer, block);

    const all = await indexer.get(`/v1/accounts/${newcomer}/history?limit=500`);
    assert.deepEqual(
      all.items.map((r: { kind: string }) => r.kind),
      ["supply", "supply-collateral", "borrow", "repay"],
      "the newcomer's history, oldest first",
    );
    assert.equal(all.next, null);
    const pages: string[] = [];
    for (let cursor = ""; ; ) {
      const page = await indexer.get(`/v1/accounts/${newcomer}/history?limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(...page.items.map((r: { id: string }) => r.id));
      if (!page.next) break;
      cursor = page.next;
    }
    assert.deepEqual(
      pages,
      all.items.map((r: { id: string }) => r.id),
      "one row per page walks the same history",
    );
    const csv = await indexer.fetch(`/v1/accounts/${newcomer}/history?format=csv`);
    assert.match(csv.headers.get("content-type") ?? "", /text\/csv/);
    const lines = (await csv.text()).trim().split("\r\n");
    assert.equal(lines.length, 1 + all.items.length, "a header and one line per change");
    assert.match(lines[0], /^id,seq,poolId,reserve,account,kind,/);

    const { items: swaps } = await indexer.get("/v1/peg-swaps");
    const swap = swaps.findLast((w: { caller: string }) => w.caller.toLowerCase() === newcomer.toLowerCase());
    assert.equal(swap.direction, "sell-gem");
    assert.equal(BigInt(swap.gemAmount), 500n * 10n ** 6n);
    assert.equal(
      BigInt(swap.kusdAmount) + BigInt(swap.fee),
      500n * WAD,
      "kUSD out plus the fee is the USDC in, at par",
    );
    const { pegModules } = await indexer.get("/v1/peg-modules");
    const usdcHeld = await chainClients(devnet).publicClient.readContract({
      address: devnet.deployment.tokens.USDC.address,
      abi: erc20Abi,
      functionName: "balanceOf",
      args: [pegModules[0].address],
    });
    assert.equal(BigInt(pegModules[0].gemBalance), usdcHeld, "the stablecoin the module holds");

    const { items: vaults } = await indexer.get(`/v1/vaults?owner=${newcomer}`);
    assert.equal(vaults.length, 1);
    assert.equal(BigInt(vaults[0].debt) >= 1000n * WAD, true, "the vault owes what was minted");
  });

  it("serves the same state through GraphQL, SQL over HTTP with live queries, series and a block stream", async () => {
    const block = await synced();
    const { markets, block: at } = await indexer.get("/v1/markets");
    assert.equal(BigInt(at), block, "the market table is at the indexed head");
    const weth = markets.find((m: { poolId: string; symbol: string }) => m.poolId === "0" && m.symbol === "WETH");

    const graphql = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: '{ reserves(where: { poolId: "0" }) { items { index symbol totalSupplyAssets } } }',
      }),
    });
    const { data } = await graphql.json();
    const fromGraphql = data.reserves.items.find((r: { symbol: string }) => r.symbol === "WETH");
    assert.equal(fromGraphql.totalSupplyAssets, weth.totalSupplyAssets, "GraphQL and REST agree");

    const client = createClient(`${indexer.url}/sql`, { schema });
    const rows = await client.db.select().from(schema.reserve).where(eq(schema.reserve.symbol, "WETH"));
    assert.ok(
      rows.some((r) => r.poolId === 0n && r.totalSupplyAssets === BigInt(weth.totalSupplyAssets)),
      "SQL over HTTP agrees",
    );

    // A live query hears of a new supply without polling, and the block stream announces its block.
    const updates: bigint[] = [];
    const live = client.live(
      (db) => db.select().from(schema.reserve).where(eq(schema.reserve.symbol, "USDC")),
      (result) => updates.push(result.find((r) => r.poolId === 0n)?.totalSupplyAssets ?? 0n),
    );
    const stream = await fetch(`${indexer.url}/v1/stream`);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const supplied = await keel([...global, "supply", "--asset", "USDC", "--amount", "10", "--yes"]);
    assert.equal(supplied.status, 0, supplied.stderr);
    const after = await synced();
    const usdc = await chainClients(devnet).publicClient.readContract({
      address: devnet.deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "reserveState",
      args: [0n, BigInt(devnet.deployment.pools[0].reserves.find((r) => r.symbol === "USDC")?.index ?? 99)],
      blockNumber: after,
    });
    let seen = "";
    await waitUntil(async () => {
      seen += new TextDecoder().decode((await reader.read()).value);
      return seen.includes(`"number":"${after}"`);
    }, `the stream announces block ${after}`);
    await reader.cancel();
    assert.match(seen, /event: block/);
    await waitUntil(async () => updates.includes(usdc.totalSupplyAssets), "the live query delivers the new USDC total");
    live.unsubscribe();

    const { series } = await indexer.get("/v1/reserves/0/0/series?interval=hour");
    assert.ok(series.length >= 1);
    assert.equal(
      series[series.length - 1].totalSupplyAssets,
      weth.totalSupplyAssets,
      "the last hour closes at the current totals",
    );
    const { days } = await indexer.get("/v1/protocol/daily");
    assert.ok(days.some((d: { activeAccounts: number }) => d.activeAccounts >= 1));
  });

  it("decodes a queued governance change and predicts whom it puts below 1, as executing it does", async () => {
    const { publicClient, testClient, wallet } = chainClients(devnet);
    const configurator = devnet.deployment.contracts.configurator;
    // The largest cut the configurator allows at once: 5% of the threshold.
    const { weth, params } = await wethThresholdCut(devnet);
    const data = encodeFunctionData({
      abi: keelConfiguratorAbi,
      functionName: "updateReserve",
      args: [0n, weth, params],
    });
    const salt = `0x${"11".repeat(32)}` as Hex;
    const zero = `0x${"00".repeat(32)}` as Hex;
    await wallet.writeContract({
      address: timelock,
      abi: timelockArtifact.abi,
      functionName: "schedule",
      args: [configurator, 0n, data, zero, salt, 3600n],
    });
    const id = (await publicClient.readContract({
      address: timelock,
      abi: timelockArtifact.abi,
      functionName: "hashOperation",
      args: [configurator, 0n, data, zero, salt],
    })) as Hex;
    await synced();

    const { operations } = await indexer.get("/v1/governance");
    const queued = operations.find((o: { id: string }) => o.id === id);
    assert.equal(queued?.status, "queued");
    assert.match(queued.calls[0].decoded, /^KeelConfigurator\.updateReserve\("0", "0", \{/);
    const { operation, scenarios } = await indexer.get(`/v1/pools/0/what-if?operation=${id}`);
    assert.deepEqual(operation.applied.length, 1);
    const predicted = new Set(
      scenarios[0].accounts
        .map((a: { account: string }) => a.account.toLowerCase())
        .filter((a: string) => devnet.deployment.accounts.some((d) => d.address.toLowerCase() === a)),
    );

    // The chain's answer: the same change sent by the pool's risk admin, read in the pending block, then dropped.
    await testClient.setAutomine(false);
    const sent = await wallet.writeContract({
      address: configurator,
      abi: keelConfiguratorAbi,
      functionName: "updateReserve",
      args: [0n, weth, params],
      gas: 2_000_000n,
    });
    const under = new Set<string>();
    for (const account of devnet.deployment.accounts) {
      const health = await publicClient.readContract({
        address: devnet.deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "healthFactor",
        args: [0n, account.address],
        blockTag: "pending",
      });
      if (health < WAD) under.add(account.address.toLowerCase());
    }
    await testClient.dropTransaction({ hash: sent });
    await testClient.setAutomine(true);
    assert.ok(under.size >= 1, "a 5% threshold cut on WETH puts someone under 1");
    assert.deepEqual(predicted, under);
  });

  it("predicts who a price drop leaves liquidatable, then records the liquidations and auctions with their prices", async () => {
    const before = await synced();
    const { scenarios } = await indexer.get("/v1/pools/0/what-if?symbol=WETH&drops=0,25");
    assert.equal(scenarios[0].liquidatableAccounts, 0, "nobody is liquidatable before the drop");
    const price = await chainClients(devnet).publicClient.readContract({
      address: devnet.deployment.tokens.WETH.oracle,
      abi: iPriceOracleAbi,
      functionName: "price",
    });
    const dropped = (price * 75n) / 100n / WAD; // whole dollars per WETH, 25% lower
    await setPrice(devnet, "WETH", dropped);
    const dropBlock = await head();
    const onChainUnder = (await healths(devnet, dropBlock))
      .filter((h) => h.poolId === 0n && h.health < WAD)
      .map((h) => h.address.toLowerCase());
    const predicted = scenarios[1].accounts.map((a: { account: string }) => a.account.toLowerCase());
    assert.ok(onChainUnder.length >= 1, "the drop leaves someone liquidatable");
    assert.deepEqual(
      new Set(predicted.filter((a: string) => devnet.deployment.accounts.some((d) => d.address.toLowerCase() === a))),
      new Set(onChainUnder),
    );

    const { keeper } = inProcessKeeper(devnet);
    await passTo(keeper, await head());
    await passTo(keeper, await head());
    await mineOne(devnet);
    const block = await synced();
    const logs = await chainClients(devnet).publicClient.getLogs({
      address: devnet.deployment.contracts.pool,
      fromBlock: before,
      toBlock: block,
    });
    const liquidations = parseEventLogs({ abi: keelPoolAbi, logs, eventName: "Liquidate" });
    assert.ok(liquidations.length >= 1, "the keeper liquidated");
    const { items } = await indexer.get("/v1/liquidations?limit=500");
    assert.equal(items.length, liquidations.length, "every liquidation is indexed");
    for (const row of items) {
      assert.ok(row.collateralPrice !== null && row.debtPrice !== null, "both prices are recorded");
      assert.ok(
        liquidations.some(
          (l) => l.transactionHash === row.transactionHash && l.args.seizedAssets === BigInt(row.seizedAssets),
        ),
      );
    }
    await assertReservesMatch(devnet, indexer, block);
    for (const account of devnet.deployment.accounts)
      await assertPositionsMatch(devnet, indexer, account.address, block);
    await assertCdpMatches(devnet, indexer, block);

    // `keel auctions` asks the indexer which vaults to read instead of scanning, and says the same.
    const viaIndexer = await keel([...global, "auctions", "--json", "--indexer", indexer.url]);
    const viaChain = await keel([...global, "auctions", "--json", "--no-indexer"]);
    assert.equal(viaIndexer.status, 0, viaIndexer.stderr);
    assert.equal(viaChain.status, 0, viaChain.stderr);
    const { source: fromIndexer, ...listedByIndexer } = JSON.parse(viaIndexer.stdout);
    const { source: fromChain, ...listedByChain } = JSON.parse(viaChain.stdout);
    assert.equal(fromIndexer, `indexer ${indexer.url}`);
    assert.equal(fromChain, "chain");
    assert.ok(
      listedByChain.auctions.length + listedByChain.unsafe.length >= 1,
      "the drop left auctions or vaults to auction",
    );
    assert.deepEqual(listedByIndexer, listedByChain);
    const elsewhere = await keel([...global, "auctions", "--indexer", "http://127.0.0.1:9"]);
    assert.notEqual(elsewhere.status, 0);
    assert.match(elsewhere.stderr, /The indexer at http:\/\/127\.0\.0\.1:9 did not answer\. Leave out --indexer/);

    // Governance shuts wstETH vaults down, then replaces the type's oracle: the shutdown price stays.
    const { wallet } = chainClients(devnet);
    const engine = devnet.deployment.cdp?.engine as Address;
    await wallet.writeContract({ address: engine, abi: cdpEngineAbi, functionName: "shutdown", args: [1n] });
    await wallet.writeContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "setShutdownOracle",
      args: [1n, devnet.deployment.tokens.WETH.oracle],
    });
    await assertCdpMatches(devnet, indexer, await synced());
  });

  it("answers as of an earlier block exactly as the chain did then", async () => {
    await assertReservesMatch(devnet, indexer, seededBlock);
    for (const account of devnet.deployment.accounts) {
      await assertPositionsMatch(devnet, indexer, account.address, seededBlock, true);
    }
    const future = await indexer.fetch(`/v1/markets?block=${(await indexer.head()) + 1000n}`);
    assert.equal(future.status, 400);
    assert.match((await future.json()).error, /past the indexed head/);
  });

  it("reports the 1-day realized APY from the share prices a day apart, as the chain's totals give it", async () => {
    const { publicClient, testClient } = chainClients(devnet);
    const usdc = BigInt(devnet.deployment.pools[0].reserves.find((r) => r.symbol === "USDC")?.index ?? 99);
    const stateAt = (blockNumber: bigint) =>
      publicClient.readContract({
        address: devnet.deployment.contracts.pool,
        abi: keelPoolAbi,
        functionName: "reserveState",
        args: [0n, usdc],
        blockNumber,
      });
    const before = await synced();
    await testClient.increaseTime({ seconds: 2 * 86_400 });
    const supplied = await keel([...global, "supply", "--asset", "USDC", "--amount", "10", "--yes"]);
    assert.equal(supplied.status, 0, supplied.stderr);
    const block = await synced();
    // A day before now falls in the two quiet days, so the state then is the state at `before`.
    const sharePrice = (s: { totalSupplyAssets: bigint; totalSupplyShares: bigint }) =>
      Number(SharesMathLib.toAssetsDown(10n ** 24n, s.totalSupplyAssets, s.totalSupplyShares));
    const expected = (sharePrice(await stateAt(block)) / sharePrice(await stateAt(before))) ** 365 - 1;
    assert.ok(expected > 0, "two days of interest raised the supply share price");
    const { markets } = await indexer.get("/v1/markets");
    const row = markets.find(
      (m: { poolId: string; reserve: number }) => m.poolId === "0" && BigInt(m.reserve) === usdc,
    );
    assert.ok(
      Math.abs(row.realizedApy.apy1d.supply - expected) <= Math.abs(expected) * 1e-12,
      `${row.realizedApy.apy1d.supply} vs ${expected}`,
    );
    assert.ok(row.realizedApy.apy1d.borrow > 0);
    assert.equal(row.realizedApy.apy30d.supply, null, "no history is 30 days old");
  });

  it("serves the same answers from a read replica on the same PostgreSQL schema", {
    skip: process.env.KEEL_TEST_DATABASE_URL ? false : "PGlite has one process; set KEEL_TEST_DATABASE_URL",
  }, async () => {
    const block = await synced();
    const replica = await startIndexer(devnet.manifestPath, INDEXER_PORT + 1, { schema: indexer.schema, serve: true });
    try {
      await replica.waitFor(block);
      assert.deepEqual(
        await replica.get(`/v1/markets?block=${block}`),
        await indexer.get(`/v1/markets?block=${block}`),
      );
      assert.deepEqual(
        await replica.get(`/v1/accounts/${newcomer}/history?limit=500`),
        await indexer.get(`/v1/accounts/${newcomer}/history?limit=500`),
      );
    } finally {
      assert.equal(await replica.stop(), 0, replica.output().slice(-2000));
    }
  });

  it("rolls back what a reorganization removed", async () => {
    const { testClient } = chainClients(devnet);
    const fork = await testClient.snapshot();
    const supplied = await keel([...global, "supply", "--asset", "DAI", "--amount", "123", "--yes"]);
    assert.equal(supplied.status, 0, supplied.stderr);
    await mineOne(devnet);
    await mineOne(devnet);
    const orphanHead = await synced();
    const beforeReorg = await indexer.get(`/v1/accounts/${newcomer}/history?order=desc&limit=1`);
    assert.equal(beforeReorg.items[0].kind, "supply");
    assert.equal(BigInt(beforeReorg.items[0].assets), 123n * WAD);

    await testClient.revert({ id: fork });
    const other = await keel([...global, "supply", "--asset", "DAI", "--amount", "45", "--yes"]);
    assert.equal(other.status, 0, other.stderr);
    while ((await head()) <= orphanHead + 1n) await mineOne(devnet);
    const block = await synced();
    const { items } = await indexer.get(`/v1/accounts/${newcomer}/history?limit=500`);
    const daiIndex = devnet.deployment.pools[0].reserves.find((r) => r.symbol === "DAI")?.index;
    const dai = items.filter(
      (r: { kind: string; reserve: number; poolId: string }) =>
        r.kind === "supply" && r.poolId === "0" && r.reserve === daiIndex,
    );
    assert.deepEqual(
      dai.map((r: { assets: string }) => BigInt(r.assets)),
      [45n * WAD],
      "the orphaned supply of 123 DAI is gone; the canonical 45 DAI is there",
    );
    await assertPositionsMatch(devnet, indexer, newcomer, block);
    await assertReservesMatch(devnet, indexer, block);
  });

  it("refuses bad requests with a sentence", async () => {
    for (const [path, pattern] of [
      ["/v1/accounts/0x123/positions", /0x-prefixed 20-byte address/],
      [`/v1/accounts/${newcomer}/history?limit=0`, /at least 1/],
      [`/v1/accounts/${newcomer}/history?cursor=abc`, /cursor must be/],
      ["/v1/pools/0/what-if?symbol=DOGE", /has no reserve DOGE/],
      ["/v1/pools/0/what-if?symbol=WETH&drops=150", /percentages below 100/],
      ["/v1/pools/0/what-if?symbol=WETH&drops=1,2,3,4,5,6,7,8,9,10,11", /at most 10 drops/],
      ["/v1/pools/0/what-if?operation=0x12", /timelock operation id/],
      ["/v1/markets?block=-1", /block must be a block number/],
    ] as const) {
      const response = await indexer.fetch(path);
      assert.equal(response.status, 400, path);
      assert.match((await response.json()).error, pattern, path);
    }
    const missing = await indexer.fetch("/v1/nothing-here");
    assert.equal(missing.status, 404);
  });
});
