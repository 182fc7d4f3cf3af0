import { FLAG_BORROWABLE, FLAG_COLLATERAL, FLAG_FROZEN, FLAG_PAUSED, reserveRates } from "@keel/sdk";
import type { Command } from "commander";
import { type GlobalOptions, readContext } from "../../lib/context.ts";
import { formatAmount, formatBps, formatPercent, formatUsd, toJson } from "../../lib/format.ts";
import { parsePoolId } from "../../lib/input.ts";
import { accruedState, type NamedReserve, poolName, readPool, usdPerToken } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderTable } from "../../lib/table.ts";

function status(reserve: NamedReserve): string {
  const { flags } = reserve.config;
  const parts = [];
  if (flags & FLAG_COLLATERAL) parts.push("collateral");
  if (flags & FLAG_BORROWABLE) parts.push("borrowable");
  if (flags & FLAG_FROZEN) parts.push("FROZEN");
  if (flags & FLAG_PAUSED) parts.push("PAUSED");
  if (reserve.config.eModeCategory !== 0) parts.push(`e-mode ${reserve.config.eModeCategory}`);
  return parts.join(", ");
}

function cap(wholeTokens: number, symbol: string): string {
  return wholeTokens === 0 ? "none" : `${formatAmount(BigInt(wholeTokens), 0)} ${symbol}`;
}

/** `keel pool <id>`: one pool's reserves, prices, rates, utilization and caps. */
export function registerPool(program: Command): void {
  program
    .command("pool")
    .description(
      "Show one pool: reserves, prices, supplied, collateral, borrowed, rates (APY), utilization, caps and e-mode.",
    )
    .argument("<id>", "pool id (see `keel pools`)")
    .action(
      action(async (id: string, _options: unknown, command: Command) => {
        const context = await readContext(command.optsWithGlobals<GlobalOptions>());
        const pool = await readPool(context, parsePoolId(id));
        const reserves = pool.reserves.map((reserve) => {
          const state = accruedState(pool, reserve);
          const rates = reserveRates(reserve, pool.timestamp);
          return { reserve, state, rates };
        });
        if (context.json) {
          console.log(
            toJson({
              id: pool.poolId,
              name: poolName(context, pool.poolId),
              timestamp: pool.timestamp,
              eModes: pool.eModes,
              reserves: reserves.map(({ reserve, state, rates }) => ({
                index: reserve.index,
                symbol: reserve.symbol,
                asset: reserve.config.asset,
                decimals: reserve.config.decimals,
                price: reserve.price,
                lastPrice: reserve.lastPrice,
                config: reserve.config,
                state,
                supplied: state.totalSupplyAssets,
                collateral: state.totalCollateral,
                borrowed: state.totalBorrowAssets,
                utilization: rates.utilization,
                borrowRatePerSecond: rates.borrowRate,
                supplyRatePerSecond: rates.supplyRate,
                borrowApy: rates.borrowApy,
                supplyApy: rates.supplyApy,
              })),
            }),
          );
          return;
        }
        console.log(`${poolName(context, pool.poolId)} (pool ${pool.poolId})`);
        console.log(
          renderTable(
            [
              "Asset",
              "Price",
              "Supplied",
              "Collateral",
              "Borrowed",
              "Utilization",
              "Supply APY",
              "Borrow APY",
              "LTV / LT",
              "Caps (supply / borrow)",
              "Status",
            ],
            reserves.map(({ reserve, state, rates }) => {
              const { decimals, ltvBps, liquidationThresholdBps, supplyCap, borrowCap } = reserve.config;
              return [
                reserve.symbol,
                priceText(reserve.price, reserve.lastPrice, decimals),
                formatAmount(state.totalSupplyAssets, decimals, 2),
                formatAmount(state.totalCollateral, decimals, 2),
                formatAmount(state.totalBorrowAssets, decimals, 2),
                formatPercent(rates.utilization),
                `${(rates.supplyApy * 100).toFixed(2)}%`,
                `${(rates.borrowApy * 100).toFixed(2)}%`,
                `${formatBps(ltvBps)} / ${formatBps(liquidationThresholdBps)}`,
                `${cap(supplyCap, reserve.symbol)} / ${cap(borrowCap, reserve.symbol)}`,
                status(reserve),
              ];
            }),
          ),
        );
        const categories = Object.entries(pool.eModes);
        for (const [category, params] of categories) {
          const members = pool.reserves.filter((r) => r.config.eModeCategory === Number(category)).map((r) => r.symbol);
          console.log(
            `E-mode ${category} (${members.join(", ")}): LTV ${formatBps(params.ltvBps)}, liquidation threshold ${formatBps(params.liquidationThresholdBps)}, applies when every borrowed asset is in the category.`,
          );
        }
      }),
    );
}

/**
 * The live price per whole token; while it fails, the last reported one marked as unconfirmed (the
 * pool values accounts with it but lends nothing against it).
 */
function priceText(price: bigint | undefined, lastPrice: bigint | undefined, decimals: number): string {
  if (price !== undefined) return formatUsd(usdPerToken(price, decimals));
  if (lastPrice !== undefined) return `${formatUsd(usdPerToken(lastPrice, decimals))} (last, unconfirmed)`;
  return "unavailable";
}
