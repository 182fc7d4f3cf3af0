import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  auctionTakerAbi,
  cdpEngineAbi,
  devRateProviderAbi,
  devTokenAbi,
  iPriceOracleAbi,
  type KeelDeployment,
  keelPoolAbi,
  kusdAbi,
  pegStabilityModuleAbi,
} from "@keel/sdk";
import { loadDeployment } from "@keel/sdk/node";
import { ethers } from "ethers";
import {
  type Address,
  createPublicClient,
  createTestClient,
  createWalletClient,
  formatUnits,
  http,
  maxUint256,
  type PublicClient,
  parseAbi,
  parseUnits,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { amountInForPrice, amountOut } from "../src/commands/devnet/swapMath.ts";
import { keel, keelBin, type RunningDevnet, startDevnet } from "./helpers/cli.ts";
import { describeExternalMarkets } from "./helpers/externalMarkets.ts";

const port = 8645;
const rpcUrl = `http://127.0.0.1:${port}`;
const WAD = 10n ** 18n;
const RAY = 10n ** 27n;

const pairAbi = parseAbi([
  "function getReserves() view returns (uint112, uint112, uint32)",
  "function token0() view returns (address)",
]);

/** Runs `keel devnet <args>` to completion. */
const keelDevnet = (...args: string[]) => keel(["devnet", ...args]);

function assertUsageError(result: { status: number | null; stderr: string }, message: RegExp): void {
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, message);
  assert.equal(result.stderr.trim().split("\n").length, 1, "one line");
  assert.doesNotMatch(result.stderr, /at .*\.[jt]s:\d+/, "no stack trace");
}

