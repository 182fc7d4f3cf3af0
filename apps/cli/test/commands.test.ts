import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { iPriceOracleAbi, type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import { type Address, type PublicClient, parseEventLogs, parseUnits } from "viem";
import { formatAmount, formatPercent, formatUsd } from "../src/lib/format.ts";
import { keel, type RunningDevnet, repoRoot, runNode, startDevnet } from "./helpers/cli.ts";
import { CORE, type PoolReads, poolReads } from "./helpers/poolReads.ts";

// One devnet for the whole file: every command runs as a separate `keel` process against it.
const PORT = 8745;
const WAD = 10n ** 18n;

describe("keel commands against a running devnet", { timeout: 600_000 }, () => {
  let devnet: RunningDevnet;
  let deployment: KeelDeployment;
  let client: PublicClient;
  let newcomer: Address;
  let global: string[];

  let reads: PoolReads;
  const reserveOf = (symbol: string) => reads.reserveOf(symbol);
  const position = (account: Address, symbol: string) => reads.position(account, symbol);
  const healthFactor = (account: Address, poolId = CORE) => reads.healthFactor(account, poolId);

  before(async () => {
    devnet = await startDevnet(PORT);
    reads = poolReads(devnet);
    ({ deployment, client, newcomer, global } = reads);
  });

  after(async () => {
    assert.equal(await devnet.stop(), 0);
  });

  it("lists the pools, as a table and as JSON", async () => {
    const table = await keel([...global, "pools"]);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Core/);
    const json = await keel([...global, "pools", "--json"]);
    const pools = JSON.parse(json.stdout);
    assert.equal(pools.length, deployment.pools.length);
    assert.deepEqual(
      pools[0].reserves,
      deployment.pools[0].reserves.map((r) => r.symbol),
    );
    assert.ok(BigInt(pools[0].suppliedUsd) > 0n, "the core pool has lenders");
  });

  it("shows one pool's reserves with rates, utilization and caps", async () => {
    const result = await keel([...global, "pool", "0"]);
    assert.equal(result.status, 0, result.stderr);
    for (const symbol of ["WETH", "WBTC", "USDC", "DAI"]) assert.match(result.stdout, new RegExp(symbol));
    assert.match(result.stdout, /E-mode 1/);
    const json = JSON.parse((await keel([...global, "pool", "0", "--json"])).stdout);
    const usdc = json.reserves.find((r: { symbol: string }) => r.symbol === "USDC");
    const onChain = await client.readContract({
      address: deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "reserveConfig",
      args: [CORE, reserveOf("USDC")],
    });
    assert.equal(usdc.config.ltvBps, onChain.ltvBps);
    assert.ok(BigInt(usdc.utilization) > 0n && BigInt(usdc.borrowRatePerSecond) > 0n);
  });

  it("shows a borrower's position with the pool's own health factor", async () => {
    const borrower = deployment.accounts.find((a) => a.role.includes("borrower"));
    assert.ok(borrower);
    const result = await keel([...global, "position", borrower.address, "--json"]);
    assert.equal(result.status, 0, result.stderr);
    const { pools } = JSON.parse(result.stdout);
    const core = pools.find((p: { id: string }) => p.id === "0") ?? pools[0];
    assert.equal(BigInt(core.healthFactor), await healthFactor(borrower.address, BigInt(core.id)));
    const table = await keel([...global, "position", borrower.address]);
    assert.match(table.stdout, /health factor \d+\.\d\d/);
    assert.match(table.stdout, /Liquidation price/);
  });

  it("supplies, deposits collateral, borrows and repays everything, with previews", async () => {
    const supplied = await keel([...global, "supply", "--asset", "USDC", "--amount", "1,000", "--yes"]);
    assert.equal(supplied.status, 0, supplied.stderr);
    assert.match(supplied.stdout, /Supplied 1,000 USDC/);
    assert.ok((await position(newcomer, "USDC")).supplyShares > 0n);

    const deposited = await keel([...global, "collateral", "add", "--asset", "ETH", "--amount", "2", "--yes"]);
    assert.equal(deposited.status, 0, deposited.stderr);
    assert.equal((await position(newcomer, "WETH")).collateral, parseUnits("2", 18));

    const borrowed = await keel([...global, "borrow", "--asset", "USDC", "--amount", "1000", "--yes"]);
    assert.equal(borrowed.status, 0, borrowed.stderr);
    assert.match(borrowed.stdout, /Health factor.*∞ → \d+\.\d\d/);
    assert.ok((await position(newcomer, "USDC")).debtShares > 0n);

    const repaid = await keel([...global, "repay", "--asset", "USDC", "--amount", "max", "--yes"]);
    assert.equal(repaid.status, 0, repaid.stderr);
    assert.equal((await position(newcomer, "USDC")).debtShares, 0n, "repaying max leaves no debt dust");
  });

  it("refuses a borrow beyond the borrowing power with the health factor, the pool's most and what max would take", async () => {
    const result = await keel([...global, "borrow", "--asset", "USDC", "--amount", "20000", "--yes"]);
    assert.equal(result.status, 2);
    const said =
      /This borrow would put your health factor at 0\.\d\d, below what the pool allows\. The most you can borrow is ([\d,.]+) USDC \(health factor 1\.0\d\); `--amount max` takes ([\d,.]+) USDC, which keeps the health factor at 1\.10 or above\./.exec(
        result.stderr,
      );
    assert.ok(said, result.stderr);
    const tokens = (text: string) => parseUnits(text.replaceAll(",", ""), 6);
    assert.ok(tokens(said[2]) < tokens(said[1]), "the buffer takes less than the pool's limit");
    assert.equal((await position(newcomer, "USDC")).debtShares, 0n, "nothing was sent");
    // What the sentence promises is what `--amount max` previews (declined: nothing is sent).
    const max = await keel([...global, "borrow", "--asset", "USDC", "--amount", "max"], { input: "n\n" });
    assert.match(max.stdout, new RegExp(`Amount\\s+│ ${said[2].replaceAll(".", "\\.")} USDC`));
    assert.equal((await position(newcomer, "USDC")).debtShares, 0n);
  });

  it("asks before sending, and sends nothing when the answer is no", async () => {
    const declined = await keel([...global, "borrow", "--asset", "USDC", "--amount", "10"], { input: "n\n" });
    assert.equal(declined.status, 1);
    assert.match(declined.stderr, /nothing was sent/);
    assert.equal((await position(newcomer, "USDC")).debtShares, 0n);
    const accepted = await keel([...global, "borrow", "--asset", "USDC", "--amount", "10"], { input: "y\n" });
    assert.equal(accepted.status, 0, accepted.stderr);
    assert.ok((await position(newcomer, "USDC")).debtShares > 0n);
  });

  it("turns bad input into a sentence and exit code 2, never a stack trace", async () => {
    const cases = [
      [...global, "borrow", "--asset", "USDC", "--amount", "lots", "--yes"],
      [...global, "borrow", "--asset", "DOGE", "--amount", "1", "--yes"],
      [...global, "borrow", "--asset", "USDC", "--amount", "1.1234567", "--yes"],
      [...global, "position", "0x1234"],
      [...global, "supply", "--asset", "USDC", "--amount", "1,5", "--yes"],
      // A receiver whose EIP-55 checksum fails (one letter's case changed): refused, nothing sent.
      [
        ...global,
        "borrow",
        "--asset",
        "USDC",
        "--amount",
        "1",
        "--receiver",
        "0x70997970c51812dc3A010C7d01b50e0d17dc79C8",
        "--yes",
      ],
      [...global, "repay", "--asset", "WBTC", "--amount", "all", "--yes"],
      [...global, "withdraw", "--asset", "WBTC", "--amount", "max", "--yes"],
      [...global, "pool", "seven"],
      ["--manifest", path.join(tmpdir(), "no-such-manifest.json"), "pools"],
    ];
    for (const args of cases) {
      const result = await keel(args);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.ok(result.stderr.trim().length > 0);
      assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    }
  });

  it("says plainly when the RPC cannot be reached", async () => {
    const result = await keel([...global, "--rpc", "http://127.0.0.1:9", "pools"]);
    assert.equal(result.status, 1);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    assert.ok(result.stderr.length > 0);
  });

  it("takes a flash loan through the example borrower", async () => {
    const result = await keel([...global, "flash-loan", "--asset", "USDC", "--amount", "500", "--yes"]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Flash loan of 500 USDC taken and repaid/);
    // More than the pool holds is the caller's mistake: a sentence, exit 2, nothing sent.
    const tooMuch = await keel([...global, "flash-loan", "--asset", "USDC", "--amount", "1000000000000", "--yes"]);
    assert.equal(tooMuch.status, 2, tooMuch.stderr);
    assert.match(tooMuch.stderr, /can be flash-borrowed now/);
  });

  it("signs an authorization off chain that another account submits", async () => {
    const operator = deployment.accounts[1].address;
    const file = path.join(path.dirname(devnet.manifest), "authorization.json");
    const signed = await keel([...global, "sign-authorization", operator, "--out", file]);
    assert.equal(signed.status, 0, signed.stderr);
    const submitted = await keel([...global, "--account", "2", "authorize", "--signature", file, "--yes"]);
    assert.equal(submitted.status, 0, submitted.stderr);
    const isAuthorized = await client.readContract({
      address: deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "isAuthorized",
      args: [newcomer, operator],
    });
    assert.equal(isAuthorized, true);
    // Replaying the same signature fails with the pool's reason, in words.
    const replay = await keel([...global, "--account", "2", "authorize", "--signature", file, "--yes"]);
    assert.equal(replay.status, 1);
    assert.match(replay.stderr, /nonce|already/i);
    writeFileSync(file, "{}");
    assert.equal((await keel([...global, "authorize", "--signature", file, "--yes"])).status, 2);
  });

  it("liquidates an account after the ETH price falls", async () => {
    const moved = await keel([...global, "devnet", "price", "ETH", "1800"]);
    assert.equal(moved.status, 0, moved.stderr);
    // Find a seeded borrower the drop made liquidatable, and what it borrowed against what.
    let victim: Address | undefined;
    for (const account of deployment.accounts) {
      if ((await healthFactor(account.address)) < WAD) {
        victim = account.address;
        break;
      }
    }
    assert.ok(victim, "a seeded borrower is liquidatable after a 40% ETH drop");
    const json = JSON.parse((await keel([...global, "position", victim, "--pool", "0", "--json"])).stdout);
    const reserves = json.pools[0].reserves as { symbol: string; collateral: string; debt: string }[];
    const collateral = reserves.reduce((a, b) => (BigInt(b.collateral) > BigInt(a.collateral) ? b : a)).symbol;
    const debt = reserves.reduce((a, b) => (BigInt(b.debt) > BigInt(a.debt) ? b : a)).symbol;
    const before = await healthFactor(victim);
    const liquidator = deployment.accounts.find((a) => a.role.includes("liquidator")) ?? deployment.accounts[0];
    const result = await keel([
      ...global,
      "--key",
      liquidator.privateKey,
      "liquidate",
      "--borrower",
      victim,
      "--collateral",
      collateral,
      "--debt",
      debt,
      "--yes",
    ]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Repaid [\d,.]+ \w+ and seized [\d,.]+ \w+/);
    assert.ok((await healthFactor(victim)) > before, "the liquidation improved the borrower's health");

    // The sentence's numbers are the Liquidate event's: what the liquidator received is the seized
    // collateral less the treasury's fee, and the net bonus is its value less the debt repaid's.
    const hash = result.stdout.match(/ in (0x[0-9a-f]{64}):/)?.[1] as `0x${string}` | undefined;
    assert.ok(hash, result.stdout);
    const receipt = await client.getTransactionReceipt({ hash });
    const [event] = parseEventLogs({ abi: keelPoolAbi, eventName: "Liquidate", logs: receipt.logs });
    const { repaidAssets, seizedAssets, protocolFee } = event.args;
    assert.ok(protocolFee > 0n, "the treasury takes part of the bonus");
    const token = (symbol: string) => deployment.tokens[symbol];
    const amount = (units: bigint, symbol: string) => `${formatAmount(units, token(symbol).decimals)} ${symbol}`;
    const [collateralPrice, debtPrice] = await Promise.all(
      [collateral, debt].map((symbol) =>
        client.readContract({
          address: token(symbol).oracle,
          abi: iPriceOracleAbi,
          functionName: "price",
          blockNumber: receipt.blockNumber,
        }),
      ),
    );
    const receivedValue = (collateralPrice * (seizedAssets - protocolFee)) / WAD;
    const repaidValue = (debtPrice * repaidAssets) / WAD;
    assert.ok(
      result.stdout.includes(
        `Repaid ${amount(repaidAssets, debt)} and seized ${amount(seizedAssets, collateral)} in ${hash}: ` +
          `you received ${amount(seizedAssets - protocolFee, collateral)} and ${amount(protocolFee, collateral)} went to the treasury. ` +
          `Net bonus ${formatUsd(receivedValue - repaidValue)} (${formatPercent(((receivedValue - repaidValue) * WAD) / repaidValue)}): ` +
          `${formatUsd(receivedValue)} received for ${formatUsd(repaidValue)} repaid.`,
      ),
      result.stdout,
    );
    assert.match(result.stdout, /Gas used [\d,]+, fee 0\.\d+ ETH/);
  });

  it("runs the SDK quick-start example as documented", async () => {
    const example = path.join(repoRoot, "packages/sdk/examples/quickstart.ts");
    const result = await runNode(example, [], { env: { KEEL_MANIFEST: devnet.manifest } });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /borrowed 1000 USDC; health factor \d/);
    assert.match(result.stdout, /health factor/i);
    assert.ok(result.stdout.trim().split("\n").at(-1)?.length, "the refused borrow is explained");
  });
});
