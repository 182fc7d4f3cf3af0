import {
  accountHealthFactor,
  ensureAllowance,
  getAllowance,
  type LiquidateReturnType,
  type LiquidationAmounts,
  liquidate,
  SimulationError,
  simulate,
  WAD,
} from "@keel/sdk";
import type { Command } from "commander";
import { type Address, maxUint256, type TransactionReceipt } from "viem";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor, formatPercent, formatUsd } from "../../lib/format.ts";
import { parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { choosePoolId, findReserve, type NamedReserve, poolName, readAccount, readPool } from "../../lib/market.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import { expectedBlockTime } from "../../lib/poolTime.ts";
import { action } from "../../lib/run.ts";
import { type PreviewRow, runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";

type LiquidateOptions = {
  pool?: string;
  borrower?: string;
  collateral?: string;
  debt?: string;
  amount?: string;
  receiver?: string;
};

type LiquidationPlan = {
  poolId: bigint;
  poolLabel: string;
  borrower: Address;
  collateral: NamedReserve;
  debt: NamedReserve;
  maxRepayAssets: bigint;
  receiver: Address;
  sender: Address;
  before: bigint;
  after: bigint | undefined;
  /** What the pool's rules say the liquidation moves, at the expected block. */
  outcome: LiquidationAmounts;
  /** The debt allowance the signer needs, and has. */
  approval: { allowance: bigint; needed: bigint };
};

type LiquidationSent = LiquidateReturnType & { approvalReceipt?: TransactionReceipt };

/**
 * What a liquidation paid the liquidator, valued at the pair's oracle prices (the live prices the pool
 * liquidates at): the collateral received (seized less the treasury's fee) less the debt repaid.
 */
export type LiquidationProceeds = {
  /** Collateral units the receiver got: seized − protocolFee. */
  received: bigint;
  /** Collateral units credited to the treasury (the Liquidate event's protocolFee). */
  toTreasury: bigint;
  /** USD (WAD) of what was received and of what was repaid, rounded down. */
  receivedValue: bigint;
  repaidValue: bigint;
  /** receivedValue − repaidValue, USD WAD (negative if the liquidation lost money). */
  netBonusValue: bigint;
  /** netBonusValue / repaidValue, WAD. */
  netBonus: bigint;
};

/** Splits a liquidation's seized collateral into the receiver's and the treasury's, and values the net bonus. */
export function liquidationProceeds(
  amounts: { repaidAssets: bigint; seizedAssets: bigint; protocolFee: bigint },
  collateral: NamedReserve,
  debt: NamedReserve,
): LiquidationProceeds {
  const received = amounts.seizedAssets - amounts.protocolFee;
  const receivedValue = ((collateral.price ?? 0n) * received) / WAD;
  const repaidValue = ((debt.price ?? 0n) * amounts.repaidAssets) / WAD;
  const netBonusValue = receivedValue - repaidValue;
  return {
    received,
    toTreasury: amounts.protocolFee,
    receivedValue,
    repaidValue,
    netBonusValue,
    netBonus: repaidValue === 0n ? 0n : (netBonusValue * WAD) / repaidValue,
  };
}

/** The plan of a liquidation: the pool's own sizing (close factor, target health, bonus, the treasury's fee). */
async function planLiquidation(context: SignerContext, options: LiquidateOptions): Promise<LiquidationPlan> {
  const poolId = choosePoolId(context, options.pool);
  const snapshot = await readPool(context, poolId);
  const borrower = parseAddress(requireOption(options.borrower, "--borrower"), "--borrower");
  const collateral = findReserve(snapshot, requireOption(options.collateral, "--collateral"));
  const debt = findReserve(snapshot, requireOption(options.debt, "--debt"));
  const amount = parseAmount(requireOption(options.amount, "--amount"), debt.config.decimals, debt.symbol);
  const maxRepayAssets = amount.kind === "max" ? maxUint256 : amount.units;
  const sender = context.account.address;
  const receiver = options.receiver ? parseAddress(options.receiver, "--receiver") : sender;
  const account = await readAccount(context, snapshot, borrower);
  const pool = { ...snapshot, timestamp: await expectedBlockTime(context, snapshot) };
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
  const outcome = result.results[0] as LiquidationAmounts;
  const allowance = await getAllowance(context.publicClient, {
    token: debt.config.asset,
    owner: sender,
    spender: context.deployment.contracts.pool,
  });
  return {
    poolId,
    poolLabel: `${poolName(context, poolId)} (pool ${poolId})`,
    borrower,
    collateral,
    debt,
    maxRepayAssets,
    receiver,
    sender,
    before,
    after: result.healthFactor,
    outcome,
    // The debt accrues until the block: allow 0.1% more than previewed; the pool pulls only what it repays.
    approval: { allowance, needed: outcome.repaidAssets + outcome.repaidAssets / 1000n + 1n },
  };
}

function liquidationDescriptor(
  context: SignerContext,
  options: LiquidateOptions,
): TransactionDescriptor<LiquidationPlan, LiquidationSent> {
  return {
    plan: () => planLiquidation(context, options),
    preview: (plan) => {
      const { collateral, debt, outcome } = plan;
      const expected = liquidationProceeds(outcome, collateral, debt);
      const coll = (units: bigint) => `${formatAmount(units, collateral.config.decimals)} ${collateral.symbol}`;
      const rows: PreviewRow[] = [
        ["Pool", plan.poolLabel],
        ["Borrower", plan.borrower],
        ["Health factor", `${formatHealthFactor(plan.before)} → ${formatHealthFactor(plan.after)}`],
        ["You repay", `${formatAmount(outcome.repaidAssets, debt.config.decimals)} ${debt.symbol}`],
        [
          plan.receiver === plan.sender ? "You receive" : `${plan.receiver} receives`,
          `${coll(expected.received)} (of ${coll(outcome.seizedAssets)} seized; ${coll(expected.toTreasury)} to the treasury)`,
        ],
        ["Bonus", formatPercent(outcome.bonus)],
        ["Net bonus", `${formatUsd(expected.netBonusValue)} (${formatPercent(expected.netBonus)} of the debt repaid)`],
        [
          "Approval",
          plan.approval.allowance >= plan.approval.needed
            ? "none needed"
            : `sent first: a transaction approving exactly ${formatAmount(plan.approval.needed, debt.config.decimals)} ${debt.symbol}`,
        ],
      ];
      return rows;
    },
    json: (plan) => ({
      pool: plan.poolLabel,
      borrower: plan.borrower,
      collateral: plan.collateral.symbol,
      debt: plan.debt.symbol,
      receiver: plan.receiver,
      healthFactorBefore: plan.before,
      healthFactorAfter: plan.after,
      bonus: plan.outcome.bonus,
    }),
    send: async (plan) => {
      const approved = await ensureAllowance(context.walletClient, {
        token: plan.debt.config.asset,
        spender: context.deployment.contracts.pool,
        amount: plan.approval.needed,
      });
      const sent = await liquidate(context.walletClient, {
        pool: context.deployment.contracts.pool,
        poolId: plan.poolId,
        borrower: plan.borrower,
        collateralReserve: BigInt(plan.collateral.index),
        debtReserve: BigInt(plan.debt.index),
        maxRepayAssets: plan.maxRepayAssets,
        receiver: plan.receiver,
      });
      return { ...sent, approvalReceipt: approved?.receipt };
    },
    report: async (plan, sent) => {
      const { collateral, debt } = plan;
      // The Liquidate event's own numbers: what was repaid, seized, and of that what the treasury took.
      const proceeds = liquidationProceeds(sent, collateral, debt);
      const coll = (units: bigint) => `${formatAmount(units, collateral.config.decimals)} ${collateral.symbol}`;
      const gas = gasSpent([sent.approvalReceipt, sent.receipt]);
      const who = plan.receiver === plan.sender ? "you received" : `${plan.receiver} received`;
      return {
        sentence:
          `Repaid ${formatAmount(sent.repaidAssets, debt.config.decimals)} ${debt.symbol} and seized ${coll(sent.seizedAssets)} in ${sent.hash}: ` +
          `${who} ${coll(proceeds.received)} and ${coll(proceeds.toTreasury)} went to the treasury. ` +
          `Net bonus ${formatUsd(proceeds.netBonusValue)} (${formatPercent(proceeds.netBonus)}): ${formatUsd(proceeds.receivedValue)} received for ${formatUsd(proceeds.repaidValue)} repaid. ${gasSentence(gas)}`,
        json: {
          hash: sent.hash,
          repaidAssets: sent.repaidAssets,
          repaidShares: sent.repaidShares,
          seizedAssets: sent.seizedAssets,
          protocolFee: sent.protocolFee,
          receivedAssets: proceeds.received,
          treasuryAssets: proceeds.toTreasury,
          receivedValueUsd: proceeds.receivedValue,
          repaidValueUsd: proceeds.repaidValue,
          netBonusUsd: proceeds.netBonusValue,
          netBonus: proceeds.netBonus,
          ...gasJson(gas),
        },
      };
    },
  };
}

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
        await runTransaction(context, liquidationDescriptor(context, options));
      }),
    );
}