async function rpcAnswers(url = rpcUrl): Promise<boolean> {
  try {
    await fetch(url, { method: "POST", body: "{}", signal: AbortSignal.timeout(1_000) });
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

/** Designed kUSD vaults: id (opening order), owner, collateral type and collateral ratio band. */
const VAULT_BANDS = [
  { id: 1n, label: "safe-borrower", typeId: 0, min: "2.99", max: "3.01" },
  { id: 2n, label: "moderate-borrower", typeId: 1, min: "1.99", max: "2.01" },
  { id: 3n, label: "risky-borrower", typeId: 0, min: "1.59", max: "1.61" },
  { id: 4n, label: "edge-borrower", typeId: 0, min: "1.54", max: "1.56" },
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
  /** What a pair pays for one whole base token, in USD (WAD): its spot in quote units at the quote's oracle price. */
  const pairPriceUsd = async (name: string, pair: Address) => {
    const [base, quote] = name.split("/");
    const [[reserve0, reserve1], token0] = await Promise.all([
      client.readContract({ address: pair, abi: pairAbi, functionName: "getReserves" }),
      client.readContract({ address: pair, abi: pairAbi, functionName: "token0" }),
    ]);
    const [baseUnits, quoteUnits] =
      token0 === manifest.tokens[base].address ? [reserve0, reserve1] : [reserve1, reserve0];
    const quoteValue = (quoteUnits * (await oraclePrice(quote))) / WAD;
    return (quoteValue * 10n ** BigInt(manifest.tokens[base].decimals)) / baseUnits;
  };
  const cdp = () => {
    assert.ok(manifest.cdp, "the manifest has a cdp section");
    return manifest.cdp;
  };
  /** A vault's collateral ratio (WAD) at its type's oracle price. */
  const vaultRatio = async (vaultId: bigint) => {
    const engine = { address: cdp().engine, abi: cdpEngineAbi } as const;
    const vault = await client.readContract({ ...engine, functionName: "vault", args: [vaultId] });
    const type = await client.readContract({ ...engine, functionName: "collateralType", args: [BigInt(vault.typeId)] });
    const price = await client.readContract({ address: type.oracle, abi: iPriceOracleAbi, functionName: "price" });
    const debt = await client.readContract({ ...engine, functionName: "debtOf", args: [vaultId] });
    return (vault.collateral * price) / debt;
  };
  /** kUSD supply × RAY + surplus − (vault debt + auction debt + peg-module mints) × RAY: zero when the books balance. */
  const booksImbalance = async () => {
    const engine = { address: cdp().engine, abi: cdpEngineAbi } as const;
    const [supply, surplus, debt, auctionDebt, minted] = await Promise.all([
      client.readContract({ address: cdp().kusd, abi: kusdAbi, functionName: "totalSupply" }),
      client.readContract({ ...engine, functionName: "surplusRad" }),
      client.readContract({ ...engine, functionName: "totalDebtRad" }),
      client.readContract({ ...engine, functionName: "auctionDebt" }),
      client.readContract({ address: cdp().pegModules[0].address, abi: pegStabilityModuleAbi, functionName: "minted" }),
    ]);
    return supply * RAY + surplus - (debt + (auctionDebt + minted) * RAY);
  };

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
    assert.match(output, /Aave v3/);
    assert.ok(output.includes(manifest.external?.aave?.pool ?? "no Aave pool"), "Aave's pool");
    assert.match(output, /Morpho Blue/);
    for (const market of manifest.external?.morpho?.markets ?? []) assert.ok(output.includes(market.id), market.label);
  });

  it("writes a manifest that matches the chain: tokens, pools, reserves, e-mode and Uniswap pairs", async () => {
    assert.equal(manifest.chainId, 31337);
    assert.equal(await client.getChainId(), 31337);
    assert.equal(manifest.rpcUrl, rpcUrl);
    assert.equal(manifest.accounts.length, 13);
    const decimals = Object.fromEntries(Object.values(manifest.tokens).map((t) => [t.symbol, t.decimals]));
    assert.deepEqual(decimals, { WETH: 18, WBTC: 8, wstETH: 18, USDC: 6, DAI: 18, kUSD: 18 });
    assert.ok(manifest.tokens.wstETH.rateProvider, "the LST has an exchange-rate source");

    const pool = manifest.contracts.pool;
    assert.equal(await client.readContract({ address: pool, abi: keelPoolAbi, functionName: "poolCount" }), 3n);
    const [core, wbtcUsdc, wstethWeth] = manifest.pools;
    assert.equal(core.kind, "cross");
    assert.deepEqual(
      core.reserves.map((r) => r.symbol),
      ["WETH", "WBTC", "wstETH", "USDC", "DAI", "kUSD"],
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
    assert.deepEqual(Object.keys(manifest.uniswap.pairs).sort(), [
      "USDC/DAI",
      "WBTC/USDC",
      "WETH/USDC",
      "WETH/kUSD",
      "WETH/wstETH",
    ]);
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

  describeExternalMarkets({
    client: () => client,
    manifest: () => manifest,
    keelPositions: async (label) => {
      const pools = await Promise.all(
        manifest.pools.map(async (entry) => ({
          health: await healthOf(label, BigInt(entry.id)),
          masks: await client.readContract({
            address: manifest.contracts.pool,
            abi: keelPoolAbi,
            functionName: "accountMasks",
            args: [BigInt(entry.id), account(label).address],
          }),
        })),
      );
      return pools.some((pool) => pool.health !== maxUint256 || pool.masks[0] !== 0 || pool.masks[1] !== 0);
    },
  });

  it("writes the kUSD engine into the manifest: kUSD, engine, taker, collateral types and the USDC peg module", async () => {
    const { kusd, engine, auctionTaker, collateralTypes, pegModules } = cdp();
    assert.equal(kusd, manifest.tokens.kUSD.address);
    assert.equal(await client.readContract({ address: engine, abi: cdpEngineAbi, functionName: "kusd" }), kusd);
    assert.equal(
      await client.readContract({ address: auctionTaker, abi: auctionTakerAbi, functionName: "engine" }),
      engine,
    );
    assert.deepEqual(collateralTypes, [
      { id: 0, name: "ETH", symbol: "WETH" },
      { id: 1, name: "wstETH", symbol: "wstETH" },
    ]);
    for (const entry of collateralTypes) {
      const type = await client.readContract({
        address: engine,
        abi: cdpEngineAbi,
        functionName: "collateralType",
        args: [BigInt(entry.id)],
      });
      assert.equal(type.token, manifest.tokens[entry.symbol].address, entry.name);
      // The engine reads the same adapter the pools do, so a wstETH depeg is seen by both.
      assert.equal(type.oracle, manifest.tokens[entry.symbol].oracle, entry.name);
    }
    assert.equal(pegModules.length, 1);
    assert.equal(pegModules[0].gem, "USDC");
    const psm = { address: pegModules[0].address, abi: pegStabilityModuleAbi } as const;
    assert.equal(await client.readContract({ ...psm, functionName: "gem" }), manifest.tokens.USDC.address);
    assert.equal(
      await client.readContract({ address: auctionTaker, abi: auctionTakerAbi, functionName: "psm" }),
      psm.address,
    );
    for (const minter of [engine, psm.address]) {
      assert.ok(await client.readContract({ address: kusd, abi: kusdAbi, functionName: "isMinter", args: [minter] }));
    }
    assert.equal(await client.readContract({ address: kusd, abi: kusdAbi, functionName: "flashFeeRecipient" }), engine);
    // kUSD exists because the peg module holds USDC for it, and the books balance to the last RAD.
    assert.ok((await client.readContract({ ...psm, functionName: "minted" })) > 1_000_000n * WAD);
    assert.equal(await booksImbalance(), 0n);
  });

  it("seeds kUSD vaults at their designed collateral ratios and kUSD liquidity in the core pool", async () => {
    const engine = cdp().engine;
    assert.equal(await client.readContract({ address: engine, abi: cdpEngineAbi, functionName: "vaultCount" }), 4n);
    for (const band of VAULT_BANDS) {
      const vault = await client.readContract({
        address: engine,
        abi: cdpEngineAbi,
        functionName: "vault",
        args: [band.id],
      });
      assert.equal(vault.owner, account(band.label).address, `vault ${band.id}`);
      assert.equal(vault.typeId, band.typeId, `vault ${band.id}`);
      const ratio = await vaultRatio(band.id);
      assert.ok(
        ratio >= parseUnits(band.min, 18) && ratio <= parseUnits(band.max, 18),
        `vault ${band.id} of ${band.label}: ${ratio}`,
      );
    }
    const kusdIndex = BigInt(manifest.pools[0].reserves.findIndex((r) => r.symbol === "kUSD"));
    const lenderKusd = await client.readContract({
      address: manifest.contracts.pool,
      abi: keelPoolAbi,
      functionName: "position",
      args: [0n, account("lender").address, kusdIndex],
    });
    assert.ok(lenderKusd.supplyShares > 0n, "the lender supplies kUSD to the core pool");
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
    // ETH −10% takes the 160% and 155% ETH vaults under their 150% minimum; the 300% one and wstETH's stay safe.
    for (const id of [3n, 4n]) assert.ok((await vaultRatio(id)) < parseUnits("1.5", 18), `vault ${id} is unsafe`);
    assert.ok((await vaultRatio(1n)) >= parseUnits("2.6", 18));
    assert.ok((await vaultRatio(2n)) >= parseUnits("1.6", 18));
    assert.match(result.stdout, /Unsafe now: vault 3 \(risky-borrower\), vault 4 \(edge-borrower\)/);
  });

  it("`price` trades every Uniswap pair holding the token to the feed price, down and back up", async () => {
    const wethPairs = Object.entries(manifest.uniswap.pairs).filter(([name]) => name.split("/").includes("WETH"));
    assert.deepEqual(wethPairs.map(([name]) => name).sort(), ["WETH/USDC", "WETH/kUSD", "WETH/wstETH"]);
    // Down to $2,400 (the arbitrageur sells WETH), then back up to $2,700 (it buys WETH with USDC and
    // with kUSD bought from the peg module), where the previous test left ETH for the auction below.
    for (const usd of [2_400n, 2_700n]) {
      const result = await keelDevnet("price", "WETH", usd.toString(), "--manifest", manifestPath);
      assert.equal(result.status, 0, result.stderr);
      assert.match(
        result.stdout,
        /Uniswap WETH\/USDC: [\d,.]+ → [\d,.]+ USDC per WETH \(arbitrage sold [\d,.]+ (WETH|USDC)\)/,
      );
      assert.doesNotMatch(result.stdout, /not moved/);
      for (const [name, pair] of wethPairs) {
        const paid = await pairPriceUsd(name, pair);
        const target = usd * WAD;
        const gap = paid > target ? paid - target : target - paid;
        assert.ok(
          gap * 1_000n <= target,
          `${name} pays $${formatUnits(paid, 18)} per WETH, not within 0.1% of $${usd}`,
        );
      }
    }
  });

  it("an unsafe vault goes to auction and the AuctionTaker buys it without capital, through Uniswap and the peg module", async () => {
    const { engine, auctionTaker } = cdp();
    const newcomer = account("newcomer");
    const chain = { ...hardhat, rpcUrls: { default: { http: [rpcUrl] } } };
    const wallet = createWalletClient({
      account: privateKeyToAccount(newcomer.privateKey),
      chain,
      transport: http(rpcUrl),
    });
    const send = async (request: Parameters<typeof wallet.writeContract>[0]) => {
      const receipt = await client.waitForTransactionReceipt({ hash: await wallet.writeContract(request) });
      assert.equal(receipt.status, "success");
    };
    const kusdBalance = () =>
      client.readContract({ address: cdp().kusd, abi: kusdAbi, functionName: "balanceOf", args: [newcomer.address] });
    const kusdBefore = await kusdBalance();

    await send({ address: engine, abi: cdpEngineAbi, functionName: "startAuction", args: [3n, newcomer.address] });
    const keeperReward = (await kusdBalance()) - kusdBefore;
    assert.ok(keeperReward >= 5n * WAD, "the keeper is paid its tip and fee");
    // 24 minutes on, the price has decayed from 120% of the oracle to below Uniswap's WETH/USDC price.
    const testClient = createTestClient({ chain, mode: "hardhat", transport: http(rpcUrl) });
    await testClient.increaseTime({ seconds: 1440 });
    await testClient.mine({ blocks: 1 });
    const [price, stale] = await client.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "auctionPrice",
      args: [3n],
    });
    assert.equal(stale, false);
    const path = [manifest.tokens.WETH.address, manifest.tokens.USDC.address];
    await send({
      address: auctionTaker,
      abi: auctionTakerAbi,
      functionName: "takeAndSell",
      args: [3n, maxUint256, price, path, 0n],
    });
    const auction = await client.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "auction",
      args: [3n],
    });
    assert.equal(auction.tab, 0n, "the tab is met in one take");
    const vault = await client.readContract({ address: engine, abi: cdpEngineAbi, functionName: "vault", args: [3n] });
    assert.equal(vault.normalizedDebt, 0n);
    assert.ok(vault.collateral > 0n, "the collateral left after the tab goes back to the vault");
    assert.ok((await kusdBalance()) > kusdBefore + keeperReward, "the taker keeps the spread, in kUSD");
    assert.equal(await booksImbalance(), 0n);
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
    assert.deepEqual(restarted.cdp, manifest.cdp);
    assert.deepEqual(restarted.uniswap, manifest.uniswap);
    assert.ok((await client.getBlock()).timestamp < advancedTime, "a fresh clock");
    assert.equal(await oraclePrice("WETH"), 3_000n * WAD, "the starting ETH price");
    const edge = await healthOf("edge-borrower", 0n);
    assert.ok(edge >= parseUnits("1.03", 18) && edge <= parseUnits("1.07", 18), "the edge borrower is seeded afresh");
    devnet.child.kill("SIGINT");
    assert.equal(await devnet.exit, 0);
    assert.equal(await rpcAnswers(), false);
  });
});

