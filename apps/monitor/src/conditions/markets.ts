import { reserveRates } from "@keel/sdk";
import { levels } from "../engine/levels.ts";
import type { Sample } from "../engine/samples.ts";
import type { LevelObservation } from "../engine/types.ts";
import { amount, percent, safeSymbol, usd, WAD } from "../format.ts";
import type { ResolvedRule } from "../rules/load.ts";
import { seconds } from "../rules/schema.ts";
import type { ConditionContext } from "./context.ts";

// Market conditions. Each value is WAD in the unit of its rule's threshold, so that they compare
// directly: percent for a drop, an outflow or a utilization, basis points for a depeg, percentage
// points of APR for a rate swing. Rules fire above their threshold.

const YEAR = 31_536_000n;
const HUNDRED = 100n * WAD;

function sampleNow(ctx: ConditionContext, series: string, value: bigint): Sample {
  const sample = { block: ctx.view.block.number, timestamp: ctx.view.block.timestamp, value };
  ctx.samples.record(series, sample);
  return sample;
}

const highest = (list: Sample[]) => list.reduce((best, s) => (s.value > best.value ? s : best));
const lowest = (list: Sample[]) => list.reduce((best, s) => (s.value < best.value ? s : best));

/** priceDrop: the fall of each asset's oracle price from its highest within the window, in percent. */
export async function priceDropObservations(rule: ResolvedRule, ctx: ConditionContext): Promise<LevelObservation[]> {
  if (rule.condition.type !== "priceDrop") return [];
  const { percent: limit, window, recoverBy, escalateStep } = rule.condition;
  const out: LevelObservation[] = [];
  for (const symbol of rule.assets) {
    const price = await ctx.view.oraclePrice(symbol);
    if (price === undefined) continue;
    const series = `price:${symbol}`;
    const now = sampleNow(ctx, series, price);
    const from = now.timestamp - BigInt(seconds(window));
    const peak = highest(await ctx.samples.window(series, from, now.timestamp));
    const value = peak.value === 0n ? 0n : ((peak.value - price) * HUNDRED) / peak.value;
    out.push({
      kind: "level",
      rule,
      subject: symbol,
      value,
      ...levels("above", limit, recoverBy, escalateStep),
      render: async () => ({
        title: `${symbol} down ${percent(value / 100n)} within ${window}`,
        details: [
          `${symbol} is at ${usd(price)}, ${percent(value / 100n)} below ${usd(peak.value)}, its highest within ${window} (${peak.block === 0n ? "from the indexer's history" : `block ${peak.block}`}).`,
        ],
        fix: [
          `Check the positions that hold ${symbol} as collateral: \`keel position\` shows each one's health and liquidation price.`,
        ],
        data: { symbol, price: price.toString(), peak: peak.value.toString(), dropPercent: value.toString() },
      }),
    });
  }
  return out;
}

/** depeg: each stablecoin's feed against $1 in bps; for kUSD, also each peg module's outflow in percent. */
export async function depegObservations(rule: ResolvedRule, ctx: ConditionContext): Promise<LevelObservation[]> {
  if (rule.condition.type !== "depeg") return [];
  const { bps, outflowPercent, window, recoverBy, escalateStep } = rule.condition;
  const out: LevelObservation[] = [];
  for (const symbol of rule.assets) {
    const price = await ctx.view.feedPrice(symbol);
    const off = price > WAD ? price - WAD : WAD - price;
    const value = off * 10_000n;
    out.push({
      kind: "level",
      rule,
      subject: symbol,
      value,
      ...levels("above", bps, recoverBy, escalateStep),
      render: async () => ({
        title: `${symbol} off its peg: ${usd(price)} (${(value / WAD).toString()} bps)`,
        details: [
          `${symbol}'s market feed reads ${usd(price)}, ${(value / WAD).toString()} bps from $1 (alert at ${bps} bps).`,
        ],
        fix: [
          price < WAD
            ? `Positions borrowing against ${symbol} lose value if the pools stop pricing it at $1 (their adapter holds $1 within ±2%); positions owing it gain.`
            : `Positions owing ${symbol} cost more to repay while it trades above $1.`,
        ],
        data: { symbol, price: price.toString(), offBps: value.toString() },
      }),
    });
  }
  const cdp = ctx.view.deployment.cdp;
  if (outflowPercent !== undefined && window !== undefined && cdp && rule.assets.includes("kUSD")) {
    for (const module of cdp.pegModules) {
      const psm = await ctx.view.psm(module.address);
      const series = `psm:${module.address}`;
      const now = sampleNow(ctx, series, psm.gemHeld);
      const from = now.timestamp - BigInt(seconds(window));
      const peak = highest(await ctx.samples.window(series, from, now.timestamp));
      const value = peak.value === 0n ? 0n : ((peak.value - psm.gemHeld) * HUNDRED) / peak.value;
      const decimals = psm.gemDecimals;
      const gem = safeSymbol(psm.gemSymbol, module.gem);
      out.push({
        kind: "level",
        rule,
        subject: `psm:${module.address}`,
        value,
        ...levels("above", outflowPercent, recoverBy, escalateStep),
        render: async () => ({
          title: `kUSD redemptions: ${percent(value / 100n)} of the ${gem} peg module's reserves left within ${window}`,
          details: [
            `The ${gem} peg module holds ${amount(psm.gemHeld, decimals, gem)}, down from ${amount(peak.value, decimals, gem)} within ${window}: holders are swapping kUSD for ${gem}, as they do when kUSD trades below $1.${psm.frozen ? " The module is frozen." : ""}`,
          ],
          fix: ["Positions that hold kUSD as collateral, or lend it, are exposed to a kUSD depeg."],
          data: {
            pegModule: module.address,
            held: psm.gemHeld.toString(),
            peak: peak.value.toString(),
            outflowPercent: value.toString(),
          },
        }),
      });
    }
  }
  return out;
}

