// Planning a pool operation: everything read and decided before anything is sent, shown in the
// preview and then sent as it is.
import { getAllowance, getTokenBalance, reserveRates, type SimulationResult } from "@keel/sdk";
import type { Address, TransactionReceipt } from "viem";
import type { SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor } from "../../lib/format.ts";
import { parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { choosePoolId, findReserve, type NamedReserve, poolName, readAccount, readPool } from "../../lib/market.ts";
import {
  DEFAULT_MIN_HEALTH,
  formatTarget,
  type LiquidationQuote,
  largestKeepingHealth,
  mainCollateral,
  parseMinHealth,
  quoteLiquidationPrice,
} from "../../lib/poolRisk.ts";
import { expectedBlockTime, MAX_SAFETY_SECONDS } from "../../lib/poolTime.ts";
import {
  bufferedMax,
  type MaxInput,
  type MaxSizing,
  OPERATIONS,
  type OperationKind,
  type OperationOptions,
  type SentOperation,
} from "./operationSpecs.ts";
import { preview } from "./preview.ts";

/** Everything decided before sending, shown in the preview and sent as it is. */
export type OperationPlan = {
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

export type OperationSent = SentOperation & { approvalReceipt?: TransactionReceipt };

/** Reads and decides everything for one operation; every mistake a caller can fix is a UsageError here. */
export async function planOperation(
  kind: OperationKind,
  context: SignerContext,
  options: OperationOptions,
): Promise<OperationPlan> {
  const spec = OPERATIONS[kind];
  const minHealthGiven = spec.poolLimit !== undefined && options.minHealth !== undefined;
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
  const maxInput: MaxInput = {
    context,
    pool,
    later: { ...snapshot, timestamp: at + MAX_SAFETY_SECONDS },
    account,
    reserve,
    minHealth,
    own,
    verb: spec.words.most ?? spec.name,
    nothing,
  };
  const build = (assets: bigint) => spec.exact(reserve.index, assets);
  const poolLimit = spec.poolLimit;
  let sizing: MaxSizing;
  if (amount.kind === "exact") sizing = { action: build(amount.units) };
  else if (poolLimit !== undefined) sizing = bufferedMax(maxInput, poolLimit(maxInput), build);
  else if (spec.max) sizing = await spec.max(maxInput);
  else throw new Error(`${spec.name} has no max`);
  // An exact borrow or collateral withdrawal the pool would refuse is answered with the pool's limit
  // and with what `--amount max` would take, sized as that path sizes it: only then, so an accepted
  // amount pays for no search.
  const buffer =
    poolLimit !== undefined && amount.kind === "exact"
      ? {
          minHealth,
          limit: () => poolLimit(maxInput),
          maxAmount: () => largestKeepingHealth(maxInput.later, account, poolLimit(maxInput), minHealth, build),
          build,
        }
      : undefined;
  const { before, result } = preview(pool, account, sizing.action, reserve, spec.words, buffer);
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
    minHealth: spec.poolLimit ? minHealth : undefined,
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
