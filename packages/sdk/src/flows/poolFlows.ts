import { type Address, encodeAbiParameters, type Hex } from "viem";
import type { Action } from "../simulation/actions.ts";
import { ALL, bundlerStep } from "./steps.ts";

/** Where a pool flow acts: the bundler and its swap adapter, the pool, and the account. */
export type PoolFlowTarget = {
  bundler: Address;
  swapAdapter: Address;
  poolId: bigint;
  account: Address;
  /** The largest shortfall of a swap's value against the oracles the bundle accepts, in BPS (100 = 1%). */
  maxDeviationBps: bigint;
};

/** A reserve a flow moves, with its token. */
export type FlowReserve = { reserve: number; token: Address };

/**
 * A swap leg as the flow sends it: what is sold, the quote, the least accepted, and the router path when
 * it goes through another token (omitted, or two tokens, for the direct pair).
 */
export type SwapLeg = { amountIn: bigint; quotedOut: bigint; minOut: bigint; path?: readonly Address[] };

/** A flow ready to send: the bundle's steps, and the same moves as simulation actions for the preview. */
export type BuiltFlow = { steps: Hex[]; actions: Action[] };

/** The adapter's route: empty for the direct pair, else the ABI-encoded path. */
export const swapRoute = (path: readonly Address[] | undefined): Hex =>
  path === undefined || path.length <= 2 ? "0x" : encodeAbiParameters([{ type: "address[]" }], [path]);

const swapStep = (
  target: PoolFlowTarget,
  tokenIn: Address,
  tokenOut: Address,
  amountIn: bigint,
  minOut: bigint,
  path?: readonly Address[],
) =>
  bundlerStep("swap", [
    target.swapAdapter,
    tokenIn,
    tokenOut,
    amountIn,
    minOut,
    target.maxDeviationBps,
    swapRoute(path),
  ]);

const healthStep = (target: PoolFlowTarget, minHealthFactor: bigint) =>
  bundlerStep("requireHealthFactor", [target.poolId, target.account, minHealthFactor]);

/**
 * Leverage up: deposit `deposit` of collateral from the wallet, flash-borrow `flash` of the debt asset,
 * swap it for collateral, post everything, and borrow the loan and its fee to repay it.
 */
export function buildLeverage(
  target: PoolFlowTarget,
  p: {
    collateral: FlowReserve;
    debt: FlowReserve;
    deposit: bigint;
    flash: bigint;
    flashFee: bigint;
    swap: SwapLeg;
    minHealthFactor: bigint;
  },
): BuiltFlow {
  const { poolId, account, bundler } = target;
  const owed = p.flash + p.flashFee;
  const inner = [
    swapStep(target, p.debt.token, p.collateral.token, ALL, p.swap.minOut, p.swap.path),
    bundlerStep("poolSupplyCollateral", [poolId, BigInt(p.collateral.reserve), ALL, account]),
    bundlerStep("poolBorrow", [poolId, BigInt(p.debt.reserve), owed, 0n, account, bundler]),
  ];
  const steps: Hex[] = [];
  if (p.deposit > 0n) {
    steps.push(bundlerStep("pull", [p.collateral.token, p.deposit]));
    steps.push(bundlerStep("poolSupplyCollateral", [poolId, BigInt(p.collateral.reserve), ALL, account]));
  }
  steps.push(bundlerStep("poolFlashLoan", [p.debt.token, p.flash, inner]), healthStep(target, p.minHealthFactor));
  return {
    steps,
    actions: [
      { type: "supplyCollateral", reserve: p.collateral.reserve, assets: p.deposit + p.swap.quotedOut },
      { type: "borrow", reserve: p.debt.reserve, amount: { assets: owed } },
    ],
  };
}

/**
 * Leverage down: flash-borrow `repay` of the debt asset, repay it, withdraw `swap.amountIn` of collateral,
 * sell it for at least the loan and its fee, and repay debt with what the sale raised beyond that.
 */
