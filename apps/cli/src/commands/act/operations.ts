// `keel supply|withdraw|borrow|repay` and `keel collateral add|remove`: the preview, the JSON, the
// sending and the report of a planned operation (operationPlan.ts), one command per entry of the table
// (operationSpecs.ts).
import { ensureAllowance, getHealthFactor } from "@keel/sdk";
import type { Command } from "commander";
import type { TransactionReceipt } from "viem";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { formatAmount, formatHealthFactor } from "../../lib/format.ts";
import { checkAmountForm } from "../../lib/input.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import { formatLiquidationPriceWithNow, formatTarget, healthWarnings, parseMinHealth } from "../../lib/poolRisk.ts";
import { action } from "../../lib/run.ts";
import { type PreviewRow, runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";
import { type OperationPlan, type OperationSent, planOperation } from "./operationPlan.ts";
import {
  COLLATERAL_GROUP,
  OPERATIONS,
  type OperationKind,
  type OperationOptions,
  type OperationSpec,
} from "./operationSpecs.ts";

const percent = (apy: number | undefined) => (apy === undefined ? "unavailable" : `${(apy * 100).toFixed(2)}%`);

/** The preview's rows of an operation. */
function previewRows(plan: OperationPlan): PreviewRow[] {
  const { reserve } = plan;
  const decimals = reserve.config.decimals;
  const tokens = (units: bigint) => `${formatAmount(units, decimals)} ${reserve.symbol}`;
  const rows: PreviewRow[] = [
    ["Operation", plan.kind],
    ["Pool", plan.poolLabel],
    ["Amount", tokens(plan.amount)],
    ["Signer", `${plan.sender} (${plan.accountSource})`],
  ];
  if (plan.poolLimit !== undefined && plan.minHealth !== undefined) {
    rows.splice(3, 0, [
      "Why this amount",
      `the most that keeps the health factor at or above ${formatTarget(plan.minHealth)}; the pool allows ${tokens(plan.poolLimit)} (--min-health 1)`,
    ]);
  }
  if (plan.onBehalf !== plan.sender) rows.push(["On behalf of", plan.onBehalf]);
  if (plan.receiver !== plan.sender) rows.push(["Receiver", plan.receiver]);
  rows.push(["Health factor", `${formatHealthFactor(plan.before)} → ${formatHealthFactor(plan.result.healthFactor)}`]);
  if (plan.liquidation) rows.push(["Liquidation price", formatLiquidationPriceWithNow(plan.liquidation)]);
  else if (plan.holdsAnything) rows.push(["Liquidation price", "none: no debt"]);
  if (plan.rate) rows.push([plan.rate.label, `${percent(plan.rate.before)} → ${percent(plan.rate.after)}`]);
  if (plan.approval) {
    const { allowance, needed } = plan.approval;
    rows.push([
      "Approval",
      allowance >= needed
        ? `none needed: the allowance (${tokens(allowance)}) covers it`
        : `sent first: a transaction approving exactly ${tokens(needed)}${plan.whole ? " (the debt and 0.1% for interest until the block)" : ""}`,
    ]);
  }
  return rows;
}

/** One pool operation as the CLI's one transaction flow describes it. */
function operationDescriptor(
  kind: OperationKind,
  context: SignerContext,
  options: OperationOptions,
): TransactionDescriptor<OperationPlan, OperationSent> {
  const spec = OPERATIONS[kind];
  return {
    plan: () => planOperation(kind, context, options),
    preview: previewRows,
    warnings: (plan) =>
      healthWarnings(plan.result.healthFactor, plan.onBehalf === plan.sender ? "your" : "the account's"),
    json: (plan) => ({
      operation: kind,
      pool: plan.poolLabel,
      asset: plan.reserve.symbol,
      amount: plan.amount,
      previewAmount: plan.amount,
      account: plan.sender,
      onBehalf: plan.onBehalf,
      receiver: plan.receiver,
      healthFactorBefore: plan.before,
      healthFactorAfter: plan.result.healthFactor,
      ...(plan.minHealth === undefined ? {} : { minHealth: plan.minHealth }),
      ...(plan.poolLimit === undefined ? {} : { poolLimit: plan.poolLimit }),
      ...(plan.rate ? { [spec.rate?.of ?? "apy"]: { before: plan.rate.before, after: plan.rate.after } } : {}),
      ...(plan.approval
        ? { approval: { ...plan.approval, sent: plan.approval.allowance < plan.approval.needed } }
        : {}),
      liquidationPrice: plan.liquidation
        ? {
            asset: plan.liquidation.symbol,
            price: plan.liquidation.price,
            usdPerToken: plan.liquidation.usdPerToken,
            ...(plan.liquidation.inDebt
              ? { inDebt: { asset: plan.liquidation.inDebt.symbol, perToken: plan.liquidation.inDebt.perToken } }
              : {}),
          }
        : null,
    }),
    send: async (plan) => {
      const client = context.walletClient;
      const pool = context.deployment.contracts.pool;
      let approvalReceipt: TransactionReceipt | undefined;
      if (plan.approval) {
        const approved = await ensureAllowance(client, {
          token: plan.reserve.config.asset,
          spender: pool,
          amount: plan.approval.needed,
        });
        approvalReceipt = approved?.receipt;
      }
      const sent = await spec.send(client, {
        target: { pool, poolId: plan.poolId, reserve: BigInt(plan.reserve.index) },
        assets: plan.amount,
        whole: plan.whole,
        onBehalf: plan.onBehalf,
        receiver: plan.receiver,
      });
      return { ...sent, approvalReceipt };
    },
    report: async (plan, sent) => {
      const healthFactor = await getHealthFactor(context.publicClient, {
        pool: context.deployment.contracts.pool,
        poolId: plan.poolId,
        account: plan.onBehalf,
      });
      const { decimals } = plan.reserve.config;
      const tokens = (units: bigint) => `${formatAmount(units, decimals)} ${plan.reserve.symbol}`;
      const gas = gasSpent([sent.approvalReceipt, sent.receipt]);
      // A whole position moves by shares: what they are worth grows with interest until the block.
      const differs =
        sent.assets === plan.amount
          ? ""
          : ` The preview said ${tokens(plan.amount)}; the difference is interest between the preview and the block.`;
      return {
        sentence: `${spec.past} ${tokens(sent.assets)} in ${sent.hash}. Health factor ${formatHealthFactor(healthFactor)}.${differs} ${gasSentence(gas)}`,
        json: { hash: sent.hash, amount: sent.assets, healthFactorAfter: healthFactor, ...gasJson(gas) },
      };
    },
  };
}

/** Adds the options an operation takes. */
function withOperationOptions(command: Command, spec: OperationSpec): Command {
  command
    .option("--pool <id>", "pool id (default: the deployment's first pool)")
    .option("--asset <symbol|address>", "the reserve's token, e.g. USDC, WETH (ETH), or an address")
    .option("--amount <amount>", `amount in whole tokens (e.g. 1.5), or "max": ${spec.maxHelp}`)
    .option("--on-behalf <address>", spec.onBehalfHelp);
  if (spec.receiver) command.option("--receiver <address>", "who receives the tokens (default: you)");
  if (spec.poolLimit) {
    command.option(
      "--min-health <factor>",
      'the health factor "max" keeps, and an exact amount may not go below: 1 or more (default 1.10 for max; 1 takes the pool\'s own limit)',
    );
  }
  return command;
}

/** `keel supply|withdraw|borrow|repay` and `keel collateral add|remove`, one command per entry of the table. */
export function registerOperations(program: Command): void {
  const groups = new Map<string, Command>();
  for (const [kind, spec] of Object.entries(OPERATIONS) as [OperationKind, OperationSpec][]) {
    let parent = program;
    if (spec.group) {
      const existing = groups.get(spec.group);
      parent = existing ?? program.command(spec.group).description(COLLATERAL_GROUP);
      groups.set(spec.group, parent);
    }
    withOperationOptions(parent.command(spec.name).description(spec.description), spec).action(
      action(async (options: OperationOptions, command: Command) => {
        // A typing mistake is refused before a keystore's password is asked or the chain is read.
        checkAmountForm(options.amount, "--amount", "tokens");
        if (spec.poolLimit !== undefined && options.minHealth !== undefined) parseMinHealth(options.minHealth);
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await runTransaction(context, operationDescriptor(kind, context, options));
      }),
    );
  }
}
