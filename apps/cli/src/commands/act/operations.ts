import {
  type Action,
  borrow,
  ensureAllowance,
  getHealthFactor,
  getTokenBalance,
  repay,
  repayAll,
  supply,
  supplyCollateral,
  withdraw,
  withdrawCollateral,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address } from "viem";
import { confirm } from "../../lib/confirm.ts";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor, toJson } from "../../lib/format.ts";
import { parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { choosePoolId, findReserve, type NamedReserve, poolName, readAccount, readPool } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderPairs } from "../../lib/table.ts";
import { preview } from "./preview.ts";

/** The pool operations the CLI sends, by the name of the pool's function. */
export type OperationKind = "supply" | "withdraw" | "supplyCollateral" | "withdrawCollateral" | "borrow" | "repay";

type OperationOptions = { pool?: string; asset?: string; amount?: string; onBehalf?: string; receiver?: string };

/**
 * "max" amounts that depend on interest (max borrow, max collateral withdrawal) are computed this many
 * seconds ahead, so the interest accrued before the transaction is mined cannot make them fail.
 */
const MAX_SAFETY_SECONDS = 60n;

const PAST: Record<OperationKind, string> = {
  supply: "Supplied",
  withdraw: "Withdrew",
  supplyCollateral: "Deposited as collateral",
  withdrawCollateral: "Withdrew collateral",
  borrow: "Borrowed",
  repay: "Repaid",
};

/** Adds the options every operation takes. */
function withOperationOptions(command: Command, kind: OperationKind): Command {
  command
    .option("--pool <id>", "pool id (default: the deployment's first pool)")
    .option("--asset <symbol|address>", "the reserve's token, e.g. USDC, WETH (ETH), or an address")
    .option("--amount <amount>", 'amount in whole tokens (e.g. 1.5), or "max"')
    .option("--on-behalf <address>", onBehalfHelp(kind));
  if (kind === "withdraw" || kind === "withdrawCollateral" || kind === "borrow") {
    command.option("--receiver <address>", "who receives the tokens (default: you)");
  }
  return command;
}

function onBehalfHelp(kind: OperationKind): string {
  if (kind === "supply" || kind === "supplyCollateral") return "credit another account (default: you)";
  if (kind === "repay") return "repay another account's debt (default: yours)";
  return "act on another account that authorized you (default: yours)";
}

/** Builds the simulated action for the amount the user gave. */
async function buildAction(
  context: SignerContext,
  kind: OperationKind,
  reserve: NamedReserve,
  text: string,
): Promise<Action> {
  const amount = parseAmount(text, reserve.config.decimals, reserve.symbol);
  const index = reserve.index;
  if (amount.kind === "exact") {
    const assets = amount.units;
    if (kind === "supplyCollateral" || kind === "withdrawCollateral") return { type: kind, reserve: index, assets };
    return { type: kind, reserve: index, amount: { assets } };
  }
  switch (kind) {
    case "supply":
    case "supplyCollateral": {
      // "max" supplies the whole wallet balance.
      const balance = await getTokenBalance(context.publicClient, {
        token: reserve.config.asset,
        account: context.account.address,
      });
      if (balance === 0n)
        throw new UsageError(`You hold no ${reserve.symbol} to ${kind === "supply" ? "supply" : "deposit"}.`);
      return kind === "supply"
        ? { type: "supply", reserve: index, amount: { assets: balance } }
        : { type: "supplyCollateral", reserve: index, assets: balance };
    }
    case "withdraw":
      return { type: "withdraw", reserve: index, amount: "max" };
    case "withdrawCollateral":
      return { type: "withdrawCollateral", reserve: index, assets: "max" };
    case "borrow":
      return { type: "borrow", reserve: index, amount: "max" };
    case "repay":
      return { type: "repay", reserve: index, amount: "all" };
  }
}

