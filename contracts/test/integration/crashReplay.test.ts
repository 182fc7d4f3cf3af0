import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { network } from "hardhat";
import {
  type Address,
  decodeEventLog,
  formatUnits,
  type Hex,
  maxUint256,
  parseAbi,
  type TransactionReceipt,
} from "viem";
import DevnetCdpModule from "../../ignition/modules/DevnetCdp.ts";
import DevnetTokensModule from "../../ignition/modules/DevnetTokens.ts";
import DevnetUniswapModule from "../../ignition/modules/DevnetUniswap.ts";
import { arbitrage, crashPath, profitableTake, vaultPopulation } from "../fixtures/crash.ts";

/**
 * The crash replay: ETH falls 50% in 24 hours in 10-minute steps, as on 12 March 2020, against the
 * devnet's kUSD deployment (its Ignition modules and parameters: ETH at 150%, 13% penalty, auctions
 * from 120% halving every hour to a 40% floor). A seeded population of vaults sits at varied
 * ratios. One keeper, waking 100 s after each price update and every 200 s after that, starts
 * auctions on unsafe vaults, resets stale ones, and takes through the AuctionTaker: WETH sold on the
 * real Uniswap V2 WETH/USDC pair, USDC sold to the peg module for kUSD. An arbitrageur with outside
 * liquidity brings the pair back to the oracle price at each step. The books, the collateral and
 * the auction floors are checked after every action; the figures are printed, and written as
 * markdown to KEEL_CRASH_REPORT when that is set.
 */

const RAY = 10n ** 27n;
const WAD = 10n ** 18n;
const BPS = 10_000n;
const STEP = 600n;
const STEPS = 144;
/** After the 24 hours, the price stays at the close until every auction is settled, for at most 12 hours. */
const WIND_DOWN_STEPS = 72;
/** When the keeper wakes within a step: a reaction delay of 100 s, then every 200 s. */
const KEEPER_OFFSETS = [100n, 300n, 500n];
const VAULTS = 60;
const PATH_SEED = 20_200_312;
const POPULATION_SEED = 12_032_020;
/** Takes that would earn less than this are not worth a keeper's gas. */
const MIN_PROFIT = WAD;

const ReplayModule = buildModule("KeelCrashReplay", (m) => {
  const { engine, kusd, psm, auctionTaker } = m.useModule(DevnetCdpModule);
  const { weth, usdc, ethFeed, usdcFeed } = m.useModule(DevnetTokensModule);
  const { factory, router } = m.useModule(DevnetUniswapModule);
  return { engine, kusd, psm, auctionTaker, weth, usdc, ethFeed, usdcFeed, factory, router };
});

const uniswapAbi = parseAbi([
  "function getPair(address, address) view returns (address)",
  "function getReserves() view returns (uint112, uint112, uint32)",
  "function token0() view returns (address)",
  "function swapExactTokensForTokens(uint256, uint256, address[], address, uint256) returns (uint256[])",
]);

const kusdText = (wei: bigint) => Number(formatUnits(wei, 18)).toLocaleString("en-US", { maximumFractionDigits: 0 });
const usdText = (answer: bigint) => Number(formatUnits(answer, 8)).toFixed(2);

