import { flashLoan, keelPoolAbi } from "@keel/sdk";
import type { Command } from "commander";
import { confirm } from "../../lib/confirm.ts";
import { type GlobalOptions, readSignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, toJson } from "../../lib/format.ts";
import { parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { choosePoolId, findReserve, readPool } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";

type FlashLoanOptions = { pool?: string; asset?: string; amount?: string; borrower?: string; receiver?: string };

/**
 * `keel flash-loan`: borrows and returns tokens in one transaction (ERC-3156). By default through the
 * deployment's example borrower, which proves the round trip; --receiver calls your own receiver.
 */
export function registerFlashLoan(program: Command): void {
  program
    .command("flash-loan")
    .description("Take an ERC-3156 flash loan through a receiver contract (default: the example borrower).")
    .option("--pool <id>", "pool whose reserve names the token (default: the deployment's first pool)")
    .option("--asset <symbol|address>", "the token to borrow")
    .option("--amount <amount>", "amount in whole tokens")
    .option("--receiver <address>", "your ERC-3156 receiver (default: the deployment's example borrower)")
    .action(
      action(async (options: FlashLoanOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        const pool = await readPool(context, choosePoolId(context, options.pool));
        const reserve = findReserve(pool, requireOption(options.asset, "--asset"));
        const amount = parseAmount(requireOption(options.amount, "--amount"), reserve.config.decimals, reserve.symbol);
        if (amount.kind === "max") throw new UsageError('A flash loan needs an exact --amount, not "max".');
        const token = reserve.config.asset;
        const receiver = options.receiver ? parseAddress(options.receiver, "--receiver") : undefined;
        const shown = `${formatAmount(amount.units, reserve.config.decimals)} ${reserve.symbol}`;
        // Asking for more than the pool holds is the caller's mistake: said before anything is sent.
        const available = await context.publicClient.readContract({
          address: context.deployment.contracts.pool,
          abi: keelPoolAbi,
          functionName: "maxFlashLoan",
          args: [token],
        });
        if (amount.units > available) {
          throw new UsageError(
            `At most ${formatAmount(available, reserve.config.decimals)} ${reserve.symbol} can be flash-borrowed now (what the pool holds); ask for less.`,
          );
        }
        if (!context.yes) await confirm(`Flash-borrow ${shown} and return it in the same transaction?`);
        const base = { pool: context.deployment.contracts.pool, token, amount: amount.units };
        const sent = receiver
          ? await flashLoan(context.walletClient, { ...base, receiver })
          : await flashLoan(context.walletClient, { ...base, borrower: context.deployment.contracts.flashBorrower });
        if (context.json) console.log(toJson({ hash: sent.hash, amount: sent.amount, fee: sent.fee }));
        else
          console.log(
            `Flash loan of ${shown} taken and repaid in ${sent.hash} (fee ${formatAmount(sent.fee, reserve.config.decimals)} ${reserve.symbol}).`,
          );
      }),
    );
}