/** Why an operation whose amount resolves to zero has nothing to do. */
function nothingToMove(kind: OperationKind, symbol: string, own: boolean): string {
  const who = own ? "You" : "The account";
  const has = own ? "have" : "has";
  switch (kind) {
    case "repay":
      return `${who} ${own ? "owe" : "owes"} no ${symbol} in this pool: there is nothing to repay.`;
    case "withdraw":
      return `${who} ${has} no ${symbol} supplied in this pool: there is nothing to withdraw.`;
    case "withdrawCollateral":
      return `${who} ${has} no ${symbol} collateral that can be withdrawn now.`;
    case "borrow":
      return `${who} cannot borrow any ${symbol} now: no borrowing power is left, or the reserve has no idle liquidity.`;
    default:
      return `The amount of ${symbol} is zero: there is nothing to ${kind === "supplyCollateral" ? "deposit" : "supply"}.`;
  }
}

/** Sends an operation after a preview and a confirmation; the pool rechecks everything on chain. */
async function runOperation(kind: OperationKind, options: OperationOptions, command: Command): Promise<void> {
  const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
  const poolId = choosePoolId(context, options.pool);
  const pool = await readPool(context, poolId);
  const reserve = findReserve(pool, requireOption(options.asset, "--asset"));
  const sender = context.account.address;
  const onBehalf = options.onBehalf ? parseAddress(options.onBehalf, "--on-behalf") : sender;
  const receiver = options.receiver ? parseAddress(options.receiver, "--receiver") : sender;
  const simulated = await buildAction(context, kind, reserve, requireOption(options.amount, "--amount"));
  const account = await readAccount(context, pool, onBehalf);
  const isMax =
    simulated.type === "supplyCollateral" || simulated.type === "withdrawCollateral"
      ? simulated.assets === "max"
      : simulated.type !== "liquidate" && "amount" in simulated && typeof simulated.amount === "string";
  // A max that interest could shrink is sized a little ahead of time.
  const when =
    isMax && (kind === "borrow" || kind === "withdrawCollateral")
      ? pool.timestamp + MAX_SAFETY_SECONDS
      : pool.timestamp;
  const { before, result } = preview({ ...pool, timestamp: when }, account, simulated, reserve);
  const moved = result.results[0] as { assets: bigint; shares?: bigint };
  const decimals = reserve.config.decimals;
  // "max" or "all" of nothing moves nothing: that is the caller's mistake, said before anything is sent.
  if (moved.assets === 0n) throw new UsageError(nothingToMove(kind, reserve.symbol, onBehalf === sender));

  if (kind === "supply" || kind === "supplyCollateral" || kind === "repay") {
    const balance = await getTokenBalance(context.publicClient, { token: reserve.config.asset, account: sender });
    if (balance < moved.assets) {
      throw new UsageError(
        `You hold ${formatAmount(balance, decimals)} ${reserve.symbol}; this needs ${formatAmount(moved.assets, decimals)} ${reserve.symbol}.`,
      );
    }
  }

  const summary = {
    operation: kind,
    pool: `${poolName(context, poolId)} (pool ${poolId})`,
    asset: reserve.symbol,
    amount: moved.assets,
    account: sender,
    onBehalf,
    receiver,
    healthFactorBefore: before,
    healthFactorAfter: result.healthFactor,
  };
  if (!context.json) {
    console.log(
      renderPairs([
        ["Operation", kind],
        ["Pool", summary.pool],
        ["Amount", `${formatAmount(moved.assets, decimals)} ${reserve.symbol}`],
        ["Signer", `${sender} (${context.accountSource})`],
        ...(onBehalf !== sender ? ([["On behalf of", onBehalf]] as [string, string][]) : []),
        ...(receiver !== sender ? ([["Receiver", receiver]] as [string, string][]) : []),
        ["Health factor", `${formatHealthFactor(before)} → ${formatHealthFactor(result.healthFactor)}`],
      ]),
    );
  }
  if (!context.yes) await confirm("Send this transaction?");

  const sent = await send(context, kind, {
    pool: context.deployment.contracts.pool,
    poolId,
    reserve: BigInt(reserve.index),
    token: reserve.config.asset,
    assets: moved.assets,
    repayAll: kind === "repay" && simulated.type === "repay" && simulated.amount === "all",
    withdrawAll: kind === "withdraw" && isMax && moved.shares === account.positions[reserve.index].supplyShares,
    onBehalf,
    receiver,
  });
  const healthFactor = await getHealthFactor(context.publicClient, {
    pool: context.deployment.contracts.pool,
    poolId,
    account: onBehalf,
  });
  if (context.json) {
    console.log(toJson({ ...summary, hash: sent.hash, amount: sent.assets, healthFactorAfter: healthFactor }));
  } else {
    console.log(
      `${PAST[kind]} ${formatAmount(sent.assets, decimals)} ${reserve.symbol} in ${sent.hash}. Health factor ${formatHealthFactor(healthFactor)}.`,
    );
  }
}