describe("crash replay: ETH −50% in 24 hours", { timeout: 110_000 }, () => {
  it("liquidates through auctions on the real pair and peg module; books, collateral and floors hold at every step", async () => {
    const started = performance.now();
    const { viem, networkHelpers, ignition } = await network.create({
      override: { allowBlocksWithSameTimestamp: true },
    });
    const { time } = networkHelpers;
    const publicClient = await viem.getPublicClient();
    const [, borrower, keeper, arbitrageur] = await viem.getWalletClients();
    const parameters = fileURLToPath(new URL("../../ignition/parameters/devnet.json", import.meta.url));
    const { engine, kusd, psm, auctionTaker, weth, usdc, ethFeed, usdcFeed, factory, router } = await ignition.deploy(
      ReplayModule,
      { parameters },
    );
    const pair = (await publicClient.readContract({
      address: factory.address,
      abi: uniswapAbi,
      functionName: "getPair",
      args: [weth.address, usdc.address],
    })) as Address;
    const wethIsToken0 =
      (await publicClient.readContract({ address: pair, abi: uniswapAbi, functionName: "token0" })) === weth.address;
    const reserves = async () => {
      const [r0, r1] = await publicClient.readContract({ address: pair, abi: uniswapAbi, functionName: "getReserves" });
      return wethIsToken0 ? { weth: r0, usdc: r1 } : { weth: r1, usdc: r0 };
    };
    const ETH = 0n;
    const type = await engine.read.collateralType([ETH]);
    const floorBps = BigInt(type.auctionFloorBps);
    const psmFeeInBps = await psm.read.feeInBps();

    // Every transaction lands at a chosen second, so the replay is the same on every machine.
    let gasUsed = 0n;
    const mineAt = (timestamp: bigint) => time.increaseTo(timestamp);
    const send = async (timestamp: bigint, write: () => Promise<Hex>): Promise<TransactionReceipt> => {
      await time.setNextBlockTimestamp(timestamp);
      // The chain mines every transaction as it arrives, so its receipt exists at once.
      const receipt = await publicClient.getTransactionReceipt({ hash: await write() });
      assert.equal(receipt.status, "success");
      gasUsed += receipt.gasUsed;
      return receipt;
    };
    const engineEvents = (receipt: TransactionReceipt) =>
      receipt.logs
        .filter((log) => log.address.toLowerCase() === engine.address.toLowerCase())
        .map((log) => decodeEventLog({ abi: engine.abi, data: log.data, topics: log.topics }));

    // ----- the population, opened at ETH = 3,000 -----
    const path = crashPath(3_000, STEPS, PATH_SEED);
    const population = vaultPopulation(VAULTS, POPULATION_SEED, 3_000n);
    // An hour after the type was listed: the fee accrued until then, and so every debt, is the same on every run.
    const t0 = BigInt(type.lastAccrual) + 3600n;
    await mineAt(t0);
    await send(t0, () => ethFeed.write.setAnswer([path[0]]));
    const totalCollateral = population.reduce((sum, v) => sum + v.collateral, 0n);
    await send(t0, () => weth.write.mint([borrower.account.address, totalCollateral]));
    await send(t0, () => weth.write.approve([engine.address, maxUint256], { account: borrower.account }));
    for (const vault of population) {
      await send(t0, () =>
        engine.write.open([ETH, borrower.account.address, vault.collateral, vault.debt, borrower.account.address], {
          account: borrower.account,
        }),
      );
    }
    const vaultIds = population.map((_, index) => BigInt(index + 1));
    const openingDebt = population.reduce((sum, v) => sum + v.debt, 0n);

    // The arbitrageur has outside liquidity in both tokens.
    await send(t0, () => weth.write.mint([arbitrageur.account.address, 1_000_000n * WAD]));
    await send(t0, () => usdc.write.mint([arbitrageur.account.address, 10n ** 15n]));
    for (const token of [weth, usdc]) {
      await send(t0, () => token.write.approve([router.address, maxUint256], { account: arbitrageur.account }));
    }

    // ----- checks -----
    const checkBooks = async (when: string) => {
      const supply = await kusd.read.totalSupply();
      const surplus = await engine.read.surplusRad();
      const debt = await engine.read.totalDebtRad();
      const inAuctions = await engine.read.auctionDebt();
      const minted = await psm.read.minted();
      assert.equal(supply * RAY + surplus, debt + (inAuctions + minted) * RAY, `books at ${when}`);
      assert.equal(
        (await usdc.read.balanceOf([psm.address])) * 10n ** 12n,
        minted,
        `peg module holds its mint, ${when}`,
      );
    };
    const checkCollateral = async (when: string) => {
      let held = 0n;
      for (const id of vaultIds) {
        held += (await engine.read.vault([id])).collateral + (await engine.read.auction([id])).collateral;
      }
      assert.equal(await weth.read.balanceOf([engine.address]), held, `collateral at ${when}`);
      for (const token of [weth, usdc, kusd]) {
        assert.equal(await token.read.balanceOf([auctionTaker.address]), 0n, `the taker keeps nothing, ${when}`);
      }
    };
    await checkBooks("the start");
    await checkCollateral("the start");

    // ----- what the replay counts -----
    const totals = {
      auctionsStarted: 0,
      resets: 0,
      takes: 0,
      collateralSold: 0n,
      kusdRaised: 0n,
      keeperRewards: 0n,
      takeProfits: 0n,
      badDebt: 0n,
      lossToSystemDebt: 0n,
      feesAccrued: 0n,
      lowestDiscountBps: BPS,
      highestDiscountBps: 0n,
    };
    const running = new Set<bigint>();
    const hours: Record<string, string | number>[] = [];
    let hourStarts = 0;
    let hourTakes = 0;
    let hourSold = 0n;
    let hourRaised = 0n;
    const record = (receipt: TransactionReceipt) => {
      for (const event of engineEvents(receipt)) {
        if (event.eventName === "StartAuction") totals.keeperRewards += event.args.keeperReward;
        if (event.eventName === "ResetAuction") totals.keeperRewards += event.args.keeperReward;
        if (event.eventName === "Accrue") totals.feesAccrued += event.args.feeRad;
        if (event.eventName === "AbsorbLoss") {
          totals.badDebt += event.args.loss;
          totals.lossToSystemDebt += event.args.toSystemDebt;
        }
        if (event.eventName === "EndAuction") running.delete(event.args.vaultId);
      }
    };

    // ----- the keeper -----
    const keeperWake = async (now: bigint, oracleAnswer: bigint, when: string) => {
      // Takes and resets first: the auctions already running.
      for (const id of [...running].sort((a, b) => (a < b ? -1 : 1))) {
        const [price, stale] = await engine.read.auctionPrice([id]);
        if (stale) {
          record(
            await send(now, () => engine.write.resetAuction([id, keeper.account.address], { account: keeper.account })),
          );
          totals.resets++;
          continue;
        }
        const auction = await engine.read.auction([id]);
        const pool = await reserves();
        const maxCollateral = profitableTake(price, pool.weth, pool.usdc, psmFeeInBps, auction.collateral);
        if (maxCollateral === 0n) continue;
        const args = [id, maxCollateral, price, [weth.address, usdc.address], 0n] as const;
        const { result: profit } = await publicClient
          .simulateContract({
            account: keeper.account,
            address: auctionTaker.address,
            abi: auctionTaker.abi,
            functionName: "takeAndSell",
            args,
          })
          .catch(() => ({ result: 0n }));
        if (profit < MIN_PROFIT) continue;
        const receipt = await send(now, () =>
          auctionTaker.write.takeAndSell([id, maxCollateral, price, [weth.address, usdc.address], profit], {
            account: keeper.account,
          }),
        );
        record(receipt);
        const take = engineEvents(receipt).find((event) => event.eventName === "Take");
        assert.ok(take?.eventName === "Take");
        // Never below the floor of the running auction's start price, never above the start, never zero.
        assert.ok(take.args.price > 0n && take.args.price <= auction.topPrice, `take price at ${when}`);
        assert.ok(take.args.price * BPS >= auction.topPrice * floorBps, `vault ${id} sold below its floor at ${when}`);
        const oraclePrice = oracleAnswer * 10n ** 10n;
        const discountBps = oraclePrice > take.args.price ? ((oraclePrice - take.args.price) * BPS) / oraclePrice : 0n;
        if (discountBps < totals.lowestDiscountBps) totals.lowestDiscountBps = discountBps;
        if (discountBps > totals.highestDiscountBps) totals.highestDiscountBps = discountBps;
        totals.takes++;
        totals.collateralSold += take.args.collateral;
        totals.kusdRaised += take.args.paid;
        totals.takeProfits += profit;
        hourTakes++;
        hourSold += take.args.collateral;
        hourRaised += take.args.paid;
      }
      // Then new auctions for every unsafe vault, as far as the auction limit allows.
      const rate = await engine.read.currentRate([ETH]);
      const price = oracleAnswer * 10n ** 10n;
      const minRatioBps = BigInt(type.minRatioBps);
      for (const id of vaultIds) {
        if (running.has(id)) continue;
        const vault = await engine.read.vault([id]);
        if (vault.normalizedDebt === 0n) continue;
        const debt = (vault.normalizedDebt * rate + RAY - 1n) / RAY;
        const value = (vault.collateral * price) / WAD;
        if (value * BPS >= debt * minRatioBps) continue;
        const startable = await publicClient
          .simulateContract({
            account: keeper.account,
            address: engine.address,
            abi: engine.abi,
            functionName: "startAuction",
            args: [id, keeper.account.address],
          })
          .then(() => true)
          .catch(() => false);
        if (!startable) continue;
        record(
          await send(now, () => engine.write.startAuction([id, keeper.account.address], { account: keeper.account })),
        );
        running.add(id);
        totals.auctionsStarted++;
        hourStarts++;
      }
    };

    // ----- the replay -----
    let step = 0;
    let openAtClose = 0;
    for (; step <= STEPS + WIND_DOWN_STEPS; step++) {
      const stepStart = t0 + BigInt(step) * STEP;
      const answer = path[Math.min(step, STEPS)];
      if (step > 0) {
        await mineAt(stepStart);
        // The oracle moves; both feeds are refreshed, since the adapters refuse answers older than a day.
        await send(stepStart, () => ethFeed.write.setAnswer([answer]));
        await send(stepStart, () => usdcFeed.write.setAnswer([10n ** 8n]));
      }
      // Arbitrage brings the pair back to the oracle price.
      const pool = await reserves();
      const move = arbitrage(pool.weth, pool.usdc, answer, 10n ** 20n);
      if (move.amountIn > 0n) {
        const route = move.sellBase ? [weth.address, usdc.address] : [usdc.address, weth.address];
        await send(stepStart, () =>
          arbitrageur.writeContract({
            address: router.address,
            abi: uniswapAbi,
            functionName: "swapExactTokensForTokens",
            args: [move.amountIn, 0n, route, arbitrageur.account.address, stepStart + STEP],
          }),
        );
      }
      await checkBooks(`step ${step}`);
      for (const offset of KEEPER_OFFSETS) {
        const now = stepStart + offset;
        await mineAt(now);
        const when = `step ${step} + ${offset} s`;
        await keeperWake(now, answer, when);
        await checkBooks(when);
        await checkCollateral(when);
      }
      if (step === STEPS) openAtClose = running.size;
      if (step % 6 === 5 || step === STEPS) {
        const after = await reserves();
        const poolPrice = (after.usdc * 10n ** 20n) / after.weth;
        hours.push({
          hour: step === STEPS ? "close" : (step + 1) / 6,
          "ETH $": usdText(answer),
          "pair $": usdText(poolPrice),
          started: hourStarts,
          takes: hourTakes,
          "WETH sold": Number(formatUnits(hourSold, 18)).toFixed(1),
          "kUSD raised": kusdText(hourRaised),
          "bad debt": kusdText(totals.badDebt),
          surplus: kusdText((await engine.read.surplusRad()) / RAY),
        });
        hourStarts = 0;
        hourTakes = 0;
        hourSold = 0n;
        hourRaised = 0n;
      }
      if (step >= STEPS && running.size === 0) break;
    }

    // ----- the outcome -----
    assert.equal(running.size, 0, "every auction ends in the wind-down");
    const end = t0 + BigInt(step + 1) * STEP;
    await mineAt(end);
    // The peg module's fees reached the engine as kUSD; absorbing them completes the surplus.
    const absorbed = await kusd.read.balanceOf([engine.address]);
    if (absorbed > 0n) await send(end, () => engine.write.absorbSurplus());
    await checkBooks("the end");
    await checkCollateral("the end");
    const surplusRad = await engine.read.surplusRad();
    const keeperKusd = await kusd.read.balanceOf([keeper.account.address]);
    assert.equal(keeperKusd, totals.keeperRewards + totals.takeProfits, "the keeper holds its rewards and spreads");
    let unsafeLeft = 0;
    let debtLeft = 0n;
    const rate = await engine.read.currentRate([ETH]);
    for (const id of vaultIds) {
      const vault = await engine.read.vault([id]);
      const debt = (vault.normalizedDebt * rate + RAY - 1n) / RAY;
      debtLeft += debt;
      if (debt > 0n && vault.collateral * path[STEPS] * 10n ** 10n * BPS < debt * BigInt(type.minRatioBps) * WAD)
        unsafeLeft++;
    }
    assert.equal(unsafeLeft, 0, "no unsafe vault is left behind");

    const summary = {
      scenario: {
        ethStart: usdText(path[0]),
        ethClose: usdText(path[STEPS]),
        ethLow: usdText(BigInt(Math.min(...path.map(Number)))),
        steps: STEPS,
        stepSeconds: Number(STEP),
        vaults: VAULTS,
        openingDebtKusd: kusdText(openingDebt),
        openingCollateralWeth: Number(formatUnits(totalCollateral, 18)).toFixed(1),
        keeperWakes: "100 s after each price update, then every 200 s",
        windDownSteps: step - STEPS,
      },
      auctions: {
        started: totals.auctionsStarted,
        resets: totals.resets,
        takes: totals.takes,
        openAtClose,
        wethSold: Number(formatUnits(totals.collateralSold, 18)).toFixed(2),
        kusdRaised: kusdText(totals.kusdRaised),
        takeDiscountToOracleBps: {
          lowest: Number(totals.lowestDiscountBps),
          highest: Number(totals.highestDiscountBps),
        },
      },
      books: {
        badDebtKusd: kusdText(totals.badDebt),
        badDebtBeyondSurplusKusd: kusdText(totals.lossToSystemDebt),
        stabilityFeesKusd: kusdText(totals.feesAccrued / RAY),
        pegModuleFeesAbsorbedKusd: kusdText(absorbed),
        keeperRewardsPaidKusd: kusdText(totals.keeperRewards),
        surplusAtEndKusd: kusdText(surplusRad / RAY),
        vaultDebtLeftKusd: kusdText(debtLeft),
      },
      keeper: {
        rewardsKusd: kusdText(totals.keeperRewards),
        spreadKusd: kusdText(totals.takeProfits),
        totalKusd: kusdText(keeperKusd),
      },
    };
    console.table(hours);
    console.log(JSON.stringify(summary, null, 2));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`replayed in ${seconds} s; ${gasUsed} gas in all (calldata timestamps make it vary by a few gas)`);
    const reportPath = process.env.KEEL_CRASH_REPORT;
    if (reportPath !== undefined) await writeFile(reportPath, renderReport(hours, summary));

    assert.ok(totals.auctionsStarted > 0 && totals.takes > 0, "the crash liquidates");
    // With the devnet's parameters, the penalties collected cover every loss: no system debt.
    assert.equal(totals.lossToSystemDebt, 0n, "the surplus absorbs the bad debt");
    assert.ok(surplusRad > 0n);
  });
});

