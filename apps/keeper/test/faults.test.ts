import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { cdpEngineAbi, devPriceFeedAbi } from "@keel/sdk";
import { type Address, type Hex, parseGwei } from "viem";
import { seededRandom } from "../../../contracts/test/fixtures/crash.ts";
import type { Outcome } from "../src/send/sender.ts";
import { type RunningDevnet, startDevnet } from "./helpers/devnet.ts";
import {
  chainClients,
  healths,
  inProcessKeeper,
  liquidationsFrom,
  mineOne,
  passTo,
  setPrice,
  WAD,
} from "./helpers/keeper.ts";
import { type Fault, RpcProxy } from "./helpers/rpcProxy.ts";

/**
 * The keeper on a bad network: behind two JSON-RPC proxies that drop requests (before and after the node
 * acted), answer HTTP 500 or 429, or never answer; and through a reorg made on the node (snapshot, blocks,
 * revert, other blocks). It must miss no opportunity and never send a second transaction for one.
 */

const PORT = 8772;
const KINDS: Fault[] = ["drop", "drop-after", "http-500", "rate-limit", "timeout"];

describe("keeper under faults", { timeout: 900_000 }, () => {
  let devnet: RunningDevnet;
  let snapshot: Hex;

  before(async () => {
    devnet = await startDevnet(PORT);
    snapshot = await chainClients(devnet).testClient.snapshot();
  });
  after(async () => {
    await devnet?.stop();
  });
  beforeEach(async () => {
    const { testClient } = chainClients(devnet);
    await testClient.revert({ id: snapshot });
    snapshot = await testClient.snapshot();
  });

  it("misses no liquidation or auction and sends no duplicate through drops, 500s, 429s and timeouts", async () => {
    const proxies = [new RpcProxy(devnet.rpcUrl), new RpcProxy(devnet.rpcUrl)];
    const urls = await Promise.all(proxies.map((proxy) => proxy.listen()));
    try {
      await reported(() => liquidateThroughFaults(devnet, proxies, urls));
    } finally {
      await Promise.all(proxies.map((proxy) => proxy.close()));
    }
  });

  it("cancels transactions stuck behind a fee spike once their opportunity is gone, and sends again after", async () => {
    await reported(() => stuckScenario(devnet));
  });

  it("rolls back to the common ancestor after a reorg and sends a lost liquidation again, once", async () => {
    await reported(() => reorgScenario(devnet));
  });
});

/** Runs a scenario, printing its failure in full (the runner's summary cuts a long assertion message short). */
async function reported(scenario: () => Promise<void>): Promise<void> {
  try {
    await scenario();
  } catch (error) {
    console.error(error);
    throw error;
  }
}

async function liquidateThroughFaults(devnet: RunningDevnet, proxies: RpcProxy[], urls: string[]): Promise<void> {
  const random = seededRandom(20_261_206);
  let faulty = true;
  // A quarter of all requests fail, spread over every kind of fault.
  for (const proxy of proxies) {
    proxy.decide = () => (faulty && random() < 0.25 ? KINDS[Math.floor(random() * KINDS.length)] : "pass");
  }
  const { keeper, account } = inProcessKeeper(devnet, { rpcUrls: urls, config: { rpcTimeoutMs: 300 } });
  const { publicClient } = chainClients(devnet);
  // A pass that fails after every retry is what the run loop logs and repeats; the test does the same.
  const pass = async () => {
    try {
      return await keeper.pass();
    } catch {
      return undefined;
    }
  };
  const firstBlock = await publicClient.getBlockNumber();

  await setPrice(devnet, "WETH", 2000n);
  const priceBlock = await publicClient.getBlockNumber();
  const liquidatable = (await healths(devnet, priceBlock)).filter(({ health }) => health < WAD);
  const unsafeVaults = await unsafeVaultIds(devnet, priceBlock);
  assert.ok(liquidatable.length >= 2 && unsafeVaults.length >= 2, "the drop makes accounts and vaults actionable");

  // Until every opportunity is taken: each liquidatable account healthy or closed, each unsafe vault in auction.
  let done = false;
  let left = "";
  for (let i = 0; i < 400 && !done; i++) {
    await pass();
    const now = await healths(devnet);
    const open = liquidatable.filter(({ address, poolId }) =>
      now.some((entry) => entry.address === address && entry.poolId === poolId && entry.health < WAD),
    );
    const vaults = await unsafeVaultIds(devnet);
    done = open.length === 0 && vaults.length === 0;
    left = `accounts: ${open.map((a) => a.label).join(", ") || "none"}; vaults: ${vaults.join(", ") || "none"}`;
  }
  assert.ok(done, `every opportunity was taken (left ${left}; last head ${keeper.status.report?.block})`);
  faulty = false;
  for (let i = 0; i < 50 && keeper.sender.pendingCount > 0; i++) await pass();

  for (const kind of KINDS)
    assert.ok(
      proxies.some((proxy) => proxy.counts[kind] > 0),
      `faults of kind ${kind} were injected`,
    );
  const sent = await keeperTransactions(devnet, account.address, firstBlock);
  assert.ok(
    sent.every(({ status }) => status === "success"),
    "no transaction of the keeper reverted (a duplicate would)",
  );
  const liquidations = await liquidationsFrom(devnet, firstBlock);
  for (const { address, label } of liquidatable) {
    const count = liquidations.filter((log) => log.args.borrower === address).length;
    assert.ok(count >= 1, `${label} was liquidated`);
  }
  const starts = await publicClient.getContractEvents({
    address: devnet.deployment.cdp?.engine as Address,
    abi: cdpEngineAbi,
    eventName: "StartAuction",
    fromBlock: firstBlock,
  });
  assert.deepEqual(
    starts.map((log) => log.args.vaultId).sort(),
    [...unsafeVaults].sort(),
    "each unsafe vault's auction started once",
  );
  assert.ok(sent.filter((tx) => !tx.approval).length >= liquidatable.length + unsafeVaults.length);
}