describe("Uniswap V2 arithmetic of `keel devnet price`", () => {
  const cases = [
    // reserveIn, reserveOut, target out-per-in (numerator / denominator)
    {
      name: "WETH into WETH/USDC, $3,000 → $2,400",
      reserveIn: 1_000n * WAD,
      reserveOut: 3_000_000n * 10n ** 6n,
      numerator: 2_400n * 10n ** 6n,
      denominator: WAD,
    },
    {
      name: "USDC into WETH/USDC, $2,400 → $3,300",
      reserveIn: 2_683_281n * 10n ** 6n,
      reserveOut: 1_118n * WAD,
      numerator: WAD,
      denominator: 3_300n * 10n ** 6n,
    },
    {
      name: "WBTC (8 decimals) into WBTC/USDC, $60,000 → $59,999",
      reserveIn: 50n * 10n ** 8n,
      reserveOut: 3_000_000n * 10n ** 6n,
      numerator: 59_999n * 10n ** 6n,
      denominator: 10n ** 8n,
    },
  ];
  for (const { name, reserveIn, reserveOut, numerator, denominator } of cases) {
    it(`lands the pair on its target and passes the pair's fee check: ${name}`, () => {
      const amountIn = amountInForPrice(reserveIn, reserveOut, { numerator, denominator });
      const out = amountOut(amountIn, reserveIn, reserveOut);
      assert.ok(amountIn > 0n && out > 0n);
      // UniswapV2Pair.swap: (balanceIn·1000 − amountIn·3) · balanceOut·1000 ≥ reserveIn · reserveOut · 1000².
      assert.ok(
        ((reserveIn + amountIn) * 1000n - amountIn * 3n) * (reserveOut - out) * 1000n >=
          reserveIn * reserveOut * 1_000_000n,
      );
      // reserveOut' / reserveIn' = numerator / denominator, to a millionth.
      const spot = (reserveOut - out) * denominator;
      const wanted = numerator * (reserveIn + amountIn);
      const gap = spot > wanted ? spot - wanted : wanted - spot;
      assert.ok(gap * 1_000_000n <= wanted, `${name}: off by ${Number((gap * 1_000_000n) / wanted)} ppm`);
    });
  }

  it("sells nothing when the pair already prices the input at or below the target", () => {
    assert.equal(
      amountInForPrice(1_000n * WAD, 2_400_000n * 10n ** 6n, { numerator: 2_400n * 10n ** 6n, denominator: WAD }),
      0n,
    );
    assert.equal(
      amountInForPrice(1_000n * WAD, 2_400_000n * 10n ** 6n, { numerator: 3_000n * 10n ** 6n, denominator: WAD }),
      0n,
    );
  });
});

