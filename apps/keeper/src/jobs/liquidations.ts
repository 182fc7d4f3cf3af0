import {
  type AccountSnapshot,
  decodeKeelError,
  keelLiquidatorAbi,
  keelPoolAbi,
  type LiquidationAmounts,
  type PoolSnapshot,
  SharesMathLib,
  simulate,
} from "@keel/sdk";
import { type Address, encodeFunctionData, erc20Abi, maxUint256 } from "viem";
import { dispatch, gasUsdOf, type JobContext, profitFloor, unlessReverted, usdOf } from "./context.ts";

const BPS = 10_000n;
/** Accounts planned concurrently (each plan is a few reads, quotes and simulations). */
const PLANS_AT_ONCE = 8;

/** One liquidation the keeper would send, sized by the pool's own rules and priced by a simulation. */
type LiquidationPlan = {
  /** `flash`: through KeelLiquidator, no capital. `inventory`: the keeper repays from its own balance and keeps the collateral. */
  funding: "flash" | "inventory";
  borrower: Address;
  collateralReserve: number;
  debtReserve: number;
  outcome: LiquidationAmounts;
  /** What the call offers to repay: the sized repayment plus headroom for interest until it lands. */
  maxRepay: bigint;
  path: Address[];
  minAmountOut: bigint;
  profit: bigint;
  gas: bigint;
};

/**
 * Liquidates every account of `pool` below health 1 among `unhealthy`, through the capital-free
 * KeelLiquidator: it flash-borrows the debt asset, repays, sells the seized collateral along the best
 * Uniswap path and keeps the difference. Each account is sized with the SDK's copy of the pool's rules
 * (close factor, target health, bonus, the treasury's fee), its debt and collateral chosen as the pair
 * worth most, and the whole call simulated at the head from the keeper's account before anything is
 * sent, with a floor on what it must earn on chain (`profitFloor`). Returns how many were sent.
 */
export async function runLiquidations(
  ctx: JobContext,
  pool: PoolSnapshot,
  unhealthy: readonly AccountSnapshot[],
): Promise<number> {
  const fresh = unhealthy.filter((account) => !ctx.sender.busy(keyOf(pool.poolId, account.account)));
  ctx.metrics.opportunities.inc({ job: "liquidation" }, unhealthy.length);
  // A few at a time: many accounts below 1 at once must not flood the endpoint into refusing the pass.
  const plans: (LiquidationPlan | undefined)[] = [];
  for (let i = 0; i < fresh.length; i += PLANS_AT_ONCE) {
    plans.push(...(await Promise.all(fresh.slice(i, i + PLANS_AT_ONCE).map((account) => plan(ctx, pool, account)))));
  }
  let sent = 0;
  for (const planned of plans) {
    if (planned === undefined) continue;
    const price = pool.reserves[planned.debtReserve].price ?? pool.reserves[planned.debtReserve].lastPrice ?? 0n;
    const flash = planned.funding === "flash";
    const common = [
      pool.poolId,
      planned.borrower,
      BigInt(planned.collateralReserve),
      BigInt(planned.debtReserve),
      planned.maxRepay,
    ] as const;
    const data = flash
      ? encodeFunctionData({
          abi: keelLiquidatorAbi,
          functionName: "liquidate",
          args: [...common, planned.path, planned.minAmountOut, profitFloor(ctx, planned.profit, planned.gas, price)],
        })
      : encodeFunctionData({ abi: keelPoolAbi, functionName: "liquidate", args: [...common, ctx.sender.address] });
    const ok = await dispatch(
      ctx,
      {
        job: "liquidation",
        key: keyOf(pool.poolId, planned.borrower),
        // The flash path's profit is in the debt asset; the inventory path's is already in USD.
        profitUsd: flash ? usdOf(planned.profit, price) : planned.profit,
        gas: planned.gas,
      },
      {
        to: flash ? ctx.deployment.contracts.liquidator : pool.pool,
        data,
        details: {
          pool: pool.poolId,
          borrower: planned.borrower,
          repaid: planned.outcome.repaidAssets,
          seized: planned.outcome.seizedAssets,
          path: planned.path,
          funding: planned.funding,
        },
      },
    );
    if (ok) sent++;
  }
  return sent;
}

