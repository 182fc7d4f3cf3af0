import { getPoolCount } from "@keel/sdk";
import type { Command } from "commander";
import { type GlobalOptions, readContext } from "../../lib/context.ts";
import { formatUsd, toJson } from "../../lib/format.ts";
import { accruedState, poolName, readPool, usdValue } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderTable } from "../../lib/table.ts";

/** `keel pools`: every pool with its reserves and totals. */
export function registerPools(program: Command): void {
  program
    .command("pools")
    .description("List the pools: their reserves, total supplied and total borrowed (USD).")
    .action(
      action(async (_options: unknown, command: Command) => {
        const context = await readContext(command.optsWithGlobals<GlobalOptions>());
        const count = await getPoolCount(context.publicClient, { pool: context.deployment.contracts.pool });
        const pools = [];
        for (let poolId = 0n; poolId < count; poolId++) {
          const pool = await readPool(context, poolId);
          let supplied = 0n;
          let borrowed = 0n;
          let collateral = 0n;
          for (const reserve of pool.reserves) {
            const state = accruedState(pool, reserve);
            supplied += usdValue(reserve, state.totalSupplyAssets);
            borrowed += usdValue(reserve, state.totalBorrowAssets);
            collateral += usdValue(reserve, state.totalCollateral);
          }
          pools.push({
            id: poolId,
            name: poolName(context, poolId),
            reserves: pool.reserves.map((r) => r.symbol),
            suppliedUsd: supplied,
            borrowedUsd: borrowed,
            collateralUsd: collateral,
          });
        }
        if (context.json) {
          console.log(toJson(pools));
          return;
        }
        console.log(
          renderTable(
            ["Pool", "Name", "Reserves", "Supplied", "Borrowed", "Collateral"],
            pools.map((p) => [
              p.id.toString(),
              p.name,
              p.reserves.join(", "),
              formatUsd(p.suppliedUsd),
              formatUsd(p.borrowedUsd),
              formatUsd(p.collateralUsd),
            ]),
          ),
        );
      }),
    );
}