/** The replay's figures as docs/cdp-crash-replay.md (regenerate it with KEEL_CRASH_REPORT=../docs/cdp-crash-replay.md). */
function renderReport(hours: Record<string, string | number>[], summary: Record<string, unknown>): string {
  const columns = Object.keys(hours[0]);
  const table = [
    `| ${columns.join(" | ")} |`,
    `| ${columns.map(() => "---:").join(" | ")} |`,
    ...hours.map((row) => `| ${columns.map((column) => row[column]).join(" | ")} |`),
  ].join("\n");
  return `# Crash replay: ETH −50% in 24 hours

Generated by \`contracts/test/integration/crashReplay.test.ts\` (part of \`npm test\`). Regenerate this
file from \`contracts/\` with
\`KEEL_CRASH_REPORT=../docs/cdp-crash-replay.md npx hardhat test nodejs test/integration/crashReplay.test.ts\`.

ETH falls from $3,000 to $1,500 in 144 ten-minute steps, in the shape of 12 March 2020 (a morning
slide, a first wave, a pause, an evening crash to below the close, a bounce). The kUSD engine runs with
the devnet's Ignition modules and parameters (ETH: 150% minimum, 13% penalty; auctions from 120% of
the oracle, halving every hour, stale below 40% of their start or after 6 hours; keeper paid
5 kUSD + 0.1% of the tab). A seeded population of vaults, debts log-uniform from 2,000 to 600,000
kUSD and ratios from 152% to about 400% (most below 250%), opens at $3,000. One keeper wakes 100 s
after each price update and every 200 s after that; it starts auctions on unsafe vaults, resets
stale ones, and takes through the AuctionTaker as much as still pays at the margin: WETH sold on the
devnet's Uniswap V2 WETH/USDC pair ($3 M a side), USDC sold to the peg module for kUSD. Between
steps an arbitrageur with outside liquidity brings the pair back to the oracle price. The books
(kUSD supply × RAY + surplus = vault debt + (auction debt + peg-module mints) × RAY), the collateral
the engine holds, the taker's empty balances and every take's floor are asserted after each action.

${table}

Hourly rows count the auctions started, takes, WETH sold and kUSD raised in that hour; bad debt and
surplus are running totals; "pair $" is the Uniswap price after the keeper's sales, before the next
arbitrage.

\`\`\`json
${JSON.stringify(summary, null, 2)}
\`\`\`

Reading it: the keeper sizes each take to the point where selling one more WETH on the pair no longer
pays the auction price, so in the steep hours it sells until the pair trades below the oracle, and
auctions clear below it. Proceeds cover the debt first and the penalty after; the penalties
collected exceed the losses of the auctions that cleared below their debt, so the surplus absorbs
all of the bad debt and no system debt arises. The keeper's spread is what vault owners lose beyond
the penalty: the cost of a keeper that looks every 200 s (the price is 3.8% lower at each look, with
a one-hour half-life) against a pair that only refills between steps. With a 10-minute half-life
the same crash left about 48,800 kUSD of bad debt and a 950,000 kUSD spread; with 30 minutes, about
6,500 and 382,000 (decision 0018).
`;
}
