import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  devRateProviderAbi,
  devTokenAbi,
  iPriceOracleAbi,
  type KeelDeployment,
  keelPoolAbi,
  loadDeployment,
} from "@keel/sdk";
import { ethers } from "ethers";
import { type Address, createPublicClient, http, maxUint256, type PublicClient, parseAbi, parseUnits } from "viem";
import { keel, type RunningDevnet, startDevnet } from "./helpers/cli.ts";

const port = 8645;
const rpcUrl = `http://127.0.0.1:${port}`;
const WAD = 10n ** 18n;

/** Runs `keel devnet <args>` to completion. */
const keelDevnet = (...args: string[]) => keel(["devnet", ...args]);

function assertUsageError(result: { status: number | null; stderr: string }, message: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, message);
  assert.equal(result.stderr.trim().split("\n").length, 1, "one line");
  assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, "no stack trace");
}

async function rpcAnswers(): Promise<boolean> {
  try {
    await fetch(rpcUrl, { method: "POST", body: "{}", signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

/** Designed health bands, in WAD, by account label and pool id (the seeded scenario's targets ± a margin). */
const HEALTH_BANDS: { label: string; poolId: bigint; min: string; max: string }[] = [
  { label: "safe-borrower", poolId: 0n, min: "2.45", max: "2.55" },
  { label: "moderate-borrower", poolId: 0n, min: "1.45", max: "1.55" },
  { label: "risky-borrower", poolId: 0n, min: "1.12", max: "1.18" },
  { label: "edge-borrower", poolId: 0n, min: "1.03", max: "1.07" },
  // Without e-mode (threshold 79% instead of 93%) this loan would sit near 0.92 and be liquidatable.
  { label: "emode-looper", poolId: 0n, min: "1.05", max: "1.11" },
  { label: "isolated-borrower", poolId: 1n, min: "1.55", max: "1.65" },
  { label: "isolated-borrower", poolId: 2n, min: "1.15", max: "1.25" },
];

describe("keel devnet", { timeout: 300_000 }, () => {
  let workDir: string;
  let manifestPath: string;
  let devnet: RunningDevnet;
  let manifest: KeelDeployment;
  let client: PublicClient;
  const account = (label: string) => {
    const found = manifest.accounts.find((a) => a.label === label);
    assert.ok(found, `account ${label}`);
    return found;
  };
  const healthOf = (label: string, poolId: bigint) =>
    client.readContract({
      address: manifest.contracts.pool,
      abi: keelPoolAbi,
      functionName: "healthFactor",
      args: [poolId, account(label).address],
    });
  const oraclePrice = (symbol: string) =>
    client.readContract({ address: manifest.tokens[symbol].oracle, abi: iPriceOracleAbi, functionName: "price" });

  before(async () => {
    assert.equal(await rpcAnswers(), false, `port ${port} must be free for this test`);
    workDir = await mkdtemp(path.join(tmpdir(), "keel-devnet-"));
    manifestPath = path.join(workDir, "devnet.json");
    const started = performance.now();
    devnet = await startDevnet(port, manifestPath);
    console.log(`keel devnet started in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    manifest = await loadDeployment(manifestPath);
    client = createPublicClient({ transport: http(rpcUrl) }) as PublicClient;
  });

  after(async () => {
    if (devnet.child.exitCode === null) devnet.child.kill("SIGINT");
    await devnet.exit;
    await rm(workDir, { recursive: true, force: true });
  });

  it("prints the endpoint, contracts, tokens, pools and the test accounts with their keys", () => {
    const output = devnet.output();
    assert.match(output, /Keel devnet is ready on http:\/\/127\.0\.0\.1:8645 \(chain 31337\)/);
    assert.ok(output.includes(manifest.contracts.pool), "the pool's address");
    for (const token of Object.values(manifest.tokens)) assert.ok(output.includes(token.address), token.symbol);
    for (const pool of manifest.pools) assert.ok(output.includes(`pool ${pool.id} ${pool.name}`), pool.name);
    for (const test of manifest.accounts) {
      assert.ok(output.includes(test.address) && output.includes(test.privateKey), test.label);
    }
  });

  it("writes a manifest that matches the chain: tokens, pools, reserves, e-mode and Uniswap pairs", async () => {
    assert.equal(manifest.chainId, 31337);
    assert.equal(await client.getChainId(), 31337);
    assert.equal(manifest.rpcUrl, rpcUrl);
    assert.equal(manifest.accounts.length, 10);
    const decimals = Object.fromEntries(Object.values(manifest.tokens).map((t) => [t.symbol, t.decimals]));
    assert.deepEqual(decimals, { WETH: 18, WBTC: 8, wstETH: 18, USDC: 6, DAI: 18 });
    assert.ok(manifest.tokens.wstETH.rateProvider, "the LST has an exchange-rate source");

    const pool = manifest.contracts.pool;
    assert.equal(await client.readContract({ address: pool, abi: keelPoolAbi, functionName: "poolCount" }), 3n);
    const [core, wbtcUsdc, wstethWeth] = manifest.pools;
    assert.equal(core.kind, "cross");
    assert.deepEqual(
      core.reserves.map((r) => r.symbol),
      ["WETH", "WBTC", "wstETH", "USDC", "DAI"],
    );
    assert.deepEqual(core.eModes, [{ category: 1, label: "ETH correlated", symbols: ["WETH", "wstETH"] }]);
    const eMode = await client.readContract({ address: pool, abi: keelPoolAbi, functionName: "eMode", args: [0n, 1] });
    assert.deepEqual(eMode, { ltvBps: 9000, liquidationThresholdBps: 9300, maxLiquidationBonusBps: 100 });
    assert.equal(wbtcUsdc.kind, "isolated");
    assert.deepEqual(
      wbtcUsdc.reserves.map((r) => r.symbol),
      ["WBTC", "USDC"],
    );
    assert.deepEqual(
      wstethWeth.reserves.map((r) => r.symbol),
      ["wstETH", "WETH"],
    );
    for (const entry of manifest.pools) {
      const count = await client.readContract({
        address: pool,
        abi: keelPoolAbi,
        functionName: "reserveCount",
        args: [BigInt(entry.id)],
      });
      assert.equal(count, BigInt(entry.reserves.length), `pool ${entry.id}`);
      for (const reserve of entry.reserves) {
        const config = await client.readContract({
          address: pool,
          abi: keelPoolAbi,
          functionName: "reserveConfig",
          args: [BigInt(entry.id), BigInt(reserve.index)],
        });
        assert.equal(config.asset, manifest.tokens[reserve.symbol].address, `${entry.name} ${reserve.symbol}`);
        assert.equal(config.oracle, manifest.tokens[reserve.symbol].oracle);
      }
    }

    // Uniswap pairs hold liquidity at the feeds' prices (within 1%).
    const pairAbi = parseAbi([
      "function getReserves() view returns (uint112, uint112, uint32)",
      "function token0() view returns (address)",
    ]);
    assert.deepEqual(Object.keys(manifest.uniswap.pairs).sort(), ["USDC/DAI", "WBTC/USDC", "WETH/USDC", "WETH/wstETH"]);
    for (const [name, pair] of Object.entries(manifest.uniswap.pairs)) {
      const [base, quote] = name.split("/");
      const [reserve0, reserve1] = await client.readContract({
        address: pair,
        abi: pairAbi,
        functionName: "getReserves",
      });
      const token0 = await client.readContract({ address: pair, abi: pairAbi, functionName: "token0" });
      const [baseUnits, quoteUnits] =
        token0 === manifest.tokens[base].address ? [reserve0, reserve1] : [reserve1, reserve0];
      const baseValue = (baseUnits * (await oraclePrice(base))) / WAD;
      const quoteValue = (quoteUnits * (await oraclePrice(quote))) / WAD;
      assert.ok(baseValue > 1_000_000n * WAD, `${name} is liquid`);
      const gap = baseValue > quoteValue ? baseValue - quoteValue : quoteValue - baseValue;
      assert.ok(gap * 100n < baseValue, `${name} trades at the feed price`);
    }
  });

  it("seeds borrowers at their designed health factors, and a funded newcomer with no positions", async () => {
    for (const band of HEALTH_BANDS) {
      const health = await healthOf(band.label, band.poolId);
      assert.ok(
        health >= parseUnits(band.min, 18) && health <= parseUnits(band.max, 18),
        `${band.label} in pool ${band.poolId}: ${health}`,
      );
    }
    const lenderState = await client.readContract({
      address: manifest.contracts.pool,
      abi: keelPoolAbi,
      functionName: "position",
      args: [0n, account("lender").address, 3n],
    });
    assert.ok(lenderState.supplyShares > 0n, "the lender supplies USDC to the core pool");

    const newcomer = account("newcomer").address;
    for (const token of Object.values(manifest.tokens)) {
      const balance = await client.readContract({
        address: token.address,
        abi: devTokenAbi,
        functionName: "balanceOf",
        args: [newcomer],
      });
      assert.ok(balance > 0n, `the newcomer holds ${token.symbol}`);
    }
    for (const entry of manifest.pools) {
      assert.equal(await healthOf("newcomer", BigInt(entry.id)), maxUint256, `no debt in pool ${entry.id}`);
      const masks = await client.readContract({
        address: manifest.contracts.pool,
        abi: keelPoolAbi,
        functionName: "accountMasks",
        args: [BigInt(entry.id), newcomer],
      });
      assert.deepEqual(masks, [0, 0], `no collateral or debt in pool ${entry.id}`);
    }
  });

  it("speaks standard JSON-RPC to a second client (ethers): reads state and sends a transaction", async () => {
    const provider = new ethers.JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true });
    try {
      assert.equal((await provider.getNetwork()).chainId, 31337n);
      const newcomer = account("newcomer");
      const wallet = new ethers.Wallet(newcomer.privateKey, provider);
      const usdc = new ethers.Contract(manifest.tokens.USDC.address, devTokenAbi, wallet);
      const recipient = ethers.Wallet.createRandom().address as Address;
      const balanceBefore: bigint = await usdc.balanceOf(newcomer.address);
      const receipt = await (await usdc.transfer(recipient, 1_234_567n)).wait();
      assert.equal(receipt?.status, 1);
      const read = (holder: Address) =>
        client.readContract({
          address: manifest.tokens.USDC.address,
          abi: devTokenAbi,
          functionName: "balanceOf",
          args: [holder],
        });
      assert.equal(await read(recipient), 1_234_567n, "viem sees what ethers sent");
      assert.equal(await read(newcomer.address), balanceBefore - 1_234_567n);
    } finally {
      provider.destroy();
    }
  });

  it("`price ETH` moves the feed; the edge borrower becomes liquidatable while healthier ones do not", async () => {
    assert.ok((await healthOf("edge-borrower", 0n)) >= WAD);
    const result = await keelDevnet("price", "ETH", "2700", "--manifest", manifestPath);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(await oraclePrice("WETH"), 2_700n * WAD);
    assert.ok((await healthOf("edge-borrower", 0n)) < WAD, "ETH −10% liquidates the 1.05 borrower");
    assert.ok((await healthOf("risky-borrower", 0n)) >= WAD, "the 1.15 borrower survives −10%");
    assert.ok((await healthOf("safe-borrower", 0n)) >= 2n * WAD);
    // wstETH follows ETH, so the e-mode loop's health does not move with the ETH price.
    assert.ok((await healthOf("emode-looper", 0n)) >= parseUnits("1.05", 18));
    assert.match(result.stdout, /Liquidatable now: edge-borrower \(pool 0\)/);
  });

  it("`advance 30d` moves time, accrues interest, grows the LST rate, and keeps every price readable", async () => {
    const pool = manifest.contracts.pool;
    const safe = account("safe-borrower").address;
    const debtValue = async () =>
      (await client.readContract({ address: pool, abi: keelPoolAbi, functionName: "accountHealth", args: [0n, safe] }))
        .debtValue;
    const rate = () =>
      client.readContract({
        address: manifest.tokens.wstETH.rateProvider as Address,
        abi: devRateProviderAbi,
        functionName: "getRate",
      });
    const timeBefore = (await client.getBlock()).timestamp;
    const [debtBefore, rateBefore, lstPriceBefore] = [await debtValue(), await rate(), await oraclePrice("wstETH")];

    const result = await keelDevnet("advance", "30d", "--manifest", manifestPath);
    assert.equal(result.status, 0, result.stderr);

    const timeAfter = (await client.getBlock()).timestamp;
    assert.ok(timeAfter - timeBefore >= 30n * 86_400n, "the clock moved 30 days");
    assert.ok((await debtValue()) > debtBefore, "debt grew with interest");
    assert.ok((await rate()) > rateBefore, "the LST exchange rate grew");
    assert.ok((await oraclePrice("wstETH")) > lstPriceBefore, "the LST price follows its rate");
    // The adapters refuse answers older than a day: every price reads only because advance refreshed them.
    for (const symbol of Object.keys(manifest.tokens)) assert.ok((await oraclePrice(symbol)) > 0n, symbol);
    for (const band of HEALTH_BANDS) await healthOf(band.label, band.poolId);
  });

  it("refuses bad input with one line and exit code 2", async () => {
    assertUsageError(await keelDevnet("price", "DOGE", "1", "--manifest", manifestPath), /Unknown token "DOGE"/);
    assertUsageError(await keelDevnet("price", "ETH", "abc", "--manifest", manifestPath), /"abc" is not a price/);
    assertUsageError(await keelDevnet("price", "ETH", "0", "--manifest", manifestPath), /above zero/);
    assertUsageError(await keelDevnet("advance", "soon", "--manifest", manifestPath), /"soon" is not a duration/);
    assertUsageError(await keelDevnet("advance", "30", "--manifest", manifestPath), /"30" is not a duration/);
    assertUsageError(
      await keelDevnet("advance", "1d", "--manifest", path.join(workDir, "missing.json")),
      /No Keel deployment manifest at/,
    );
    assertUsageError(await keelDevnet("--port", "http", "--manifest", manifestPath), /"http" is not a port/);
  });

  it("stops on Ctrl-C with exit code 0 and frees the port; a restart begins from a clean state", async () => {
    const advancedTime = (await client.getBlock()).timestamp;
    devnet.child.kill("SIGINT");
    assert.equal(await devnet.exit, 0);
    assert.equal(await rpcAnswers(), false, "the chain is gone");
    assertUsageError(await keelDevnet("advance", "1d", "--manifest", manifestPath), /No devnet is running/);

    devnet = await startDevnet(port, manifestPath);
    const restarted = await loadDeployment(manifestPath);
    assert.deepEqual(restarted.contracts, manifest.contracts, "the same addresses again");
    assert.deepEqual(restarted.tokens, manifest.tokens);
    assert.ok((await client.getBlock()).timestamp < advancedTime, "a fresh clock");
    assert.equal(await oraclePrice("WETH"), 3_000n * WAD, "the starting ETH price");
    const edge = await healthOf("edge-borrower", 0n);
    assert.ok(edge >= parseUnits("1.03", 18) && edge <= parseUnits("1.07", 18), "the edge borrower is seeded afresh");
    devnet.child.kill("SIGINT");
    assert.equal(await devnet.exit, 0);
    assert.equal(await rpcAnswers(), false);
  });
});