/** rateSwing: how far each reserve's borrow APR moved within the window, in percentage points. */
export async function rateSwingObservations(rule: ResolvedRule, ctx: ConditionContext): Promise<LevelObservation[]> {
  if (rule.condition.type !== "rateSwing") return [];
  const { points, window, recoverBy, escalateStep } = rule.condition;
  const out: LevelObservation[] = [];
  for (const ref of rule.reserves) {
    const pool = await ctx.view.pool(ref.poolId);
    const rates = reserveRates(pool.reserves[ref.index], pool.timestamp);
    const apr = rates.borrowRate * YEAR * 100n;
    const series = `rate:${ref.poolId}:${ref.index}`;
    const now = sampleNow(ctx, series, apr);
    const list = await ctx.samples.window(series, now.timestamp - BigInt(seconds(window)), now.timestamp);
    const [low, high] = [lowest(list), highest(list)];
    const from = apr - low.value > high.value - apr ? low : high;
    const value = apr > from.value ? apr - from.value : from.value - apr;
    out.push({
      kind: "level",
      rule,
      subject: `${ref.poolId}:${ref.symbol}`,
      value,
      ...levels("above", points, recoverBy, escalateStep),
      render: async () => ({
        title: `${ref.symbol} borrow rate in pool ${ref.poolId} ${apr > from.value ? "up" : "down"} ${pts(value)} points within ${window}`,
        details: [
          `The ${ref.symbol} borrow APR in pool ${ref.poolId} is ${pts(apr)}%, from ${pts(from.value)}% within ${window}; utilization is ${percent(rates.utilization)}.`,
        ],
        fix:
          apr > from.value
            ? [
                `Borrowers of ${ref.symbol} pay more while it lasts: repaying part of the debt lowers both the cost and the utilization that drives it.`,
              ]
            : [`Lenders of ${ref.symbol} earn less.`],
        data: {
          poolId: ref.poolId.toString(),
          reserve: String(ref.index),
          apr: apr.toString(),
          from: from.value.toString(),
        },
      }),
    });
  }
  return out;
}

/** utilization: each reserve's borrowed share of its supply, in percent. */
export async function utilizationObservations(rule: ResolvedRule, ctx: ConditionContext): Promise<LevelObservation[]> {
  if (rule.condition.type !== "utilization") return [];
  const { above, recoverBy, escalateStep } = rule.condition;
  const out: LevelObservation[] = [];
  for (const ref of rule.reserves) {
    const pool = await ctx.view.pool(ref.poolId);
    const reserve = pool.reserves[ref.index];
    const rates = reserveRates(reserve, pool.timestamp);
    const value = rates.utilization * 100n;
    out.push({
      kind: "level",
      rule,
      subject: `${ref.poolId}:${ref.symbol}`,
      value,
      ...levels("above", above, recoverBy, escalateStep),
      render: async () => {
        const idle = reserve.state.totalSupplyAssets - reserve.state.totalBorrowAssets;
        return {
          title: `${ref.symbol} utilization ${percent(rates.utilization)} in pool ${ref.poolId}`,
          details: [
            `${percent(rates.utilization)} of the ${ref.symbol} supplied to pool ${ref.poolId} is borrowed; ${amount(idle, reserve.config.decimals, ref.symbol)} is left to withdraw or borrow. The borrow APR is ${pts(rates.borrowRate * YEAR * 100n)}%.`,
          ],
          fix: [`Lenders may not be able to withdraw all of their ${ref.symbol} until borrowers repay.`],
          data: {
            poolId: ref.poolId.toString(),
            reserve: String(ref.index),
            utilization: rates.utilization.toString(),
          },
        };
      },
    });
  }
  return out;
}

/** A WAD count of percentage points with two decimals. */
function pts(wad: bigint): string {
  const cents = wad / 10n ** 16n;
  return `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}`;
}
