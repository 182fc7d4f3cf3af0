import { type FlashLoanReturnType, flashLoan, keelPoolAbi } from "@keel/sdk";
import type { Command } from "commander";
import type { Address } from "viem";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount } from "../../lib/format.ts";
import { parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { choosePoolId, findReserve, type NamedReserve, readPool } from "../../lib/market.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import { action } from "../../lib/run.ts";
import { runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";

type FlashLoanOptions = { pool?: string; asset?: string; amount?: string; borrower?: string; receiver?: string };

type FlashLoanPlan = {
  reserve: NamedReserve;
  amount: bigint;
  /** Your ERC-3156 receiver, or undefined for the deployment's example borrower. */
  receiver?: Address;
  /** The pool's fee for this amount, rounded up by the pool. */
  fee: bigint;
};

/** A flash loan as the CLI's one transaction flow describes it. */
function flashLoanDescriptor(
  context: SignerContext,
  options: FlashLoanOptions,
): TransactionDescriptor<FlashLoanPlan, FlashLoanReturnType> {
  const tokens = (plan: FlashLoanPlan, units: bigint) =>
    `${formatAmount(units, plan.reserve.config.decimals)} ${plan.reserve.symbol}`;
  return {
    plan: async () => {
      const pool = await readPool(context, choosePoolId(context, options.pool));
      const reserve = findReserve(pool, requireOption(options.asset, "--asset"));
      const amount = parseAmount(requireOption(options.amount, "--amount"), reserve.config.decimals, reserve.symbol);
      if (amount.kind === "max") throw new UsageError('A flash loan needs an exact --amount, not "max".');
      const receiver = options.receiver ? parseAddress(options.receiver, "--receiver") : undefined;
      const token = reserve.config.asset;
      const at = { address: context.deployment.contracts.pool, abi: keelPoolAbi } as const;
      // Asking for more than the pool holds is the caller's mistake: said before anything is sent.
      const available = await context.publicClient.readContract({ ...at, functionName: "maxFlashLoan", args: [token] });
      if (amount.units > available) {
        throw new UsageError(
          `At most ${formatAmount(available, reserve.config.decimals)} ${reserve.symbol} can be flash-borrowed now (what the pool holds); ask for less.`,
        );
      }
      const fee = await context.publicClient.readContract({
        ...at,
        functionName: "flashFee",
        args: [token, amount.units],
      });
      return { reserve, amount: amount.units, receiver, fee };
    },
    preview: (plan) => [
      ["Operation", "flash loan: borrowed and returned in one transaction"],
      ["Amount", tokens(plan, plan.amount)],
      ["Fee", tokens(plan, plan.fee)],
      ["Receiver", plan.receiver ?? `${context.deployment.contracts.flashBorrower} (the example borrower)`],
      ["Signer", `${context.account.address} (${context.accountSource})`],
    ],
    json: (plan) => ({ asset: plan.reserve.symbol, amount: plan.amount, fee: plan.fee }),
    send: (plan) => {
      const base = { pool: context.deployment.contracts.pool, token: plan.reserve.config.asset, amount: plan.amount };
      return plan.receiver
        ? flashLoan(context.walletClient, { ...base, receiver: plan.receiver })
        : flashLoan(context.walletClient, { ...base, borrower: context.deployment.contracts.flashBorrower });
    },
    report: async (plan, sent) => {
      const gas = gasSpent([sent.receipt]);
      return {
        sentence: `Flash loan of ${tokens(plan, sent.amount)} taken and repaid in ${sent.hash} (fee ${tokens(plan, sent.fee)}). ${gasSentence(gas)}`,
        json: { hash: sent.hash, amount: sent.amount, fee: sent.fee, receiver: sent.receiver, ...gasJson(gas) },
      };
    },
  };
}

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
        await runTransaction(context, flashLoanDescriptor(context, options));
      }),
    );
}
