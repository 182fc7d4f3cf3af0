import { getPoolCount } from "@keel/sdk";
import type { Command } from "commander";
import { type GlobalOptions, readContext } from "../../lib/context.ts";
import { formatAmount, formatHealthFactor, formatUsd, toJson } from "../../lib/format.ts";
import { parseAddress, parsePoolId } from "../../lib/input.ts";
import { poolName, readAccount, readPool, usdPerToken } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { isEmpty, summarise } from "../../lib/summary.ts";
import { renderTable } from "../../lib/table.ts";

/** `keel position <address>`: collateral, debt, health factor, liquidation prices and borrowing room. */
export function registerPosition(program: Command): void {
  program
    .command("position")
    .description("Show an account's positions: collateral, debt, health factor, liquidation price, max borrow.")
    .argument("<address>", "the account")
    .option("--pool <id>", "only this pool (default: every pool where the account has a position)")
    .action(
      action(async (address: string, options: { pool?: string }, command: Command) => {
        const context = await readContext(command.optsWithGlobals<GlobalOptions>());
        const account = parseAddress(address, "address");
        const poolIds =
          options.pool !== undefined
            ? [parsePoolId(options.pool)]
            : Array.from(
                {
                  length: Number(await getPoolCount(context.publicClient, { pool: context.deployment.contracts.pool })),
                },
                (_, i) => BigInt(i),
              );
        const results = [];
        for (const poolId of poolIds) {
          const pool = await readPool(context, poolId);
          const snapshot = await readAccount(context, pool, account);
          if (isEmpty(snapshot) && options.pool === undefined) continue;
          results.push({ pool, summary: summarise(pool, snapshot) });
        }
        if (context.json) {
          console.log(
            toJson({
              account,
              pools: results.map(({ pool, summary }) => ({
                id: pool.poolId,
                name: poolName(context, pool.poolId),
                ...summary,
              })),
            }),
          );
          return;
        }
        if (results.length === 0) {
          console.log(`${account} has no position in any pool.`);
          return;
        }
        for (const { pool, summary } of results) {
          console.log(
            `\n${poolName(context, pool.poolId)} (pool ${pool.poolId}): health factor ${formatHealthFactor(summary.healthFactor)}`,
          );
          console.log(
            `Collateral ${formatUsd(summary.collateralValue)}, debt ${formatUsd(summary.debtValue)}, borrowing power ${formatUsd(summary.borrowPower)}, liquidation at debt ${formatUsd(summary.liquidationValue)}`,
          );
          const rows = summary.reserves
            .filter((r) => r.supplied > 0n || r.collateral > 0n || r.debt > 0n || r.maxBorrow > 0n)
            .map((r) => [
              r.symbol,
              formatAmount(r.supplied, r.decimals),
              formatAmount(r.collateral, r.decimals),
              formatAmount(r.debt, r.decimals),
              r.liquidationPrice > 0n ? formatUsd(usdPerToken(r.liquidationPrice, r.decimals)) : "-",
              formatAmount(r.maxBorrow, r.decimals),
            ]);
          console.log(
            renderTable(["Asset", "Supplied", "Collateral", "Debt", "Liquidation price", "Max borrow"], rows),
          );
        }
      }),
    );
}