/**
 * Fees jump far above what the keeper offered, and the price recovers before any block takes its
 * transactions: they would revert if mined, and they hold the keeper's nonce. The keeper must cancel them
 * (an empty transfer to itself at the new fees, on the same nonce) rather than wait behind them or raise
 * them, and the next opportunity must go through.
 */
async function stuckScenario(devnet: RunningDevnet): Promise<void> {
  const { publicClient, testClient, wallet } = chainClients(devnet);
  const { keeper, account } = inProcessKeeper(devnet);
  const head = () => publicClient.getBlockNumber();
  await passTo(keeper, await head());
  await passTo(keeper, await head()); // approvals mined and read
  const spike = parseGwei("500");
  await testClient.setAutomine(false);
  try {
    await setPrice(devnet, "WETH", 1500n);
    await mineOne(devnet);
    const first = await passTo(keeper, await head());
    const sent = first.liquidations + first.auctionsStarted + first.auctionActions + first.policies;
    assert.ok(first.liquidations >= 1, "liquidations sent at the price drop");
    assert.equal(keeper.sender.pendingCount, sent);
    const nonceBefore = await publicClient.getTransactionCount({ address: account.address });

    // The fee spike, and the price back, in a block the keeper's transactions cannot enter.
    await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: spike });
    await wallet.writeContract({
      address: devnet.deployment.tokens.WETH.feed,
      abi: devPriceFeedAbi,
      functionName: "setAnswer",
      args: [3000n * 10n ** 8n],
      gas: 200_000n,
      maxFeePerGas: spike * 4n,
      maxPriorityFeePerGas: parseGwei("1"),
    });
    await mineOne(devnet);
    const recovered = await head();
    assert.equal(
      await publicClient.getTransactionCount({ address: account.address }),
      nonceBefore,
      "none of the keeper's transactions entered the spike's block",
    );

    const outcomes: Outcome[] = [];
    for (let i = 0; i < 12 && keeper.sender.pendingCount > 0; i++) {
      await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: spike });
      await mineOne(devnet);
      outcomes.push(...(await passTo(keeper, await head())).outcomes);
    }
    assert.equal(keeper.sender.pendingCount, 0, "nothing left in flight");
    assert.equal(outcomes.length, sent, "each stuck order settled once");
    assert.ok(
      outcomes.every(({ status }) => status === "cancelled"),
      `every stuck order was cancelled, not raised and mined to revert: ${outcomes.map((o) => o.status)}`,
    );
    assert.equal(await publicClient.getTransactionCount({ address: account.address }), nonceBefore + sent);
    const liquidated = await liquidationsFrom(devnet, recovered);
    assert.equal(liquidated.length, 0, "no liquidation of a recovered account");
    for (const { hash } of outcomes) {
      const tx = await publicClient.getTransaction({ hash });
      assert.deepEqual([tx.to?.toLowerCase(), tx.input, tx.value], [account.address.toLowerCase(), "0x", 0n]);
    }

    // Fees fall back and the price drops again: the keeper's next orders are not held behind anything.
    await testClient.setNextBlockBaseFeePerGas({ baseFeePerGas: parseGwei("1") });
    await setPrice(devnet, "WETH", 1500n);
    await mineOne(devnet);
    const again = await passTo(keeper, await head());
    assert.ok(again.liquidations >= 1, "liquidations sent again");
    await mineOne(devnet);
    const settled = await passTo(keeper, await head());
    const mined = settled.outcomes.filter(({ job }) => job === "liquidation");
    assert.equal(mined.length, again.liquidations);
    assert.ok(
      mined.every(({ status }) => status === "success"),
      "the new liquidations were mined",
    );
  } finally {
    await testClient.setAutomine(true);
  }
}

