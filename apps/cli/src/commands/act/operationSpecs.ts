// The six pool operations (supply, withdraw, collateral add and remove, borrow, repay), each described
// once: what differs between them lives in this table, the flow that plans and sends them is one.
import {
  type AccountSnapshot,
  type Action,
  accountHealthFactor,
  borrow,
  getTokenBalance,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  type Position,
  repay,
  repayAll,
  supply,
  supplyCollateral,
  withdraw,
  withdrawCollateral,
} from "@keel/sdk";
import type { Address, Hex, TransactionReceipt } from "viem";
import type { SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatHealthFactor } from "../../lib/format.ts";
import type { NamedPool, NamedReserve } from "../../lib/market.ts";
import { formatTarget, largestKeepingHealth } from "../../lib/poolRisk.ts";
import type { OperationWords } from "./preview.ts";

/** The pool operations the CLI sends, by the name of the pool's function. */
export type OperationKind = "supply" | "withdraw" | "supplyCollateral" | "withdrawCollateral" | "borrow" | "repay";

export type OperationOptions = {
  pool?: string;
  asset?: string;
  amount?: string;
  onBehalf?: string;
  receiver?: string;
  minHealth?: string;
};

/** What "max" is sized from. */
export type MaxInput = {
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
export type MaxSizing = { action: Action; poolLimit?: bigint };

/** What the SDK action of an operation is given. */
export type SendParameters = {
  target: { pool: Address; poolId: bigint; reserve: bigint };
  assets: bigint;
  /** A max that moves the whole position: sent by shares (read just before sending), so no dust remains. */
  whole: boolean;
  onBehalf: Address;
  receiver: Address;
};

export type SentOperation = { hash: Hex; receipt: TransactionReceipt; assets: bigint };

/** One pool operation, described once: OPERATIONS below holds one for each. */
export type OperationSpec = {
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
  /**
   * For a borrow or a collateral withdrawal, whose "max" keeps a health-factor buffer (--min-health,
   * decision 0030): the pool's own limit, KeelLens's answer MAX_SAFETY_SECONDS ahead. "max" is then the
   * most within it that keeps the buffer, and `max` below is not used.
   */
  poolLimit?: (m: MaxInput) => bigint;
  onBehalfHelp: string;
  /** What "max" means, for --help. */
  maxHelp: string;
  /** The reserve rate the preview shows before → after. */
  rate?: { label: string; of: "supplyApy" | "borrowApy" };
  /** The simulated action for an exact amount. */
  exact: (reserve: number, assets: bigint) => Action;
  /** What "max" means: the simulated action. Throws a UsageError when there is nothing to move. */
  max?: (input: MaxInput) => Promise<MaxSizing>;
  /** For a max: whether it moved the whole position, so it is sent by shares. */
  whole?: (moved: { shares?: bigint }, position: Position) => boolean;
  /** The sentence when there is nothing to move. */
  nothing: (symbol: string, own: boolean) => string;
  /** Sends it through the SDK, which simulates the call first and decodes the event. */
  send: (client: SignerContext["walletClient"], p: SendParameters) => Promise<SentOperation>;
};

const CREDIT = "credit another account (default: you)";
const ACT_FOR = "act on another account that authorized you (default: yours)";
export const COLLATERAL_GROUP = "Deposit or withdraw collateral.";

/** The six pool operations. Everything that differs between them is here; the flow (operationPlan.ts, operations.ts) is one. */
export const OPERATIONS: Record<OperationKind, OperationSpec> = {
  supply: {
    name: "supply",
    description: "Lend tokens to a reserve and earn interest.",
    words: { noun: "supply" },
    past: "Supplied",
    pulls: true,
    receiver: false,
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
    poolLimit: (m) => maxBorrow(m.later, m.account, m.reserve.index),
    onBehalfHelp: ACT_FOR,
    maxHelp: "the most that keeps the health factor at --min-health",
    rate: { label: "Borrow APY", of: "borrowApy" },
    exact: (reserve, assets) => ({ type: "borrow", reserve, amount: { assets } }),
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
    poolLimit: (m) => maxWithdrawCollateral(m.later, m.account, m.reserve.index),
    onBehalfHelp: ACT_FOR,
    maxHelp: "the most that keeps the health factor at --min-health",
    exact: (reserve, assets) => ({ type: "withdrawCollateral", reserve, assets }),
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
export function bufferedMax(m: MaxInput, limit: bigint, build: (assets: bigint) => Action): MaxSizing {
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