export function buildDeleverage(
  target: PoolFlowTarget,
  p: {
    collateral: FlowReserve;
    debt: FlowReserve;
    repay: bigint;
    flashFee: bigint;
    swap: SwapLeg;
    minHealthFactor: bigint;
  },
): BuiltFlow {
  const { poolId, account, bundler } = target;
  const owed = p.repay + p.flashFee;
  // The sale must at least repay the loan and its fee, whatever minimum the caller passed.
  let minOut = p.swap.minOut;
  if (minOut < owed) minOut = owed;
  const inner = [
    bundlerStep("poolRepay", [poolId, BigInt(p.debt.reserve), p.repay, 0n, account]),
    bundlerStep("poolWithdrawCollateral", [poolId, BigInt(p.collateral.reserve), p.swap.amountIn, account, bundler]),
    swapStep(target, p.collateral.token, p.debt.token, ALL, minOut, p.swap.path),
  ];
  const surplus = p.swap.quotedOut > owed ? p.swap.quotedOut - owed : 0n;
  const actions: Action[] = [
    { type: "repay", reserve: p.debt.reserve, amount: { assets: p.repay } },
    { type: "withdrawCollateral", reserve: p.collateral.reserve, assets: p.swap.amountIn },
  ];
  if (surplus > 0n) actions.push({ type: "repay", reserve: p.debt.reserve, amount: { assets: surplus } });
  return {
    steps: [
      bundlerStep("poolFlashLoan", [p.debt.token, p.repay, inner]),
      bundlerStep("poolRepay", [poolId, BigInt(p.debt.reserve), ALL, 0n, account]),
      healthStep(target, p.minHealthFactor),
    ],
    actions,
  };
}

/** Repay with collateral, without a flash loan: withdraw, sell, repay with the proceeds. */
export function buildRepayWithCollateral(
  target: PoolFlowTarget,
  p: { collateral: FlowReserve; debt: FlowReserve; swap: SwapLeg; minHealthFactor: bigint },
): BuiltFlow {
  const { poolId, account, bundler } = target;
  return {
    steps: [
      bundlerStep("poolWithdrawCollateral", [poolId, BigInt(p.collateral.reserve), p.swap.amountIn, account, bundler]),
      swapStep(target, p.collateral.token, p.debt.token, ALL, p.swap.minOut, p.swap.path),
      bundlerStep("poolRepay", [poolId, BigInt(p.debt.reserve), ALL, 0n, account]),
      healthStep(target, p.minHealthFactor),
    ],
    actions: [
      { type: "withdrawCollateral", reserve: p.collateral.reserve, assets: p.swap.amountIn },
      { type: "repay", reserve: p.debt.reserve, amount: { assets: p.swap.quotedOut } },
    ],
  };
}

/**
 * Close: flash-borrow the whole debt (with a margin for the interest of the next blocks), repay every debt
 * share, withdraw all the collateral, sell just enough of it to repay the loan, and return the rest.
 */
export function buildClose(
  target: PoolFlowTarget,
  p: {
    collateral: FlowReserve;
    debt: FlowReserve;
    collateralHeld: bigint;
    flash: bigint;
    flashFee: bigint;
    swap: SwapLeg;
  },
): BuiltFlow {
  const { poolId, account, bundler } = target;
  const owed = p.flash + p.flashFee;
  const inner = [
    bundlerStep("poolRepay", [poolId, BigInt(p.debt.reserve), 0n, ALL, account]),
    bundlerStep("poolWithdrawCollateral", [poolId, BigInt(p.collateral.reserve), ALL, account, bundler]),
    swapStep(target, p.collateral.token, p.debt.token, p.swap.amountIn, owed, p.swap.path),
  ];
  return {
    steps: [
      bundlerStep("poolFlashLoan", [p.debt.token, p.flash, inner]),
      bundlerStep("requireDebtAtMost", [poolId, BigInt(p.debt.reserve), account, 0n]),
      bundlerStep("sweep", [p.collateral.token, p.collateralHeld - p.swap.amountIn]),
    ],
    actions: [
      { type: "repay", reserve: p.debt.reserve, amount: "all" },
      { type: "withdrawCollateral", reserve: p.collateral.reserve, assets: p.collateralHeld },
    ],
  };
}