/** A `keel devnet` run the way a terminal runs it: in a process group of its own, which Ctrl-C signals as a whole. */
type TerminalDevnet = {
  child: ChildProcess;
  output: () => string;
  /** Resolves once the output matches `pattern`; rejects if keel exits first or `timeoutMs` passes. */
  until: (pattern: RegExp, timeoutMs: number) => Promise<void>;
  /** How the process ended. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` to the whole group (keel and the Hardhat processes it started), as a terminal's Ctrl-C does. */
  signalGroup: (signal: NodeJS.Signals) => void;
};

function startInOwnGroup(groupPort: number, manifestPath: string): TerminalDevnet {
  const child = spawn(process.execPath, [keelBin, "devnet", "--port", String(groupPort), "--manifest", manifestPath], {
    detached: true,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const until = async (pattern: RegExp, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(output)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`keel devnet exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs / 1000} s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
  };
  return { child, output: () => output, until, ended, signalGroup };
}

describe("keel devnet stops with code 0 however it is told to", { timeout: 600_000 }, () => {
  const groupPort = 8646;
  const groupRpcUrl = `http://127.0.0.1:${groupPort}`;
  let workDir: string;
  let running: TerminalDevnet | undefined;

  before(async () => {
    assert.equal(await rpcAnswers(groupRpcUrl), false, `port ${groupPort} must be free for this test`);
    workDir = await mkdtemp(path.join(tmpdir(), "keel-devnet-stop-"));
  });

  after(async () => {
    // A failed assertion must not leave a chain behind.
    if (running !== undefined && running.child.exitCode === null && running.child.signalCode === null) {
      running.signalGroup("SIGKILL");
    }
    await rm(workDir, { recursive: true, force: true });
  });

  it("Ctrl-C in a terminal, twice (the terminal's and npm's forwarded copy), stops the chain and exits 0", async () => {
    running = startInOwnGroup(groupPort, path.join(workDir, "devnet.json"));
    // Start-up on a busy 2-core machine can take a minute; wait for the ready line, not a fixed time.
    await running.until(/Press Ctrl-C to stop/, 240_000);
    running.signalGroup("SIGINT");
    running.signalGroup("SIGINT");
    assert.deepEqual(await running.ended, { code: 0, signal: null }, running.output());
    assert.match(running.output(), /Keel devnet stopped\./);
    assert.equal(await rpcAnswers(groupRpcUrl), false, "the port is closed");
  });

  it("SIGTERM during start-up stops the deployment and the chain, and exits 0", async () => {
    running = startInOwnGroup(groupPort, path.join(workDir, "devnet.json"));
    await running.until(/Deploying Keel through Ignition/, 240_000);
    running.child.kill("SIGTERM");
    assert.deepEqual(await running.ended, { code: 0, signal: null }, running.output());
    assert.doesNotMatch(running.output(), /Press Ctrl-C to stop/, "stopped before it was ready");
    assert.equal(await rpcAnswers(groupRpcUrl), false, "the port is closed");
  });
});