/**
 * The repayment offered: 0.1% (and one unit) above the size computed at the head. Interest accrues until
 * the transaction lands, and a liquidation that must close the debt is refused for offering less than all
 * of it; the pool takes only what its rules size, so the headroom is never spent.
 */
function withInterestHeadroom(repay: bigint): bigint {
  return repay + repay / 1000n + 1n;
}

const keyOf = (poolId: bigint, borrower: Address) => `liquidation:${poolId}:${borrower.toLowerCase()}`;

/** The debt reserves, then the collateral reserves, of an account, each by value, largest first. */
function byValue(pool: PoolSnapshot, account: AccountSnapshot): { debts: number[]; collaterals: number[] } {
  const value = (index: number, units: bigint) => {
    const reserve = pool.reserves[index];
    return usdOf(units, reserve.price ?? reserve.lastPrice ?? 0n);
  };
  const debts: { index: number; value: bigint }[] = [];
  const collaterals: { index: number; value: bigint }[] = [];
  account.positions.forEach((position, index) => {
    const { totalBorrowAssets, totalBorrowShares } = pool.reserves[index].state;
    if (position.debtShares > 0n) {
      const debt = SharesMathLib.toAssetsUp(position.debtShares, totalBorrowAssets, totalBorrowShares);
      debts.push({ index, value: value(index, debt) });
    }
    if (position.collateral > 0n) collaterals.push({ index, value: value(index, position.collateral) });
  });
  const order = (list: { index: number; value: bigint }[]) =>
    list.sort((a, b) => (a.value === b.value ? 0 : a.value > b.value ? -1 : 1)).map((entry) => entry.index);
  return { debts: order(debts), collaterals: order(collaterals) };
}

/**
 * The most valuable (debt, collateral) pair the liquidator can sell through, simulated at the head, at the
 * largest size that pays: the most the pool allows (or the pool contract can lend), else half of it, a
 * quarter, … (a smaller sale moves the pair less, so it may pay where the whole does not). A size whose
 * whole bonus, at the oracle, could not pay for its gas is never simulated: dust costs no RPC calls.
 */