type SendParameters = {
  pool: Address;
  poolId: bigint;
  reserve: bigint;
  token: Address;
  assets: bigint;
  repayAll: boolean;
  withdrawAll: boolean;
  onBehalf: Address;
  receiver: Address;
};

/** Approves what the pool pulls (exactly that) and sends the operation through the SDK. */
async function send(
  context: SignerContext,
  kind: OperationKind,
  p: SendParameters,
): Promise<{ hash: `0x${string}`; assets: bigint }> {
  const client = context.walletClient;
  const target = { pool: p.pool, poolId: p.poolId, reserve: p.reserve };
  if (kind === "supply" || kind === "supplyCollateral" || kind === "repay") {
    // Repaying everything pulls the debt with interest up to the block: allow 0.1% more than previewed.
    const allowance = p.repayAll ? p.assets + p.assets / 1000n + 1n : p.assets;
    await ensureAllowance(client, { token: p.token, spender: p.pool, amount: allowance });
  }
  switch (kind) {
    case "supply":
      return supply(client, { ...target, assets: p.assets, onBehalf: p.onBehalf });
    case "supplyCollateral":
      return supplyCollateral(client, { ...target, assets: p.assets, onBehalf: p.onBehalf });
    case "withdraw":
      return p.withdrawAll
        ? withdraw(client, { ...target, max: true, onBehalf: p.onBehalf, receiver: p.receiver })
        : withdraw(client, { ...target, assets: p.assets, onBehalf: p.onBehalf, receiver: p.receiver });
    case "withdrawCollateral":
      return withdrawCollateral(client, { ...target, assets: p.assets, onBehalf: p.onBehalf, receiver: p.receiver });
    case "borrow":
      return borrow(client, { ...target, assets: p.assets, onBehalf: p.onBehalf, receiver: p.receiver });
    case "repay":
      return p.repayAll
        ? repayAll(client, { ...target, onBehalf: p.onBehalf })
        : repay(client, { ...target, assets: p.assets, onBehalf: p.onBehalf });
  }
}

/** `keel supply|withdraw|borrow|repay` and `keel collateral add|remove`. */
export function registerOperations(program: Command): void {
  const simple: [OperationKind, string, string][] = [
    ["supply", "supply", "Lend tokens to a reserve and earn interest."],
    ["withdraw", "withdraw", "Withdraw lent tokens (with the interest earned)."],
    ["borrow", "borrow", "Borrow against your collateral."],
    ["repay", "repay", 'Repay debt ("max" repays all of it, to the last wei).'],
  ];
  for (const [kind, name, description] of simple) {
    withOperationOptions(program.command(name).description(description), kind).action(
      action((options: OperationOptions, command: Command) => runOperation(kind, options, command)),
    );
  }
  const collateral = program.command("collateral").description("Deposit or withdraw collateral.");
  withOperationOptions(
    collateral.command("add").description("Deposit collateral (it is never lent out)."),
    "supplyCollateral",
  ).action(action((options: OperationOptions, command: Command) => runOperation("supplyCollateral", options, command)));
  withOperationOptions(
    collateral.command("remove").description("Withdraw collateral, if your debt allows it."),
    "withdrawCollateral",
  ).action(
    action((options: OperationOptions, command: Command) => runOperation("withdrawCollateral", options, command)),
  );
}