/**
 * Collateral swap: flash-borrow the debt (if any) to free the old collateral, withdraw all of it, sell it
 * for the new collateral, post that, and borrow the loan and its fee back against it.
 */
export function buildCollateralSwap(
  target: PoolFlowTarget,
  p: {
    from: FlowReserve;
    to: FlowReserve;
    debt: FlowReserve;
    collateralHeld: bigint;
    flash: bigint;
    flashFee: bigint;
    swap: SwapLeg;
    minHealthFactor: bigint;
  },
): BuiltFlow {
  const { poolId, account, bundler } = target;
  const owed = p.flash + p.flashFee;
  const swapAndPost = [
    bundlerStep("poolWithdrawCollateral", [poolId, BigInt(p.from.reserve), ALL, account, bundler]),
    swapStep(target, p.from.token, p.to.token, ALL, p.swap.minOut, p.swap.path),
    bundlerStep("poolSupplyCollateral", [poolId, BigInt(p.to.reserve), ALL, account]),
  ];
  const moves: Action[] = [
    { type: "withdrawCollateral", reserve: p.from.reserve, assets: p.collateralHeld },
    { type: "supplyCollateral", reserve: p.to.reserve, assets: p.swap.quotedOut },
  ];
  if (p.flash === 0n) return { steps: [...swapAndPost, healthStep(target, p.minHealthFactor)], actions: moves };
  const inner = [
    bundlerStep("poolRepay", [poolId, BigInt(p.debt.reserve), 0n, ALL, account]),
    ...swapAndPost,
    bundlerStep("poolBorrow", [poolId, BigInt(p.debt.reserve), owed, 0n, account, bundler]),
  ];
  return {
    steps: [bundlerStep("poolFlashLoan", [p.debt.token, p.flash, inner]), healthStep(target, p.minHealthFactor)],
    actions: [
      { type: "repay", reserve: p.debt.reserve, amount: "all" },
      ...moves,
      { type: "borrow", reserve: p.debt.reserve, amount: { assets: owed } },
    ],
  };
}

/**
 * Debt swap: flash-borrow the old debt asset, repay every share of the old debt, borrow `swap.amountIn` of
 * the new one, and sell it for at least the loan and its fee; what the sale raised beyond that comes back.
 */
export function buildDebtSwap(
  target: PoolFlowTarget,
  p: { from: FlowReserve; to: FlowReserve; flash: bigint; flashFee: bigint; swap: SwapLeg; minHealthFactor: bigint },
): BuiltFlow {
  const { poolId, account, bundler } = target;
  const owed = p.flash + p.flashFee;
  const inner = [
    bundlerStep("poolRepay", [poolId, BigInt(p.from.reserve), 0n, ALL, account]),
    bundlerStep("poolBorrow", [poolId, BigInt(p.to.reserve), p.swap.amountIn, 0n, account, bundler]),
    swapStep(target, p.to.token, p.from.token, ALL, owed, p.swap.path),
  ];
  return {
    steps: [
      bundlerStep("poolFlashLoan", [p.from.token, p.flash, inner]),
      bundlerStep("requireDebtAtMost", [poolId, BigInt(p.from.reserve), account, 0n]),
      healthStep(target, p.minHealthFactor),
    ],
    actions: [
      { type: "repay", reserve: p.from.reserve, amount: "all" },
      { type: "borrow", reserve: p.to.reserve, amount: { assets: p.swap.amountIn } },
    ],
  };
}
