import { getPoolCount, getVaults, type VaultInfo } from "@keel/sdk";
import type { Command } from "commander";
import { type GlobalOptions, readContext } from "../../lib/context.ts";
import { formatAmount, formatHealthFactor, formatUsd, toJson } from "../../lib/format.ts";
import { parseAddress, parsePoolId } from "../../lib/input.ts";
import { type NamedPool, poolName, readAccount, readPool, usdPerToken } from "../../lib/market.ts";
import { describeEMode, fourDecimals } from "../../lib/poolRisk.ts";
import { action } from "../../lib/run.ts";
import { isEmpty, type NetApy, netApy, type PositionSummary, summarise, usd } from "../../lib/summary.ts";
import { renderTable } from "../../lib/table.ts";
import { describeVault, vaultJson } from "../cdp/vaultShow.ts";
import { registerBalance } from "./balance.ts";

/** "Net APY 1.23% on a net worth of $12,345.67 (earns $456.78 a year, pays $123.45)". */
function netApyLine(figures: NetApy): string {
  const apy = figures.netApy === undefined ? "n/a" : `${(figures.netApy * 100).toFixed(2)}%`;
  const dollars = (value: number) => formatUsd(BigInt(Math.round(value * 100)) * 10n ** 16n);
  return `Net APY ${apy} on a net worth of ${formatUsd(figures.netWorth)} (earns ${dollars(figures.earnedPerYear)} a year, pays ${dollars(figures.paidPerYear)})`;
}

/** A vault's part of the net worth and of the interest paid: collateral less debt, the stability fee on the debt. */
function vaultFigures(vault: VaultInfo): { netWorth: bigint; paidPerYear: number } {
  return {
    netWorth: (vault.collateralValue ?? 0n) - vault.debt,
    paidPerYear: usd(vault.debt) * vault.type.stabilityFeeApy,
  };
}

/**
 * `keel position <address>`: collateral, debt, health factor, e-mode, liquidation prices, borrowing
 * room and net APY in every pool, and the account's kUSD vaults.
 */
export function registerPosition(program: Command): void {
  program
    .command("position")
    .description(
      "Show an account's positions: collateral, debt, health factor, e-mode, liquidation price, max borrow, net APY, and its kUSD vaults.",
    )
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
        const results: { pool: NamedPool; summary: PositionSummary }[] = [];
        for (const poolId of poolIds) {
          const pool = await readPool(context, poolId);
          const snapshot = await readAccount(context, pool, account);
          if (isEmpty(snapshot) && options.pool === undefined) continue;
          const labels = context.deployment.pools.find((p) => p.id === poolId.toString())?.eModes ?? [];
          results.push({ pool, summary: summarise(pool, snapshot, labels) });
        }
        // The account's kUSD vaults, when the deployment has the engine (not with --pool: that asks for one pool).
        const cdp = context.deployment.cdp;
        const vaults =
          cdp && options.pool === undefined
            ? await getVaults(context.publicClient, {
                engine: cdp.engine,
                owner: account,
                fromBlock: BigInt(context.deployment.startBlock),
              })
            : undefined;
        const overall = netApy(
          results.reduce((sum, r) => sum + r.summary.netWorth, 0n) +
            (vaults ?? []).reduce((sum, v) => sum + vaultFigures(v).netWorth, 0n),
          results.reduce((sum, r) => sum + r.summary.earnedPerYear, 0),
          results.reduce((sum, r) => sum + r.summary.paidPerYear, 0) +
            (vaults ?? []).reduce((sum, v) => sum + vaultFigures(v).paidPerYear, 0),
        );
        if (context.json) {
          console.log(
            toJson({
              account,
              pools: results.map(({ pool, summary }) => ({
                id: pool.poolId,
                name: poolName(context, pool.poolId),
                ...summary,
              })),
              ...(vaults ? { vaults: vaults.map(vaultJson) } : {}),
              ...overall,
            }),
          );
          return;
        }
        if (results.length === 0) console.log(`${account} has no position in any pool.`);
        for (const { pool, summary } of results) {
          console.log(
            `\n${poolName(context, pool.poolId)} (pool ${pool.poolId}): health factor ${formatHealthFactor(summary.healthFactor)}`,
          );
          console.log(
            `Collateral ${formatUsd(summary.collateralValue)}, debt ${formatUsd(summary.debtValue)}, borrowing power ${formatUsd(summary.borrowPower)}, liquidation at debt ${formatUsd(summary.liquidationValue)}`,
          );
          if (summary.eMode) console.log(describeEMode(summary.eMode));
          console.log(netApyLine(summary));
          const rows = summary.reserves
            .filter((r) => r.supplied > 0n || r.collateral > 0n || r.debt > 0n || r.maxBorrow > 0n)
            .map((r) => [
              r.symbol,
              formatAmount(r.supplied, r.decimals),
              formatAmount(r.collateral, r.decimals),
              formatAmount(r.debt, r.decimals),
              r.liquidationPrice === 0n
                ? "-"
                : r.liquidationPriceInDebt
                  ? `${fourDecimals(r.liquidationPriceInDebt.perToken)} ${r.liquidationPriceInDebt.asset} per ${r.symbol}`
                  : formatUsd(usdPerToken(r.liquidationPrice, r.decimals)),
              formatAmount(r.maxBorrow, r.decimals),
            ]);
          console.log(
            renderTable(["Asset", "Supplied", "Collateral", "Debt", "Liquidation price", "Max borrow"], rows),
          );
        }
        if (vaults && vaults.length > 0) {
          console.log(`\nkUSD vaults`);
          console.log(
            renderTable(
              ["Vault", "Type", "Collateral", "Debt", "Ratio / min", "Liquidation price", "Can mint"],
              vaults.map((v) => {
                const s = describeVault(v);
                return [
                  s.vault,
                  s.type,
                  s.collateral,
                  s.debt,
                  `${s.ratio} / ${s.minRatio}`,
                  s.liquidationPrice,
                  s.maxMint,
                ];
              }),
            ),
          );
        }
        if (results.length + (vaults?.length ?? 0) > 1) console.log(`\nIn all: ${netApyLine(overall)}`);
      }),
    );
  // `keel balance` reads the same account's wallet, so it is registered with `position`.
  registerBalance(program);
}
