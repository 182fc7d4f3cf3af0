import type { Address, Hex } from "viem";
import { readContract } from "viem/actions";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { KeelReadClient } from "../internal/types.ts";
import { expectedReserveState } from "../math/accrual.ts";
import { MathError } from "../math/errors.ts";
import { SharesMathLib } from "../math/SharesMathLib.ts";
import { type SimulationResult, simulate } from "../simulation/simulate.ts";
import { getAccountSnapshot } from "../snapshot/getAccountSnapshot.ts";
import { getPoolSnapshot } from "../snapshot/getPoolSnapshot.ts";
import type { AccountSnapshot, PoolSnapshot } from "../types.ts";
import {
  type BuiltFlow,
  buildClose,
  buildCollateralSwap,
  buildDebtSwap,
  buildDeleverage,
  buildLeverage,
  buildRepayWithCollateral,
  type FlowReserve,
  type PoolFlowTarget,
} from "./poolFlows.ts";
import { quoteDeviation, quoteIn, quoteOut, requireWithinBound } from "./quote.ts";

const BPS = 10_000n;
const WAD = 10n ** 18n;

/** What the borrower wants done, with reserve indexes of the pool and amounts in token units. */
export type PoolFlowRequest =
  /** Deposit `deposit` of collateral from the wallet and borrow `borrow` more, swapped into collateral. */
  | { kind: "leverage"; collateral: number; debt: number; deposit: bigint; borrow: bigint }
  /** Repay `repay` of debt with collateral sold, through a flash loan. */
  | { kind: "deleverage"; collateral: number; debt: number; repay: bigint }
  /** Sell `sell` of collateral and repay debt with the proceeds, without a flash loan. */
  | { kind: "repayWithCollateral"; collateral: number; debt: number; sell: bigint }
  /** Repay the whole debt with collateral sold, and take the rest of the collateral back. */
  | { kind: "close"; collateral: number; debt: number }
  /** Move all collateral of `from` into `to` (the debt in reserve `debt`, if any, is carried over). */
  | { kind: "swapCollateral"; from: number; to: number; debt?: number }
  /** Move the whole debt of `from` into a debt of `to`. */
  | { kind: "swapDebt"; from: number; to: number };

export type PlanPoolFlowParameters = {
  pool: Address;
  poolId: bigint;
  bundler: Address;
  swapAdapter: Address;
  /** The Uniswap V2 router behind the swap adapter, quoted for the swap leg. */
  router: Address;
  /** The periphery registry, whose oracles the bundler checks every swap against. */
  registry: Address;
  account: Address;
  request: PoolFlowRequest;
  /** Slippage accepted below the quote, in BPS; 50 (0.5%) by default. */
  slippageBps?: bigint;
  /**
   * Tokens a swap may route through when the router has no direct pair (for example USDC and WETH); the
   * route that delivers most is taken. None by default: direct pairs only.
   */
  hubs?: readonly Address[];
  /** The largest shortfall against the oracles a swap may have, in BPS; 100 (1%) by default. */
  maxDeviationBps?: bigint;
  /** The health factor the bundle must leave, in WAD; 1.1 by default (ignored by close and debt-free flows). */
  minHealthFactor?: bigint;
};

/** The swap leg of a plan: its tokens, sizes and its price against the oracles. */
export type PlannedSwap = {
  tokenIn: Address;
  tokenOut: Address;
  /** The router path, first the token sold; two tokens for a direct pair. */
  path: readonly Address[];
  amountIn: bigint;
  quotedOut: bigint;
  minOut: bigint;
  /** How far the quote's value falls below the value sold, at the registry's oracles, in BPS. */
  deviationBps: bigint;
};

/** A flow, sized from quotes at one block, with its preview. */
export type PoolFlowPlan = {
  steps: Hex[];
  swap: PlannedSwap;
  /** The flash loan the bundle takes, if any. */
  flash?: { token: Address; amount: bigint; fee: bigint };
  before: { pool: PoolSnapshot; account: AccountSnapshot; healthFactor: bigint | undefined };
  /** The account after the bundle, as the contracts would leave it with the quoted swap. */
  after: SimulationResult;
};

