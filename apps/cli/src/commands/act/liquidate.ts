import { accountHealthFactor, ensureAllowance, liquidate, SimulationError, simulate } from "@keel/sdk";
import type { Command } from "commander";
import { maxUint256 } from "viem";
import { confirm } from "../../lib/confirm.ts";
import { type GlobalOptions, readSignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor, formatPercent, toJson } from "../../lib/format.ts";
import { parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { choosePoolId, findReserve, poolName, readAccount, readPool } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderPairs } from "../../lib/table.ts";

type LiquidateOptions = {
  pool?: string;
  borrower?: string;
  collateral?: string;
  debt?: string;
  amount?: string;
  receiver?: string;
};

/**
 * `keel liquidate`: repays part of an unhealthy account's debt and takes its collateral with a bonus.
 * The preview sizes the liquidation with the pool's own rules (close factor, target health, bonus).
 */
export function registerLiquidate(program: Command): void {
  program
    .command("liquidate")
    .description("Liquidate an account whose health factor is below 1.")
    .option("--pool <id>", "pool id (default: the deployment's first pool)")
    .option("--borrower <address>", "the unhealthy account")
    .option("--collateral <symbol|address>", "the collateral to seize")
    .option("--debt <symbol|address>", "the debt to repay")
    .option("--amount <amount>", 'most debt to repay, in whole tokens, or "max" (the pool caps it)', "max")
    .option("--receiver <address>", "who receives the seized collateral (default: you)")
    .action(
      action(async (options: LiquidateOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const poolId = choosePoolId(context, options.pool);
        const pool = await readPool(context, poolId);
        const borrower = parseAddress(requireOption(options.borrower, "--borrower"), "--borrower");
        const collateral = findReserve(pool, requireOption(options.collateral, "--collateral"));
        const debt = findReserve(pool, requireOption(options.debt, "--debt"));
        const amount = parseAmount(requireOption(options.amount, "--amount"), debt.config.decimals, debt.symbol);
        const maxRepayAssets = amount.kind === "max" ? maxUint256 : amount.units;
        const account = await readAccount(context, pool, borrower);
        const before = accountHealthFactor(pool, account);
        let result: ReturnType<typeof simulate>;
        try {
          result = simulate(pool, account, [
            { type: "liquidate", collateralReserve: collateral.index, debtReserve: debt.index, maxRepayAssets },
          ]);
        } catch (error) {
          if (error instanceof SimulationError && error.errorName === "HealthyPosition") {
            throw new UsageError(
              `${borrower} is not liquidatable: its health factor is ${formatHealthFactor(before)} (liquidation needs below 1.00).`,
            );
          }
          if (error instanceof SimulationError)
            throw new UsageError(error.message.replace(/^Action 1 \(liquidate\) would revert: /, ""));
          throw error;
        }
        const outcome = result.results[0] as {
          repaidAssets: bigint;
          seizedAssets: bigint;
          protocolFee: bigint;
          bonus: bigint;
        };
        const { decimals: debtDecimals } = debt.config;
        const { decimals: collateralDecimals } = collateral.config;
        if (!context.json) {
          console.log(
            renderPairs([
              ["Pool", `${poolName(context, poolId)} (pool ${poolId})`],
              ["Borrower", borrower],
              ["Health factor", `${formatHealthFactor(before)} → ${formatHealthFactor(result.healthFactor)}`],
              ["You repay", `${formatAmount(outcome.repaidAssets, debtDecimals)} ${debt.symbol}`],
              [
                "You receive",
                `${formatAmount(outcome.seizedAssets - outcome.protocolFee, collateralDecimals)} ${collateral.symbol}`,
              ],
              ["Bonus", formatPercent(outcome.bonus)],
            ]),
          );
        }
        if (!context.yes) await confirm("Send this liquidation?");
        const sender = context.account.address;
        // The debt accrues until the block: allow 0.1% more than previewed; the pool pulls only what it repays.
        await ensureAllowance(context.walletClient, {
          token: debt.config.asset,
          spender: context.deployment.contracts.pool,
          amount: outcome.repaidAssets + outcome.repaidAssets / 1000n + 1n,
        });
        const sent = await liquidate(context.walletClient, {
          pool: context.deployment.contracts.pool,
          poolId,
          borrower,
          collateralReserve: BigInt(collateral.index),
          debtReserve: BigInt(debt.index),
          maxRepayAssets,
          receiver: options.receiver ? parseAddress(options.receiver, "--receiver") : sender,
        });
        if (context.json) {
          console.log(
            toJson({ hash: sent.hash, borrower, repaidAssets: sent.repaidAssets, seizedAssets: sent.seizedAssets }),
          );
        } else {
          console.log(
            `Repaid ${formatAmount(sent.repaidAssets, debtDecimals)} ${debt.symbol} and seized ${formatAmount(sent.seizedAssets, collateralDecimals)} ${collateral.symbol} in ${sent.hash}.`,
          );
        }
      }),
    );
}
