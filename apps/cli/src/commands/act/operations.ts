import {
  type AccountSnapshot,
  type Action,
  accountHealthFactor,
  borrow,
  ensureAllowance,
  getAllowance,
  getHealthFactor,
  getTokenBalance,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  type Position,
  repay,
  repayAll,
  reserveRates,
  type SimulationResult,
  supply,
  supplyCollateral,
  withdraw,
  withdrawCollateral,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address, Hex, TransactionReceipt } from "viem";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor } from "../../lib/format.ts";
import { checkAmountForm, parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import {
  choosePoolId,
  findReserve,
  type NamedPool,
  type NamedReserve,
  poolName,
  readAccount,
  readPool,
} from "../../lib/market.ts";
import { gasJson, gasSentence, gasSpent } from "../../lib/poolFees.ts";
import {
  DEFAULT_MIN_HEALTH,
  formatLiquidationPriceWithNow,
  formatTarget,
  healthWarnings,
  type LiquidationQuote,
  largestKeepingHealth,
  mainCollateral,
  parseMinHealth,
  quoteLiquidationPrice,
} from "../../lib/poolRisk.ts";
import { expectedBlockTime, MAX_SAFETY_SECONDS } from "../../lib/poolTime.ts";
import { action } from "../../lib/run.ts";
import { type PreviewRow, runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";
import { type OperationWords, preview } from "./preview.ts";

/** The pool operations the CLI sends, by the name of the pool's function. */
export type OperationKind = "supply" | "withdraw" | "supplyCollateral" | "withdrawCollateral" | "borrow" | "repay";

type OperationOptions = {
  pool?: string;
  asset?: string;
  amount?: string;
  onBehalf?: string;
  receiver?: string;
  minHealth?: string;
};

/** What "max" is sized from. */
type MaxInput = {
  context: SignerContext;
  /** The pool at the transaction's expected block. */
  pool: NamedPool;
  /** The pool MAX_SAFETY_SECONDS later: a max that interest shrinks is sized there. */
  later: NamedPool;
  account: AccountSnapshot;
  reserve: NamedReserve;
  /** The health factor a buffered max keeps (--min-health, 1.10 by default). */
  minHealth: bigint;
  /** "You" or "The account": who the sentences speak of. */
  own: boolean;
  /** The operation's verb in sentences ("borrow", "withdraw"). */
  verb: string;
  /** Throws the operation's sentence for "there is nothing to move". */
  nothing: () => never;
};

/** A max as sized: the action to simulate and, when the health buffer made it smaller, the pool's own limit. */
type MaxSizing = { action: Action; poolLimit?: bigint };

/** What the SDK action of an operation is given. */
type SendParameters = {
  target: { pool: Address; poolId: bigint; reserve: bigint };
  assets: bigint;
  /** A max that moves the whole position: sent by shares (read just before sending), so no dust remains. */
  whole: boolean;
  onBehalf: Address;
  receiver: Address;
};

type SentOperation = { hash: Hex; receipt: TransactionReceipt; assets: bigint };

/** One pool operation, described once: the table below holds one for each. */
type OperationSpec = {
  /** The command's name, and the group it belongs to (`keel collateral add`). */
  name: string;
  group?: "collateral";
  description: string;
  /** How refusals name it. */
  words: OperationWords;
  /** "Supplied", "Withdrew collateral", …: the result sentence's first word(s). */
  past: string;
  /** Whether the pool pulls the tokens from the signer (then an approval may come first). */
  pulls: boolean;
  /** Whether it takes --receiver (the tokens leave the pool). */
  receiver: boolean;
  /** Whether "max" keeps a health-factor buffer (--min-health). */
  buffered: boolean;
  onBehalfHelp: string;
  /** What "max" means, for --help. */
  maxHelp: string;
  /** The reserve rate the preview shows before → after. */
  rate?: { label: string; of: "supplyApy" | "borrowApy" };
  /** The simulated action for an exact amount. */
  exact: (reserve: number, assets: bigint) => Action;
  /** What "max" means: the simulated action. Throws a UsageError when there is nothing to move. */
  max: (input: MaxInput) => Promise<MaxSizing>;
  /** For a max: whether it moved the whole position, so it is sent by shares. */
  whole?: (moved: { shares?: bigint }, position: Position) => boolean;
  /** The sentence when there is nothing to move. */
  nothing: (symbol: string, own: boolean) => string;
  /** Sends it through the SDK, which simulates the call first and decodes the event. */
  send: (client: SignerContext["walletClient"], p: SendParameters) => Promise<SentOperation>;
};

const CREDIT = "credit another account (default: you)";
const ACT_FOR = "act on another account that authorized you (default: yours)";
const COLLATERAL_GROUP = "Deposit or withdraw collateral.";

/** The six pool operations. Everything that differs between them is here; the flow below is one. */
const OPERATIONS: Record<OperationKind, OperationSpec> = {
  supply: {
    name: "supply",
    description: "Lend tokens to a reserve and earn interest.",
    words: { noun: "supply" },
    past: "Supplied",
    pulls: true,
    receiver: false,
    buffered: false,
    onBehalfHelp: CREDIT,
    maxHelp: "your wallet balance",
    rate: { label: "Supply APY", of: "supplyApy" },
    exact: (reserve, assets) => ({ type: "supply", reserve, amount: { assets } }),
    max: async (m) => ({
      action: { type: "supply", reserve: m.reserve.index, amount: { assets: await walletBalance(m, "supply") } },
    }),
    nothing: (symbol) => `The amount of ${symbol} is zero: there is nothing to supply.`,
    send: (client, p) => supply(client, { ...p.target, assets: p.assets, onBehalf: p.onBehalf }),
  },
  withdraw: {
    name: "withdraw",
    description: "Withdraw lent tokens (with the interest earned).",
    words: { noun: "withdrawal", most: "withdraw" },
    past: "Withdrew",
    pulls: false,
    receiver: true,
    buffered: false,
    onBehalfHelp: ACT_FOR,
    maxHelp: "everything withdrawable, every share when liquidity allows",
    exact: (reserve, assets) => ({ type: "withdraw", reserve, amount: { assets } }),
    max: async (m) => {
      if (m.account.positions[m.reserve.index].supplyShares === 0n) m.nothing();
      if (maxWithdraw(m.pool, m.account, m.reserve.index) === 0n) {
        throw new UsageError(
          `The reserve has no idle ${m.reserve.symbol} now: all of it is lent out. Try again after repayments, or withdraw less once some is back.`,
        );
      }
      return { action: { type: "withdraw", reserve: m.reserve.index, amount: "max" } };
    },
    whole: (moved, position) => moved.shares === position.supplyShares,
    nothing: (symbol, own) =>
      `${own ? "You have" : "The account has"} no ${symbol} supplied in this pool: there is nothing to withdraw.`,
    send: (client, p) =>
      p.whole
        ? withdraw(client, { ...p.target, max: true, onBehalf: p.onBehalf, receiver: p.receiver })
        : withdraw(client, { ...p.target, assets: p.assets, onBehalf: p.onBehalf, receiver: p.receiver }),
  },
  borrow: {
    name: "borrow",
    description: "Borrow against your collateral.",
    words: { noun: "borrow", most: "borrow" },
    past: "Borrowed",
    pulls: false,
    receiver: true,
    buffered: true,
    onBehalfHelp: ACT_FOR,
    maxHelp: "the most that keeps the health factor at --min-health",
    rate: { label: "Borrow APY", of: "borrowApy" },
    exact: (reserve, assets) => ({ type: "borrow", reserve, amount: { assets } }),
    max: async (m) =>
      bufferedMax(m, maxBorrow(m.later, m.account, m.reserve.index), (assets) => ({
        type: "borrow",
        reserve: m.reserve.index,
        amount: { assets },
      })),
    nothing: (symbol, own) =>
      `${own ? "You" : "The account"} cannot borrow any ${symbol} now: no borrowing power is left, or the reserve has no idle liquidity.`,
    send: (client, p) => borrow(client, { ...p.target, assets: p.assets, onBehalf: p.onBehalf, receiver: p.receiver }),
  },
  repay: {
    name: "repay",
    description: 'Repay debt ("max" repays all of it, to the last wei).',
    words: { noun: "repayment", most: "repay" },
    past: "Repaid",
    pulls: true,
    receiver: false,
    buffered: false,
    onBehalfHelp: "repay another account's debt (default: yours)",
    maxHelp: "the whole debt, by shares, so no dust remains",
    exact: (reserve, assets) => ({ type: "repay", reserve, amount: { assets } }),
    max: async (m) => {
      if (m.account.positions[m.reserve.index].debtShares === 0n) m.nothing();
      return { action: { type: "repay", reserve: m.reserve.index, amount: "all" } };
    },
    whole: (moved, position) => moved.shares === position.debtShares,
    nothing: (symbol, own) =>
      `${own ? "You owe" : "The account owes"} no ${symbol} in this pool: there is nothing to repay.`,
    send: (client, p) =>
      p.whole
        ? repayAll(client, { ...p.target, onBehalf: p.onBehalf })
        : repay(client, { ...p.target, assets: p.assets, onBehalf: p.onBehalf }),
  },
  supplyCollateral: {
    name: "add",
    group: "collateral",
    description: "Deposit collateral (it is never lent out).",
    words: { noun: "collateral deposit" },
    past: "Deposited as collateral",
    pulls: true,
    receiver: false,
    buffered: false,
    onBehalfHelp: CREDIT,
    maxHelp: "your wallet balance",
    exact: (reserve, assets) => ({ type: "supplyCollateral", reserve, assets }),
    max: async (m) => ({
      action: { type: "supplyCollateral", reserve: m.reserve.index, assets: await walletBalance(m, "deposit") },
    }),
    nothing: (symbol) => `The amount of ${symbol} is zero: there is nothing to deposit.`,
    send: (client, p) => supplyCollateral(client, { ...p.target, assets: p.assets, onBehalf: p.onBehalf }),
  },
  withdrawCollateral: {
    name: "remove",
    group: "collateral",
    description: "Withdraw collateral, if your debt allows it.",
    words: { noun: "collateral withdrawal", most: "withdraw" },
    past: "Withdrew collateral",
    pulls: false,
    receiver: true,
    buffered: true,
    onBehalfHelp: ACT_FOR,
    maxHelp: "the most that keeps the health factor at --min-health",
    exact: (reserve, assets) => ({ type: "withdrawCollateral", reserve, assets }),
    max: async (m) => {
      if (m.account.positions[m.reserve.index].collateral === 0n) m.nothing();
      return bufferedMax(m, maxWithdrawCollateral(m.later, m.account, m.reserve.index), (assets) => ({
        type: "withdrawCollateral",
        reserve: m.reserve.index,
        assets,
      }));
    },
    nothing: (symbol, own) =>
      `${own ? "You have" : "The account has"} no ${symbol} collateral that can be withdrawn now.`,
    send: (client, p) =>
      withdrawCollateral(client, { ...p.target, assets: p.assets, onBehalf: p.onBehalf, receiver: p.receiver }),
  },
};

/** "max" of a deposit: the signer's whole wallet balance. */
async function walletBalance(m: MaxInput, verb: string): Promise<bigint> {
  const balance = await getTokenBalance(m.context.publicClient, {
    token: m.reserve.config.asset,
    account: m.context.account.address,
  });
  if (balance === 0n) throw new UsageError(`You hold no ${m.reserve.symbol} to ${verb}.`);
  return balance;
}

/**
 * "max" of a borrow or a collateral withdrawal: the most within the pool's limit (`limit`, KeelLens's
 * answer MAX_SAFETY_SECONDS ahead) that keeps the health factor at or above --min-health then
 * (decision 0030). With --min-health 1 that is the pool's limit itself.
 */
function bufferedMax(m: MaxInput, limit: bigint, build: (assets: bigint) => Action): MaxSizing {
  if (limit === 0n) m.nothing();
  const amount = largestKeepingHealth(m.later, m.account, limit, m.minHealth, build);
  if (amount === 0n) {
    const { symbol } = m.reserve;
    throw new UsageError(
      `${m.own ? "You" : "The account"} cannot ${m.verb} any ${symbol} and keep ${m.own ? "your" : "its"} health factor at or above ${formatTarget(m.minHealth)}: it is ${formatHealthFactor(accountHealthFactor(m.pool, m.account))} now. The pool itself allows up to ${formatAmount(limit, m.reserve.config.decimals)} ${symbol}; pass --min-health 1 to take that.`,
    );
  }
  return { action: build(amount), poolLimit: amount < limit ? limit : undefined };
}

/** Everything decided before sending, shown in the preview and sent as it is. */
type OperationPlan = {
  kind: OperationKind;
  poolId: bigint;
  poolLabel: string;
  reserve: NamedReserve;
  sender: Address;
  onBehalf: Address;
  receiver: Address;
  accountSource: string;
  /** Token units the preview says move. */
  amount: bigint;
  whole: boolean;
  /** When the health buffer made a max smaller: the pool's own limit. */
  poolLimit?: bigint;
  /** The health factor a max keeps (buffered operations only). */
  minHealth?: bigint;
  before: bigint;
  result: SimulationResult;
  /** For tokens the pool pulls: the signer's allowance now and what the operation needs. */
  approval?: { allowance: bigint; needed: bigint };
  rate?: { label: string; before?: number; after?: number };
  /** The main collateral's liquidation price after the operation, when it leaves debt. */
  liquidation?: LiquidationQuote;
  /** Whether the account holds anything at all after the operation. */
  holdsAnything: boolean;
};

type OperationSent = SentOperation & { approvalReceipt?: TransactionReceipt };

/** Reads and decides everything for one operation; every mistake a caller can fix is a UsageError here. */
async function planOperation(
  kind: OperationKind,
  context: SignerContext,
  options: OperationOptions,
): Promise<OperationPlan> {
  const spec = OPERATIONS[kind];
  const minHealthGiven = spec.buffered && options.minHealth !== undefined;
  const minHealth = minHealthGiven ? parseMinHealth(options.minHealth as string) : DEFAULT_MIN_HEALTH;
  const poolId = choosePoolId(context, options.pool);
  const snapshot = await readPool(context, poolId);
  const reserve = findReserve(snapshot, requireOption(options.asset, "--asset"));
  const sender = context.account.address;
  const onBehalf = options.onBehalf ? parseAddress(options.onBehalf, "--on-behalf") : sender;
  const receiver = options.receiver ? parseAddress(options.receiver, "--receiver") : sender;
  const own = onBehalf === sender;
  const amount = parseAmount(requireOption(options.amount, "--amount"), reserve.config.decimals, reserve.symbol);
  const account = await readAccount(context, snapshot, onBehalf);
  // Everything is computed for the block the transaction is expected in, not the last one mined.
  const at = await expectedBlockTime(context, snapshot);
  const pool = { ...snapshot, timestamp: at };
  const nothing = (): never => {
    throw new UsageError(spec.nothing(reserve.symbol, own));
  };
  const sizing: MaxSizing =
    amount.kind === "exact"
      ? { action: spec.exact(reserve.index, amount.units) }
      : await spec.max({
          context,
          pool,
          later: { ...snapshot, timestamp: at + MAX_SAFETY_SECONDS },
          account,
          reserve,
          minHealth,
          own,
          verb: spec.words.most ?? spec.name,
          nothing,
        });
  const { before, result } = preview(pool, account, sizing.action, reserve, spec.words);
  const moved = result.results[0] as { assets: bigint; shares?: bigint };
  // "max" or "all" of nothing moves nothing: the caller's mistake, said before anything is sent.
  if (moved.assets === 0n) nothing();
  const after = result.healthFactor;
  if (minHealthGiven && amount.kind === "exact" && after !== undefined && after < minHealth) {
    throw new UsageError(
      `This ${spec.words.noun} would leave ${own ? "your" : "the account's"} health factor at ${formatHealthFactor(after)}, below --min-health ${formatTarget(minHealth)}; nothing was sent. \`--amount max\` takes the most that keeps it.`,
    );
  }
  const whole = amount.kind === "max" && (spec.whole?.(moved, account.positions[reserve.index]) ?? false);
  const decimals = reserve.config.decimals;

  let approval: OperationPlan["approval"];
  if (spec.pulls) {
    const token = reserve.config.asset;
    const balance = await getTokenBalance(context.publicClient, { token, account: sender });
    if (balance < moved.assets) {
      throw new UsageError(
        `You hold ${formatAmount(balance, decimals)} ${reserve.symbol}; this needs ${formatAmount(moved.assets, decimals)} ${reserve.symbol}.`,
      );
    }
    const allowance = await getAllowance(context.publicClient, {
      token,
      owner: sender,
      spender: context.deployment.contracts.pool,
    });
    // Repaying everything pulls the debt with interest up to the block: allow 0.1% more than previewed.
    const needed = whole ? moved.assets + moved.assets / 1000n + 1n : moved.assets;
    approval = { allowance, needed };
  }

  const named = {
    ...result.pool,
    reserves: result.pool.reserves.map((r, i) => ({ ...r, symbol: pool.reserves[i].symbol })),
  };
  const main = mainCollateral(result.pool, result.account);
  const liquidationPrice = main === undefined ? undefined : result.liquidationPrice[main];
  return {
    kind,
    poolId,
    poolLabel: `${poolName(context, poolId)} (pool ${poolId})`,
    reserve,
    sender,
    onBehalf,
    receiver,
    accountSource: context.accountSource,
    amount: moved.assets,
    whole,
    poolLimit: sizing.poolLimit,
    minHealth: spec.buffered ? minHealth : undefined,
    before,
    result,
    approval,
    rate: spec.rate && {
      label: spec.rate.label,
      before: rateOf(pool.reserves[reserve.index], pool.timestamp, spec.rate.of),
      after: rateOf(result.pool.reserves[reserve.index], result.pool.timestamp, spec.rate.of),
    },
    liquidation:
      main !== undefined &&
      liquidationPrice !== undefined &&
      result.health !== undefined &&
      result.health.debtValue > 0n
        ? quoteLiquidationPrice(named, result.account, main, liquidationPrice)
        : undefined,
    holdsAnything: result.account.positions.some(
      (p) => p.supplyShares !== 0n || p.collateral !== 0n || p.debtShares !== 0n,
    ),
  };
}

/** A reserve's APY for display; undefined when its rate model cannot be computed offline. */
function rateOf(
  reserve: NamedReserve | SimulationResult["pool"]["reserves"][number],
  timestamp: bigint,
  of: "supplyApy" | "borrowApy",
): number | undefined {
  try {
    return reserveRates(reserve, timestamp)[of];
  } catch {
    return undefined;
  }
}

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
  if (spec.buffered) {
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
        if (spec.buffered && options.minHealth !== undefined) parseMinHealth(options.minHealth);
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await runTransaction(context, operationDescriptor(kind, context, options));
      }),
    );
  }
}
