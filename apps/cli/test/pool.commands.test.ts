import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  cdpEngineAbi,
  getVaults,
  iPriceOracleAbi,
  type KeelDeployment,
  keelConfiguratorAbi,
  keelLensAbi,
  keelPoolAbi,
} from "@keel/sdk";
import {
  type Address,
  createTestClient,
  createWalletClient,
  erc20Abi,
  type Hex,
  http,
  maxUint256,
  type PublicClient,
  parseEventLogs,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { updateParams } from "../../keeper/test/helpers/governance.ts";
import { formatAmount } from "../src/lib/format.ts";
import { keel, type RunningDevnet, startDevnet } from "./helpers/cli.ts";
import { refused, succeeded } from "./helpers/outcomes.ts";
import { CORE, type PoolReads, poolReads } from "./helpers/poolReads.ts";

// The money-market commands' previews and results end to end, on a devnet of their own (the tests change
// a reserve's LTV and the chain's clock): one `keel` process per command, its effects read back from the
// chain. The newcomer (the default signer) lends, borrows and withdraws; the seeded accounts are read.
const PORT = 8746;
const WAD = 10n ** 18n;

/** The value of one row of a preview table ("│ Amount │ 1,000 USDC │" → "1,000 USDC"). */
function row(stdout: string, label: string): string {
  const found = stdout.match(new RegExp(`│ ${label}\\s*│ (.*?)\\s*│`));
  assert.ok(found, `a "${label}" row in:\n${stdout}`);
  return found[1];
}

/** The cells of a table row whose first cell is `first`, and the header's cells. */
function tableRow(stdout: string, first: string): { header: string[]; cells: string[] } {
  const lines = stdout.split("\n").filter((line) => line.startsWith("│"));
  const cells = (line: string) =>
    line
      .split("│")
      .slice(1, -1)
      .map((cell) => cell.trim());
  const found = lines.find((line) => cells(line)[0] === first);
  assert.ok(found, `a row for ${first} in:\n${stdout}`);
  return { header: cells(lines[0]), cells: cells(found) };
}

describe("keel money-market commands: previews, buffers and results", { timeout: 600_000 }, () => {
  let devnet: RunningDevnet;
  let deployment: KeelDeployment;
  let client: PublicClient;
  let newcomer: Address;
  let global: string[];

  let reads: PoolReads;

  const run = (...args: string[]) => keel([...global, ...args]);
  const reserveOf = (symbol: string, poolId = CORE) => reads.reserveOf(symbol, poolId);
  const position = (account: Address, symbol: string) => reads.position(account, symbol);
  const healthFactor = (account: Address, poolId = CORE) => reads.healthFactor(account, poolId);
  const accountOf = (label: string) => reads.accountOf(label);
  const testClient = () =>
    createTestClient({
      chain: { ...hardhat, rpcUrls: { default: { http: [devnet.rpcUrl] } } },
      mode: "hardhat",
      transport: http(devnet.rpcUrl),
    });
  /** A wallet client for one of the devnet's accounts. */
  const walletOf = (privateKey: Hex) =>
    createWalletClient({
      account: privateKeyToAccount(privateKey),
      chain: { ...hardhat, rpcUrls: { default: { http: [devnet.rpcUrl] } } },
      transport: http(devnet.rpcUrl),
    });

  before(async () => {
    devnet = await startDevnet(PORT);
    reads = poolReads(devnet);
    ({ deployment, client, newcomer, global } = reads);
  });

  after(async () => {
    assert.equal(await devnet.stop(), 0);
  });

  it("withdraws max for exactly the amount the preview showed, and the Withdraw event says", async () => {
    for (const json of [false, true]) {
      succeeded(await run("supply", "--asset", "USDC", "--amount", "1,000", "--yes"));
      // Ten minutes pass before the withdrawal's block, as on an idle devnet or a slow confirmation:
      // the shares earn interest the preview must count (it used to show the last block's value).
      const latest = await client.getBlock();
      await testClient().setNextBlockTimestamp({ timestamp: latest.timestamp + 600n });
      const result = succeeded(
        await run("withdraw", "--asset", "USDC", "--amount", "max", "--yes", ...(json ? ["--json"] : [])),
      );
      let hash: Hex;
      let previewed: string;
      let reported: string;
      if (json) {
        const out = JSON.parse(result.stdout);
        hash = out.hash;
        previewed = out.previewAmount;
        reported = out.amount;
      } else {
        previewed = row(result.stdout, "Amount");
        const sentence = result.stdout.match(/Withdrew ([\d,.]+ USDC) in (0x[0-9a-f]{64})\./);
        assert.ok(sentence, result.stdout);
        reported = sentence[1];
        hash = sentence[2] as Hex;
      }
      const receipt = await client.getTransactionReceipt({ hash });
      assert.equal(receipt.blockNumber, latest.number + 1n, "mined in the block whose time was set");
      const [event] = parseEventLogs({ abi: keelPoolAbi, eventName: "Withdraw", logs: receipt.logs });
      const paid = json ? event.args.assets.toString() : `${formatAmount(event.args.assets, 6)} USDC`;
      assert.equal(previewed, paid, "the preview showed what the withdrawal paid");
      assert.equal(reported, paid);
      assert.equal((await position(newcomer, "USDC")).supplyShares, 0n, "every share withdrawn");
    }
  });

  it('sizes "max" borrows and collateral withdrawals to keep the health factor at 1.10, or at --min-health', async () => {
    succeeded(await run("collateral", "add", "--asset", "ETH", "--amount", "10", "--yes"));
    const borrowed = succeeded(await run("borrow", "--asset", "USDC", "--amount", "max", "--yes"));
    // The preview shows the health factor the amount reaches, and why it is less than the pool allows.
    assert.match(row(borrowed.stdout, "Health factor"), /^∞ → 1\.10$/);
    assert.match(
      row(borrowed.stdout, "Why this amount"),
      /keeps the health factor at or above 1\.10; the pool allows [\d,.]+ USDC/,
    );
    const buffered = await healthFactor(newcomer);
    assert.ok(buffered >= (WAD * 110n) / 100n, `health factor ${buffered} ≥ 1.10 (without the buffer: 1.03)`);
    assert.ok(buffered < (WAD * 111n) / 100n, "and no more than the buffer asks");
    assert.doesNotMatch(borrowed.stderr, /Warning/);

    // The pool's own limit ends near 1 only where LTV is close to the threshold: raise WETH's LTV to 82%
    // (threshold 82.5%), as the pool's risk admin (the deployer) may.
    const deployer = walletOf(accountOf("deployer").privateKey);
    const weth = reserveOf("WETH");
    const config = await client.readContract({
      address: deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "reserveConfig",
      args: [CORE, weth],
    });
    const hash = await deployer.writeContract({
      address: deployment.contracts.configurator,
      abi: keelConfiguratorAbi,
      functionName: "updateReserve",
      args: [CORE, weth, { ...updateParams(config), ltvBps: 8200 }],
    });
    assert.equal((await client.waitForTransactionReceipt({ hash })).status, "success");

    refused(
      await run("borrow", "--asset", "USDC", "--amount", "max", "--min-health", "0.99", "--yes"),
      /^--min-health 0\.99 is below 1: an account below 1 can be liquidated/,
    );
    const limit = succeeded(await run("borrow", "--asset", "USDC", "--amount", "max", "--min-health", "1", "--yes"));
    const atLimit = await healthFactor(newcomer);
    assert.ok(atLimit >= WAD && atLimit < (WAD * 101n) / 100n, `health factor ${atLimit} in [1, 1.01)`);
    assert.match(limit.stderr, /Warning: This leaves your health factor at 1\.00, below 1\.10/);
    const room = await client.readContract({
      address: deployment.contracts.lens,
      abi: keelLensAbi,
      functionName: "maxBorrow",
      args: [CORE, newcomer, reserveOf("USDC")],
    });
    assert.ok(room < 10n ** 6n, `at most a unit of USDC left to borrow (${room})`);

    // At the pool's limit, no collateral can go; just above it, the pool allows a little but not
    // with the buffer: both are said in a sentence, and nothing is sent.
    refused(
      await run("collateral", "remove", "--asset", "ETH", "--amount", "max", "--yes"),
      /^You have no WETH collateral that can be withdrawn now\./,
    );
    succeeded(await run("repay", "--asset", "USDC", "--amount", "300", "--yes"));
    refused(
      await run("collateral", "remove", "--asset", "ETH", "--amount", "max", "--yes"),
      /^You cannot withdraw any WETH and keep your health factor at or above 1\.10: it is 1\.0\d now\. The pool itself allows up to 0\.\d+ WETH; pass --min-health 1 to take that\./,
    );
    // More than it holds: the most that can leave is what the debt allows, not the balance (10 WETH).
    refused(
      await run("collateral", "remove", "--asset", "ETH", "--amount", "11", "--yes"),
      /The most you can withdraw is 0\.\d+ WETH \(health factor 1\.0\d\); none of it keeps the health factor at 1\.10 or above\./,
    );
    // An exact amount below an explicit --min-health is refused too.
    refused(
      await run("borrow", "--asset", "USDC", "--amount", "1", "--min-health", "1.2", "--yes"),
      /below --min-health 1\.20; nothing was sent/,
    );
    succeeded(await run("repay", "--asset", "USDC", "--amount", "10,000", "--yes"));
    const removed = succeeded(await run("collateral", "remove", "--asset", "ETH", "--amount", "max", "--yes"));
    assert.match(row(removed.stdout, "Health factor"), /→ 1\.10$/);
    const afterRemoval = await healthFactor(newcomer);
    assert.ok(afterRemoval >= (WAD * 110n) / 100n && afterRemoval < (WAD * 111n) / 100n, `${afterRemoval}`);
  });

  it("warns below 1.10, and previews APYs, the liquidation price, the approval and the fee paid", async () => {
    // The account sits at 1.10: any borrow takes it below.
    const borrowed = succeeded(await run("borrow", "--asset", "USDC", "--amount", "50", "--yes"));
    assert.match(
      borrowed.stderr,
      /Warning: This leaves your health factor at 1\.\d\d, below 1\.10: a fall of \d\.\d\d% in the collateral's value/,
    );
    assert.match(row(borrowed.stdout, "Borrow APY"), /^\d+\.\d\d% → \d+\.\d\d%$/);
    assert.match(row(borrowed.stdout, "Liquidation price"), /^WETH at \$[\d,]+\.\d\d \(now \$3,000\.00\)$/);
    const json = JSON.parse(
      succeeded(await run("borrow", "--asset", "USDC", "--amount", "1", "--yes", "--json")).stdout,
    );
    assert.equal(json.warnings.length, 1);
    assert.match(json.warnings[0], /below 1\.10/);
    // The gas and the fee are the receipt's.
    const receipt = await client.getTransactionReceipt({ hash: json.hash });
    assert.equal(json.transactions, 1);
    assert.equal(BigInt(json.gasUsed), receipt.gasUsed);
    assert.equal(BigInt(json.feeWei), receipt.gasUsed * receipt.effectiveGasPrice);
    assert.ok(BigInt(json.feeWei) > 0n);
    assert.ok(typeof json.borrowApy.after === "number" && json.borrowApy.after > 0);

    // A supply pulls tokens: the preview says an approval comes first, and the sentence counts both.
    const supplied = succeeded(await run("supply", "--asset", "DAI", "--amount", "100", "--yes"));
    assert.match(row(supplied.stdout, "Approval"), /^sent first: a transaction approving exactly 100 DAI$/);
    assert.match(row(supplied.stdout, "Supply APY"), /^\d+\.\d\d% → \d+\.\d\d%$/);
    assert.match(
      supplied.stdout,
      /Supplied 100 DAI in 0x[0-9a-f]{64}\. Health factor 1\.\d\d\. Gas used [\d,]+, fee 0\.\d+ ETH over 2 transactions/,
    );
    // With an allowance that covers it, none is sent.
    const newcomerWallet = walletOf(accountOf("newcomer").privateKey);
    const approval = await newcomerWallet.writeContract({
      address: deployment.tokens.DAI.address,
      abi: erc20Abi,
      functionName: "approve",
      args: [deployment.contracts.pool, maxUint256],
    });
    await client.waitForTransactionReceipt({ hash: approval });
    const again = succeeded(await run("supply", "--asset", "DAI", "--amount", "100", "--yes", "--json"));
    const out = JSON.parse(again.stdout);
    assert.equal(out.approval.sent, false);
    assert.equal(out.transactions, 1);
    assert.equal(typeof out.supplyApy.before, "number");
  });

  it("shows each reserve's collateral in `keel pool`", async () => {
    const isolated = deployment.pools.find((p) => p.name.includes("wstETH"));
    assert.ok(isolated);
    const poolId = BigInt(isolated.id);
    const state = await client.readContract({
      address: deployment.contracts.pool,
      abi: keelPoolAbi,
      functionName: "reserveState",
      args: [poolId, reserveOf("wstETH", poolId)],
    });
    assert.ok(state.totalCollateral > 0n, "the isolated borrower's wstETH is collateral");
    const table = succeeded(await run("pool", isolated.id));
    const { header, cells } = tableRow(table.stdout, "wstETH");
    assert.equal(cells[header.indexOf("Supplied")], "0", "none of it is lent");
    assert.equal(cells[header.indexOf("Collateral")], formatAmount(state.totalCollateral, 18, 2));
    const json = JSON.parse(succeeded(await run("pool", isolated.id, "--json")).stdout);
    const wsteth = json.reserves.find((r: { symbol: string }) => r.symbol === "wstETH");
    assert.equal(BigInt(wsteth.collateral), state.totalCollateral);
  });

  it("says when an account's e-mode is active and prices a correlated pair's liquidation in the debt asset", async () => {
    const looper = accountOf("emode-looper").address;
    const wsteth = reserveOf("wstETH");
    const table = succeeded(await run("position", looper, "--pool", "0"));
    assert.match(
      table.stdout,
      /E-mode 1 \(ETH correlated\) is active: LTV 90\.00%, liquidation threshold 93\.00% on WETH, wstETH collateral/,
    );
    // The lens's liquidation price of wstETH, over WETH's price: WETH per wstETH (both have 18 decimals).
    const [liquidation, wethPrice] = await Promise.all([
      client.readContract({
        address: deployment.contracts.lens,
        abi: keelLensAbi,
        functionName: "liquidationPrice",
        args: [CORE, looper, wsteth],
      }),
      client.readContract({ address: deployment.tokens.WETH.oracle, abi: iPriceOracleAbi, functionName: "price" }),
    ]);
    const perToken = (liquidation * WAD) / wethPrice;
    const shown = `${perToken / WAD}.${((perToken % WAD) / 10n ** 14n).toString().padStart(4, "0")}`;
    assert.equal(tableRow(table.stdout, "wstETH").cells[4], `${shown} WETH per wstETH`);
    const json = JSON.parse(succeeded(await run("position", looper, "--pool", "0", "--json")).stdout);
    assert.equal(json.pools[0].eMode.category, 1);
    assert.equal(json.pools[0].eMode.liquidationThresholdBps, 9300);
    const line = json.pools[0].reserves.find((r: { symbol: string }) => r.symbol === "wstETH");
    assert.equal(line.liquidationPriceInDebt.asset, "WETH");
    assert.equal(BigInt(line.liquidationPriceInDebt.perToken), perToken);

    // Outside e-mode (WETH collateral, USDC debt): no e-mode line, the price in USD.
    const safe = succeeded(await run("position", accountOf("safe-borrower").address, "--pool", "0"));
    assert.doesNotMatch(safe.stdout, /E-mode/);
    assert.match(tableRow(safe.stdout, "WETH").cells[4], /^\$[\d,]+\.\d\d$/);
  });

  it("lists an account's kUSD vaults and its net APY in `keel position`", async () => {
    const owner = accountOf("safe-borrower").address;
    const cdp = deployment.cdp;
    assert.ok(cdp, "the devnet deploys the kUSD engine");
    const vaults = await getVaults(client, { engine: cdp.engine, owner, fromBlock: BigInt(deployment.startBlock) });
    assert.ok(vaults.length > 0, "the safe borrower has a vault");
    const table = succeeded(await run("position", owner));
    assert.match(table.stdout, /kUSD vaults/);
    const { cells } = tableRow(table.stdout, vaults[0].id.toString());
    assert.match(cells[1], /WETH \(type 0\)/);
    assert.match(table.stdout, /Net APY -?\d+\.\d\d% on a net worth of \$[\d,]+\.\d\d/);
    assert.match(table.stdout, /In all: Net APY/);

    const json = JSON.parse(succeeded(await run("position", owner, "--json")).stdout);
    assert.deepEqual(
      json.vaults.map((v: { id: string }) => v.id),
      vaults.map((v) => v.id.toString()),
    );
    const vault = await client.readContract({
      address: cdp.engine,
      abi: cdpEngineAbi,
      functionName: "vault",
      args: [vaults[0].id],
    });
    assert.equal(BigInt(json.vaults[0].collateral), vault.collateral);
    // Net worth: the pools' (supplied + collateral − debt) and the vaults' (collateral value − debt).
    const pools = json.pools.reduce((sum: bigint, p: { netWorth: string }) => sum + BigInt(p.netWorth), 0n);
    const inVaults = json.vaults.reduce(
      (sum: bigint, v: { collateralValue: string; debt: string }) => sum + BigInt(v.collateralValue) - BigInt(v.debt),
      0n,
    );
    assert.equal(BigInt(json.netWorth), pools + inVaults);
    const expected = (json.earnedPerYear - json.paidPerYear) / (Number(json.netWorth) / 1e18);
    assert.ok(Math.abs(json.netApy - expected) < 1e-12);
    assert.ok(json.netApy < 0, "a borrower who lends nothing pays more than it earns");
  });

  it("shows a wallet's ETH and every token, kUSD included, for an address or the signer", async () => {
    const read = async (holder: Address) => {
      const tokens = Object.values(deployment.tokens);
      const balances = await Promise.all(
        tokens.map((t) =>
          client.readContract({ address: t.address, abi: erc20Abi, functionName: "balanceOf", args: [holder] }),
        ),
      );
      return {
        ETH: await client.getBalance({ address: holder }),
        ...Object.fromEntries(tokens.map((t, i) => [t.symbol, balances[i]])),
      } as Record<string, bigint>;
    };
    const mine = JSON.parse(succeeded(await run("balance", "--json")).stdout);
    assert.equal(mine.address, newcomer, "the signer the write commands would use");
    const expected = await read(newcomer);
    assert.deepEqual(
      Object.fromEntries(mine.balances.map((b: { symbol: string; balance: string }) => [b.symbol, BigInt(b.balance)])),
      expected,
    );
    assert.ok(mine.balances.some((b: { symbol: string }) => b.symbol === "kUSD"));
    const usdc = mine.balances.find((b: { symbol: string }) => b.symbol === "USDC");
    const usdcPrice = await client.readContract({
      address: deployment.tokens.USDC.oracle,
      abi: iPriceOracleAbi,
      functionName: "price",
    });
    assert.equal(BigInt(usdc.valueUsd), (expected.USDC * usdcPrice) / WAD, "valued at Keel's oracle");

    const lender = accountOf("lender").address;
    const table = succeeded(await run("balance", lender));
    assert.match(table.stdout, new RegExp(`Wallet ${lender}`));
    const lenderBalances = await read(lender);
    assert.equal(tableRow(table.stdout, "DAI").cells[1], formatAmount(lenderBalances.DAI, 18));
    assert.match(table.stdout, /Total \$[\d,]+\.\d\d/);

    // --wallet: the address is read from the keystore file, with no password to unlock it.
    const home = mkdtempSync(path.join(tmpdir(), "keel-home-"));
    try {
      const created = await keel(["wallet", "new", "carol", "--json"], {
        env: { KEEL_HOME: home, KEEL_KEYSTORE_SCRYPT_N: "1024", KEEL_WALLET_PASSWORD: "a password" },
      });
      const { address } = JSON.parse(succeeded(created).stdout) as { address: Address };
      const theirs = await keel([...global, "--wallet", "carol", "balance", "--json"], {
        env: { KEEL_HOME: home, KEEL_WALLET_PASSWORD: "" },
      });
      const out = JSON.parse(succeeded(theirs).stdout);
      assert.equal(out.address, address);
      assert.equal(out.source, "keystore carol");
      refused(
        await keel([...global, "--wallet", "nobody", "balance"], { env: { KEEL_HOME: home } }),
        /No wallet named "nobody"/,
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