async function plan(
  ctx: JobContext,
  pool: PoolSnapshot,
  account: AccountSnapshot,
): Promise<LiquidationPlan | undefined> {
  const { debts, collaterals } = byValue(pool, account);
  for (const debtReserve of debts) {
    for (const collateralReserve of collaterals) {
      if (collateralReserve === debtReserve) continue;
      const sized = (maxRepayAssets: bigint): LiquidationAmounts | undefined => {
        try {
          const result = simulate(pool, account, [
            { type: "liquidate", collateralReserve, debtReserve, maxRepayAssets },
          ]);
          return result.results[0] as LiquidationAmounts;
        } catch (error) {
          ctx.log.debug(
            { borrower: account.account, collateralReserve, debtReserve, maxRepayAssets, err: error },
            "size not liquidatable",
          );
          return undefined;
        }
      };
      const whole = sized(maxUint256);
      if (whole === undefined) continue;
      // Smaller sizes earn less: if the largest cannot pay for its gas, none can, and nothing is read.
      if (!mayPay(ctx, pool, whole, { collateralReserve, debtReserve })) {
        ctx.metrics.skipped.inc({ job: "liquidation", reason: "bonus below gas" });
        continue;
      }
      const collateral = pool.reserves[collateralReserve].config.asset;
      const debt = pool.reserves[debtReserve].config.asset;
      // The loan comes from the pool contract's balance of the debt asset; a larger liquidation is cut
      // to it (the rest follows in later blocks), sized again by the pool's rules.
      const lendable = await ctx.publicClient.readContract({
        address: debt,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [pool.pool],
        blockNumber: ctx.head.number,
      });
      let largest = whole.repaidAssets;
      if (withInterestHeadroom(whole.repaidAssets) > lendable) {
        const own = await inventoryPlan(ctx, pool, account, { collateralReserve, debtReserve, outcome: whole });
        if (own !== undefined) return own;
        largest = lendable;
      }
      for (let halving = 0; halving <= HALVINGS; halving++) {
        const outcome = sized(largest >> BigInt(halving));
        // The pool refuses this size (a partial liquidation where it must close): smaller ones too.
        if (outcome === undefined || outcome.repaidAssets === 0n) break;
        if (!mayPay(ctx, pool, outcome, { collateralReserve, debtReserve })) {
          ctx.metrics.skipped.inc({ job: "liquidation", reason: "bonus below gas" });
          break;
        }
        const found = await trySize(ctx, pool, account, { collateralReserve, debtReserve, collateral, debt }, outcome);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

/** Sizes tried after the largest: half of it, a quarter, … this many times. */
const HALVINGS = 6;
/** Gas a flash liquidation and its sale take (measured: 270,000–330,000), for the offline check only. */
const LIQUIDATION_GAS_GUESS = 330_000n;

/** Whether a liquidation's bonus at the oracle (what it seizes, net of the fee, less what it repays) could pay for its gas. */
function mayPay(
  ctx: JobContext,
  pool: PoolSnapshot,
  outcome: LiquidationAmounts,
  pair: { collateralReserve: number; debtReserve: number },
): boolean {
  const priceOf = (index: number) => pool.reserves[index].price ?? pool.reserves[index].lastPrice ?? 0n;
  const bonusUsd =
    usdOf(outcome.seizedAssets - outcome.protocolFee, priceOf(pair.collateralReserve)) -
    usdOf(outcome.repaidAssets, priceOf(pair.debtReserve));
  return bonusUsd >= gasUsdOf(ctx, LIQUIDATION_GAS_GUESS) + ctx.config.safetyBufferUsd + ctx.config.minProfitUsd;
}

/** One size through the KeelLiquidator: the best sale path, then the whole call simulated at the head. */
async function trySize(
  ctx: JobContext,
  pool: PoolSnapshot,
  account: AccountSnapshot,
  pair: { collateralReserve: number; debtReserve: number; collateral: Address; debt: Address },
  outcome: LiquidationAmounts,
): Promise<LiquidationPlan | undefined> {
  const { collateralReserve, debtReserve, collateral, debt } = pair;
  const maxRepay = withInterestHeadroom(outcome.repaidAssets);
  const received = outcome.seizedAssets - outcome.protocolFee;
  const sale = await ctx.routes.best(collateral, debt, received, ctx.head.number);
  if (sale === undefined) {
    ctx.metrics.skipped.inc({ job: "liquidation", reason: "no route" });
    ctx.log.info({ borrower: account.account, collateral, debt }, "no Uniswap route sells the collateral for the debt");
    return undefined;
  }
  const minAmountOut = (sale.amountOut * (BPS - BigInt(ctx.config.slippageBps))) / BPS;
  const args = [
    pool.poolId,
    account.account,
    BigInt(collateralReserve),
    BigInt(debtReserve),
    maxRepay,
    sale.path,
    minAmountOut,
    0n,
  ] as const;
  try {
    const call = {
      address: ctx.deployment.contracts.liquidator,
      abi: keelLiquidatorAbi,
      functionName: "liquidate",
      args,
      account: ctx.sender.address,
      blockNumber: ctx.head.number,
    } as const;
    const { result: profit } = await ctx.publicClient.simulateContract(call);
    const gas = await ctx.publicClient.estimateContractGas({ ...call, blockNumber: undefined });
    return {
      funding: "flash",
      maxRepay,
      borrower: account.account,
      collateralReserve,
      debtReserve,
      outcome,
      path: sale.path,
      minAmountOut,
      profit,
      gas,
    };
  } catch (error) {
    unlessReverted(error);
    const reason = decodeKeelError(error).message;
    ctx.metrics.skipped.inc({ job: "liquidation", reason: "simulation reverted" });
    ctx.log.info(
      { borrower: account.account, collateralReserve, debtReserve, repay: outcome.repaidAssets, reason },
      "liquidation would revert",
    );
    return undefined;
  }
}

/**
 * When the pool contract does not hold enough of the debt asset to lend the repayment (an insolvent
 * account must be closed whole, and its debt was drawn from that very balance), the keeper may repay from
 * its own balance and keep the seized collateral. Its gain is the collateral received less the debt
 * repaid, both at the oracle prices the pool liquidates at. The pool's allowance is granted once, by its
 * own order, and the liquidation follows at a later head.
 */
async function inventoryPlan(
  ctx: JobContext,
  pool: PoolSnapshot,
  account: AccountSnapshot,
  sizing: { collateralReserve: number; debtReserve: number; outcome: LiquidationAmounts },
): Promise<LiquidationPlan | undefined> {
  const { collateralReserve, debtReserve, outcome } = sizing;
  const debt = pool.reserves[debtReserve].config.asset;
  const keeper = ctx.sender.address;
  const at = { blockNumber: ctx.head.number } as const;
  const [balance, allowance] = await Promise.all([
    ctx.publicClient.readContract({ address: debt, abi: erc20Abi, functionName: "balanceOf", args: [keeper], ...at }),
    ctx.publicClient.readContract({
      address: debt,
      abi: erc20Abi,
      functionName: "allowance",
      args: [keeper, pool.pool],
      ...at,
    }),
  ]);
  if (balance < withInterestHeadroom(outcome.repaidAssets)) return undefined;
  if (allowance < withInterestHeadroom(outcome.repaidAssets)) {
    await approvePool(ctx, debt, pool.pool);
    return undefined;
  }
  const args = [
    pool.poolId,
    account.account,
    BigInt(collateralReserve),
    BigInt(debtReserve),
    withInterestHeadroom(outcome.repaidAssets),
    keeper,
  ] as const;
  const call = { address: pool.pool, abi: keelPoolAbi, functionName: "liquidate", args, account: keeper } as const;
  try {
    const { result } = await ctx.publicClient.simulateContract({ ...call, ...at });
    const [repaid] = result;
    const gas = await ctx.publicClient.estimateContractGas(call);
    const priceOf = (index: number) => pool.reserves[index].price ?? pool.reserves[index].lastPrice ?? 0n;
    const received = outcome.seizedAssets - outcome.protocolFee;
    const gain = usdOf(received, priceOf(collateralReserve)) - usdOf(repaid, priceOf(debtReserve));
    return {
      funding: "inventory",
      maxRepay: withInterestHeadroom(outcome.repaidAssets),
      borrower: account.account,
      collateralReserve,
      debtReserve,
      outcome,
      path: [],
      minAmountOut: 0n,
      profit: gain,
      gas,
    };
  } catch (error) {
    unlessReverted(error);
    ctx.metrics.skipped.inc({ job: "liquidation", reason: "simulation reverted" });
    ctx.log.info(
      { borrower: account.account, reason: decodeKeelError(error).message },
      "liquidation from inventory would revert",
    );
    return undefined;
  }
}

/**
 * At start: grants the pool an allowance of every reserve asset the keeper holds, so that a liquidation
 * from its own balance can go out in the same block it is found, not one approval later.
 */
export async function prepareInventory(ctx: JobContext, pools: readonly PoolSnapshot[]): Promise<void> {
  const assets = new Map<string, { token: Address; pool: Address }>();
  for (const pool of pools)
    for (const reserve of pool.reserves)
      assets.set(reserve.config.asset.toLowerCase(), { token: reserve.config.asset, pool: pool.pool });
  for (const { token, pool } of assets.values()) {
    const at = { blockNumber: ctx.head.number } as const;
    const [balance, allowance] = await Promise.all([
      ctx.publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [ctx.sender.address],
        ...at,
      }),
      ctx.publicClient.readContract({
        address: token,
        abi: erc20Abi,
        functionName: "allowance",
        args: [ctx.sender.address, pool],
        ...at,
      }),
    ]);
    if (balance > 0n && allowance < balance) await approvePool(ctx, token, pool);
  }
}

/** Grants the pool an unlimited allowance of the keeper's `token`, once (its own order, so it is never sent twice). */
async function approvePool(ctx: JobContext, token: Address, pool: Address): Promise<void> {
  const key = `approve:${token.toLowerCase()}:${pool.toLowerCase()}`;
  if (ctx.sender.busy(key)) return;
  const data = encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [pool, maxUint256] });
  const gas = await ctx.publicClient.estimateGas({ account: ctx.sender.address, to: token, data });
  // Worth sending whatever it costs within the liquidation's budget: it is judged as part of that liquidation.
  await ctx.sender.submit(
    { key, job: "approve", to: token, data, gas, maxCostWei: gas * ctx.maxFeePerGas * 2n },
    ctx.head.number,
  );
}