async function reorgScenario(devnet: RunningDevnet): Promise<void> {
  const { publicClient, testClient } = chainClients(devnet);
  const { keeper, metrics, account } = inProcessKeeper(devnet);
  await passTo(keeper, await publicClient.getBlockNumber());
  await passTo(keeper, await publicClient.getBlockNumber()); // approvals mined and read
  const forkPoint = await testClient.snapshot();
  const ancestor = await publicClient.getBlockNumber();

  await setPrice(devnet, "WETH", 1500n);
  const first = await passTo(keeper, await publicClient.getBlockNumber());
  assert.ok(first.liquidations >= 2, "liquidations sent on the first branch");
  await passTo(keeper, await publicClient.getBlockNumber()); // their receipts read: settled on this branch

  // The node drops that branch, and a different block takes its place.
  await testClient.revert({ id: forkPoint });
  await testClient.setNextBlockTimestamp({ timestamp: (await publicClient.getBlock()).timestamp + 7n });
  await setPrice(devnet, "WETH", 1500n);
  const reorg = await keeper.pass();
  assert.equal(reorg.kind, "reorg");
  assert.equal(reorg.kind === "reorg" && reorg.ancestor, ancestor, "rolled back to the common ancestor");
  assert.equal(await metrics.reorgs.get().then((m) => m.values[0]?.value), 1);

  const liquidatable = (await healths(devnet)).filter(({ health }) => health < WAD);
  const again = await passTo(keeper, await publicClient.getBlockNumber());
  assert.equal(again.liquidations, liquidatable.length, "every liquidation lost with the branch is sent again");
  for (let i = 0; i < 20 && keeper.sender.pendingCount > 0; i++) await keeper.pass();
  await passTo(keeper, await publicClient.getBlockNumber());

  const liquidations = await liquidationsFrom(devnet, ancestor);
  for (const { address, label } of liquidatable) {
    assert.equal(
      liquidations.filter((log) => log.args.borrower === address).length,
      1,
      `${label} liquidated once on the chain`,
    );
  }
  const sent = await keeperTransactions(devnet, account.address, ancestor + 1n);
  assert.ok(
    sent.length > 0 && sent.every(({ status }) => status === "success"),
    "nothing sent twice (it would revert)",
  );
  const starts = await publicClient.getContractEvents({
    address: devnet.deployment.cdp?.engine as Address,
    abi: cdpEngineAbi,
    eventName: "StartAuction",
    fromBlock: ancestor,
  });
  const vaults = starts.map((log) => log.args.vaultId);
  assert.equal(new Set(vaults).size, vaults.length, "each auction started once on the chain");
}

/** Vaults below their minimum ratio and not yet in auction, at a block (the latest by default). */
async function unsafeVaultIds(devnet: RunningDevnet, blockNumber?: bigint): Promise<bigint[]> {
  const { publicClient } = chainClients(devnet);
  const engine = devnet.deployment.cdp?.engine as Address;
  const count = await publicClient.readContract({
    address: engine,
    abi: cdpEngineAbi,
    functionName: "vaultCount",
    blockNumber,
  });
  const unsafe: bigint[] = [];
  for (let id = 1n; id <= count; id++) {
    const vault = await publicClient.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "vault",
      args: [id],
      blockNumber,
    });
    if (vault.normalizedDebt === 0n) continue;
    const type = await publicClient.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "collateralType",
      args: [BigInt(vault.typeId)],
      blockNumber,
    });
    const price = await publicClient.readContract({
      address: type.oracle,
      abi: [
        { type: "function", name: "price", inputs: [], outputs: [{ type: "uint256" }], stateMutability: "view" },
      ] as const,
      functionName: "price",
      blockNumber,
    });
    const debt = await publicClient.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "debtOf",
      args: [id],
      blockNumber,
    });
    if ((vault.collateral * price) / WAD < (debt * BigInt(type.minRatioBps)) / 10_000n) unsafe.push(id);
  }
  return unsafe;
}

/** Every transaction the keeper's account sent from `fromBlock`, with its status, and whether it was an approval. */
async function keeperTransactions(devnet: RunningDevnet, keeper: Address, fromBlock: bigint) {
  const { publicClient } = chainClients(devnet);
  const head = await publicClient.getBlockNumber();
  const out: { hash: Hex; status: "success" | "reverted"; approval: boolean }[] = [];
  for (let n = fromBlock; n <= head; n++) {
    const block = await publicClient.getBlock({ blockNumber: n, includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.from.toLowerCase() !== keeper.toLowerCase()) continue;
      const receipt = await publicClient.getTransactionReceipt({ hash: tx.hash });
      out.push({ hash: tx.hash, status: receipt.status, approval: tx.input.startsWith("0x095ea7b3") });
    }
  }
  return out;
}
