import type { KeelDeployment } from "@keel/sdk";
import type { Chain, PublicClient, Transport } from "viem";
import type { KeeperConfig } from "../config.ts";
import type { Logger } from "../observe/log.ts";
import type { KeeperMetrics } from "../observe/metrics.ts";
import type { Order, Sender } from "../send/sender.ts";
import type { Routes } from "./routes.ts";

export const WAD = 10n ** 18n;

/** What every job sees of the block being processed. */
export type JobContext = {
  publicClient: PublicClient<Transport, Chain>;
  deployment: KeelDeployment;
  routes: Routes;
  sender: Sender;
  config: KeeperConfig;
  log: Logger;
  metrics: KeeperMetrics;
  head: { number: bigint; timestamp: bigint };
  /** USD (WAD) of one ether, from the deployment's WETH oracle: what gas costs in dollars. */
  ethUsd: bigint;
  /** The fee per gas a transaction sent now would offer (wei). */
  maxFeePerGas: bigint;
};

/** An opportunity simulated at the head: what it would earn and cost. */
export type Priced = {
  job: string;
  key: string;
  /** Expected gain in USD (WAD), before gas. */
  profitUsd: bigint;
  gas: bigint;
};

/**
 * Whether an opportunity pays: its expected gain, less gas at the current fee and the safety buffer, must
 * reach the configured minimum. The order's gas budget (for replacements) is the gain less the buffer,
 * converted to wei, so a stuck transaction is never re-priced into a loss.
 */
export function judge(
  ctx: JobContext,
  priced: Priced,
): { send: true; netUsd: bigint; maxCostWei: bigint } | { send: false; netUsd: bigint } {
  const gasUsd = gasUsdOf(ctx, priced.gas);
  const netUsd = priced.profitUsd - gasUsd - ctx.config.safetyBufferUsd;
  if (netUsd < ctx.config.minProfitUsd) return { send: false, netUsd };
  // Replacements may spend the gain less the buffer and the minimum: never so much that it stops paying.
  const budgetUsd = priced.profitUsd - ctx.config.safetyBufferUsd - ctx.config.minProfitUsd;
  return { send: true, netUsd, maxCostWei: ctx.ethUsd === 0n ? 0n : (budgetUsd * WAD) / ctx.ethUsd };
}

/** Judges an opportunity and, when it pays, hands it to the sender; logs and counts either way. */
export async function dispatch(
  ctx: JobContext,
  priced: Priced,
  order: Omit<Order, "maxCostWei" | "key" | "job" | "gas">,
): Promise<boolean> {
  const verdict = judge(ctx, priced);
  const usd = (value: bigint) => Number(value) / 1e18;
  if (!verdict.send) {
    ctx.metrics.skipped.inc({ job: priced.job, reason: "unprofitable" });
    ctx.log.debug({ key: priced.key, netUsd: usd(verdict.netUsd) }, "skipped: below the minimum profit");
    return false;
  }
  const hash = await ctx.sender.submit(
    {
      ...order,
      key: priced.key,
      job: priced.job,
      gas: priced.gas,
      maxCostWei: verdict.maxCostWei,
      details: { ...order.details, expectedProfitUsd: usd(verdict.netUsd) },
    },
    ctx.head.number,
  );
  if (hash !== undefined) ctx.metrics.profitUsd.inc({ job: priced.job }, usd(verdict.netUsd));
  return hash !== undefined;
}

export { isRevert, unlessReverted } from "../chain/errors.ts";

/**
 * The least a transaction is told to earn on chain (its `minProfit`), in the units it pays out in
 * (`price`: USD WAD per 1e18 units, as the pools price): half the simulated profit, and never less than
 * its gas at the current fee plus the configured minimum (capped at the profit itself). A sale that a
 * sandwich or the market moves further than that reverts instead of landing for nothing; smaller moves
 * still land.
 */
export function profitFloor(ctx: JobContext, profit: bigint, gas: bigint, price: bigint): bigint {
  if (price === 0n) return profit;
  const gasUsd = gasUsdOf(ctx, gas);
  const breakEven = ((gasUsd + ctx.config.minProfitUsd) * WAD + price - 1n) / price;
  const floor = profit / 2n > breakEven ? profit / 2n : breakEven;
  return floor > profit ? profit : floor;
}

/** USD (WAD) that `gas` costs at the current fee and the ether price. */
export function gasUsdOf(ctx: JobContext, gas: bigint): bigint {
  return (gas * ctx.maxFeePerGas * ctx.ethUsd) / WAD;
}

/** USD (WAD) of `amount` token units at an oracle price (PRICE_SCALE: value = amount × price / 1e18). */
export function usdOf(amount: bigint, price: bigint): bigint {
  return (amount * price) / WAD;
}