/** Reads the pool and the account, quotes the swap, sizes the flow, and previews it with `simulate`. */
export async function planPoolFlow(client: KeelReadClient, parameters: PlanPoolFlowParameters): Promise<PoolFlowPlan> {
  const { pool, poolId, account, request } = parameters;
  const slippageBps = parameters.slippageBps ?? 50n;
  const minHealthFactor = parameters.minHealthFactor ?? (11n * WAD) / 10n;
  const poolSnapshot = await getPoolSnapshot(client, { pool, poolId });
  const accountSnapshot = await getAccountSnapshot(client, {
    pool,
    poolId,
    account,
    blockNumber: poolSnapshot.blockNumber,
  });
  const target: PoolFlowTarget = {
    bundler: parameters.bundler,
    swapAdapter: parameters.swapAdapter,
    poolId,
    account,
    maxDeviationBps: parameters.maxDeviationBps ?? 100n,
  };
  const reserveOf = (index: number): FlowReserve => {
    const reserve = poolSnapshot.reserves[index];
    if (reserve === undefined) throw new MathError(`Pool ${poolId} has no reserve ${index}.`);
    return { reserve: index, token: reserve.config.asset };
  };
  const position = (index: number) =>
    accountSnapshot.positions[index] ?? { supplyShares: 0n, collateral: 0n, debtShares: 0n };
  const debtOf = (index: number) => {
    const state = expectedReserveState(poolSnapshot.reserves[index], poolSnapshot.timestamp);
    return SharesMathLib.toAssetsUp(position(index).debtShares, state.totalBorrowAssets, state.totalBorrowShares);
  };
  // A debt repaid by all its shares a few blocks later owes a little more interest: the loan covers a
  // margin of one BPS and one unit, and what it does not need comes back to the wallet.
  const withMargin = (debt: bigint) => (debt === 0n ? 0n : debt + debt / BPS + 1n);
  const flashFee = (token: Address, amount: bigint) =>
    amount === 0n
      ? Promise.resolve(0n)
      : readContract(client, { address: pool, abi: keelPoolAbi, functionName: "flashFee", args: [token, amount] });
  const venue = { router: parameters.router, hubs: parameters.hubs };
  /** Sells `amountIn`, accepting `slippageBps` below the quote. */
  const sell = async (tokenIn: Address, tokenOut: Address, amountIn: bigint, floor = 0n) => {
    const { path, amount: quotedOut } = await quoteOut(client, venue, tokenIn, tokenOut, amountIn);
    const minOut = (quotedOut * (BPS - slippageBps)) / BPS;
    return { tokenIn, tokenOut, path, amountIn, quotedOut, minOut: minOut > floor ? minOut : floor };
  };
  /** Sells enough to raise `needed`, plus the slippage accepted, and at most `available`. */
  const raise = async (tokenIn: Address, tokenOut: Address, needed: bigint, available: bigint) => {
    const { amount: exact } = await quoteIn(client, venue, tokenIn, tokenOut, needed);
    const amountIn = (exact * (BPS + slippageBps)) / BPS;
    if (amountIn > available) {
      throw new MathError(
        `Raising the amount needed takes about ${amountIn} units of collateral; the account holds ${available}.`,
      );
    }
    return sell(tokenIn, tokenOut, amountIn, needed);
  };

  let built: BuiltFlow;
  let swap: Omit<PlannedSwap, "deviationBps">;
  let flash: PoolFlowPlan["flash"];
  switch (request.kind) {
    case "leverage": {
      const [collateral, debt] = [reserveOf(request.collateral), reserveOf(request.debt)];
      const fee = await flashFee(debt.token, request.borrow);
      swap = await sell(debt.token, collateral.token, request.borrow);
      flash = { token: debt.token, amount: request.borrow, fee };
      built = buildLeverage(target, {
        collateral,
        debt,
        deposit: request.deposit,
        flash: request.borrow,
        flashFee: fee,
        swap,
        minHealthFactor,
      });
      break;
    }
    case "deleverage": {
      const [collateral, debt] = [reserveOf(request.collateral), reserveOf(request.debt)];
      const fee = await flashFee(debt.token, request.repay);
      swap = await raise(collateral.token, debt.token, request.repay + fee, position(request.collateral).collateral);
      flash = { token: debt.token, amount: request.repay, fee };
      built = buildDeleverage(target, { collateral, debt, repay: request.repay, flashFee: fee, swap, minHealthFactor });
      break;
    }
    case "repayWithCollateral": {
      const [collateral, debt] = [reserveOf(request.collateral), reserveOf(request.debt)];
      swap = await sell(collateral.token, debt.token, request.sell);
      built = buildRepayWithCollateral(target, { collateral, debt, swap, minHealthFactor });
      break;
    }
    case "close": {
      const [collateral, debt] = [reserveOf(request.collateral), reserveOf(request.debt)];
      const held = position(request.collateral).collateral;
      const amount = withMargin(debtOf(request.debt));
      if (amount === 0n) throw new MathError("The account owes nothing in that reserve; there is no debt to close.");
      const fee = await flashFee(debt.token, amount);
      swap = await raise(collateral.token, debt.token, amount + fee, held);
      flash = { token: debt.token, amount, fee };
      built = buildClose(target, { collateral, debt, collateralHeld: held, flash: amount, flashFee: fee, swap });
      break;
    }
    case "swapCollateral": {
      const [from, to] = [reserveOf(request.from), reserveOf(request.to)];
      const debt = reserveOf(request.debt ?? request.from);
      const held = position(request.from).collateral;
      if (held === 0n) throw new MathError("The account holds no collateral in that reserve to swap.");
      const amount = request.debt === undefined ? 0n : withMargin(debtOf(request.debt));
      const fee = await flashFee(debt.token, amount);
      swap = await sell(from.token, to.token, held);
      if (amount > 0n) flash = { token: debt.token, amount, fee };
      built = buildCollateralSwap(target, {
        from,
        to,
        debt,
        collateralHeld: held,
        flash: amount,
        flashFee: fee,
        swap,
        minHealthFactor,
      });
      break;
    }
    case "swapDebt": {
      const [from, to] = [reserveOf(request.from), reserveOf(request.to)];
      const amount = withMargin(debtOf(request.from));
      if (amount === 0n) throw new MathError("The account owes nothing in that reserve; there is no debt to move.");
      const fee = await flashFee(from.token, amount);
      swap = await raise(to.token, from.token, amount + fee, 2n ** 255n);
      flash = { token: from.token, amount, fee };
      built = buildDebtSwap(target, { from, to, flash: amount, flashFee: fee, swap, minHealthFactor });
      break;
    }
  }

  const deviationBps = await quoteDeviation(client, parameters.registry, swap);
  requireWithinBound(deviationBps, target.maxDeviationBps);
  const before = simulate(poolSnapshot, accountSnapshot, []);
  const after = simulate(poolSnapshot, accountSnapshot, built.actions);
  return {
    steps: built.steps,
    swap: { ...swap, deviationBps },
    flash,
    before: { pool: poolSnapshot, account: accountSnapshot, healthFactor: before.healthFactor },
    after,
  };
}
