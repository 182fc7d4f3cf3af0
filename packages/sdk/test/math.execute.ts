import assert from "node:assert/strict";
import { type Address, type Hash, parseEventLogs } from "viem";
import { keelPoolAbi } from "../src/abis/index.ts";
import {
  type Action,
  type ActionResult,
  accrueInterest,
  expectedReserveState,
  FLAG_FROZEN,
  FLAG_PAUSED,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  type PoolSnapshot,
  SharesMathLib,
  type SimulationResult,
  simulate,
} from "../src/index.ts";
import { assertSame, chainRevert, lensAbi, predictedRevert } from "./math.compare.ts";
import { type CrossPool, POOL_ID, RESERVES } from "./math.fixture.ts";
import type { Model, Operation } from "./math.operations.ts";

/** What one operation did, for the run's coverage report. */
export type Outcome = { kind: string; reverted?: string; badDebt?: boolean };

const GAS = 3_000_000n;

/** The chain call an action stands for, with the amounts "max" and "all" resolved at time `at`. */
async function chainCall(
  k: CrossPool,
  model: Model,
  user: number,
  action: Action,
  at: bigint,
): Promise<{ functionName: string; args: readonly unknown[]; from: Address }> {
  const account = model.accounts[user];
  const who = account.account;
  const r = "reserve" in action ? BigInt(action.reserve) : 0n;
  const later: PoolSnapshot = { ...model.pool, timestamp: at };
  // For "max" the chain's own lens, read in the pending block, must agree with the math at that moment.
  const lensAt = async (functionName: "maxBorrow" | "maxWithdraw" | "maxWithdrawCollateral", math: () => bigint) => {
    const read = k.publicClient.readContract({
      address: k.lens.address,
      abi: lensAbi,
      functionName,
      args: [POOL_ID, who, r],
      blockTag: "pending",
    });
    await assertSame(`${functionName} in the pending block`, read, math);
    return read;
  };
  const split = (amount: { assets?: bigint; shares?: bigint }) => [amount.assets ?? 0n, amount.shares ?? 0n] as const;
  switch (action.type) {
    case "supply":
      return { functionName: "supply", args: [POOL_ID, r, ...split(action.amount), who], from: who };
    case "withdraw": {
      let amount = action.amount;
      if (amount === "max") {
        const most = await lensAt("maxWithdraw", () => maxWithdraw(later, account, action.reserve));
        // Every share when the idle liquidity covers them, else the liquidity by assets, as `simulate` resolves "max".
        const shares = account.positions[action.reserve].supplyShares;
        const s = expectedReserveState(later.reserves[action.reserve], at);
        const all = SharesMathLib.toAssetsDown(shares, s.totalSupplyAssets, s.totalSupplyShares) === most;
        amount = all ? { shares } : { assets: most };
      }
      return { functionName: "withdraw", args: [POOL_ID, r, ...split(amount), who, who], from: who };
    }
    case "supplyCollateral":
      return { functionName: "supplyCollateral", args: [POOL_ID, r, action.assets, who], from: who };
    case "withdrawCollateral": {
      const assets =
        action.assets === "max"
          ? await lensAt("maxWithdrawCollateral", () => maxWithdrawCollateral(later, account, action.reserve))
          : action.assets;
      return { functionName: "withdrawCollateral", args: [POOL_ID, r, assets, who, who], from: who };
    }
    case "borrow": {
      const amount =
        action.amount === "max"
          ? { assets: await lensAt("maxBorrow", () => maxBorrow(later, account, action.reserve)) }
          : action.amount;
      return { functionName: "borrow", args: [POOL_ID, r, ...split(amount), who, who], from: who };
    }
    case "repay": {
      const amount = action.amount === "all" ? { shares: account.positions[action.reserve].debtShares } : action.amount;
      return { functionName: "repay", args: [POOL_ID, r, ...split(amount), who], from: who };
    }
    case "liquidate": {
      const { collateralReserve, debtReserve, maxRepayAssets } = action;
      const liquidator = k.liquidator.account.address;
      return {
        functionName: "liquidate",
        args: [POOL_ID, who, BigInt(collateralReserve), BigInt(debtReserve), maxRepayAssets, liquidator],
        from: liquidator,
      };
    }
    case "accrueInterest":
      return { functionName: "accrueInterest", args: [POOL_ID, r], from: who };
    default:
      throw new Error(`not a pool action: ${action.type}`);
  }
}

/** Sends a transaction mined at exactly `at`, and checks it succeeded then. */
async function mineAt(
  k: CrossPool,
  at: bigint,
  send: () => Promise<Hash>,
): Promise<Awaited<ReturnType<CrossPool["publicClient"]["waitForTransactionReceipt"]>>> {
  await k.networkHelpers.time.setNextBlockTimestamp(at);
  const receipt = await k.publicClient.waitForTransactionReceipt({ hash: await send(), pollingInterval: 1 });
  assert.equal(receipt.status, "success");
  assert.equal((await k.publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp, at);
  return receipt;
}

/**
 * Runs one pool action at time `at` both ways: `simulate` on the model, and the real call on chain
 * (first as an eth_call in the pending block, then as a transaction when it succeeds). Both must agree:
 * the same revert, or the same returned amounts, accrual events, liquidation and bad-debt events.
 * On success the model becomes the simulation's result.
 */
async function runPoolAction(k: CrossPool, model: Model, user: number, action: Action, at: bigint): Promise<Outcome> {
  const account = model.accounts[user];
  let simulated: SimulationResult | undefined;
  let predicted: unknown;
  try {
    simulated = simulate(model.pool, account, [action], { timestamp: at });
  } catch (error) {
    predicted = error;
  }
  await k.networkHelpers.time.setNextBlockTimestamp(at);
  const call = await chainCall(k, model, user, action, at);
  const request = {
    address: k.pool.address,
    abi: keelPoolAbi,
    functionName: call.functionName,
    args: call.args,
    account: call.from,
  } as never;
  const dryRun = await k.publicClient.simulateContract({ ...(request as object), blockTag: "pending" } as never).then(
    (value: { result: unknown }) => ({ ok: true as const, result: value.result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (simulated === undefined) {
    const expected = predictedRevert(predicted);
    assert.ok(!dryRun.ok, `the math predicts ${expected.errorName} but the chain succeeds: ${String(predicted)}`);
    assert.deepEqual(expected, chainRevert(dryRun.error));
    return { kind: action.type, reverted: expected.errorName };
  }
  if (!dryRun.ok)
    assert.fail(
      `the math predicts success but the chain reverts with ${JSON.stringify(chainRevert(dryRun.error), (_k, v) => (typeof v === "bigint" ? `${v}` : v))}`,
    );

  const wallet = [...k.users, k.liquidator].find((w) => w.account.address === call.from);
  assert.ok(wallet);
  const receipt = await mineAt(k, at, () =>
    wallet.writeContract({ ...(request as object), account: wallet.account, chain: undefined, gas: GAS } as never),
  );
  const result = simulated.results[0];
  assertReturned(result, dryRun.result);
  assertEvents(model.pool, receipt.logs, result, at);

  model.pool = simulated.pool;
  model.accounts[user] = simulated.account;
  return { kind: action.type, badDebt: result.type === "liquidate" && result.badDebt.length > 0 };
}

function assertReturned(result: ActionResult, returned: unknown): void {
  if (result.type === "supply" || result.type === "withdraw" || result.type === "borrow" || result.type === "repay") {
    assert.deepEqual(returned, [result.assets, result.shares], `${result.type} returned`);
  } else if (result.type === "liquidate") {
    assert.deepEqual(returned, [result.repaidAssets, result.seizedAssets], "liquidate returned");
  }
}

/** Accrual, liquidation and bad-debt events the transaction emitted, against the math's account of them. */
function assertEvents(
  before: PoolSnapshot,
  logs: readonly { data: `0x${string}`; topics: readonly `0x${string}`[] }[],
  result: ActionResult,
  at: bigint,
): void {
  const events = parseEventLogs({ abi: keelPoolAbi, logs: logs as never });
  for (const event of events) {
    if (event.eventName === "AccrueInterest") {
      const accrual = accrueInterest(before.reserves[Number(event.args.reserve)], at);
      assert.deepEqual(
        { borrowRate: event.args.borrowRate, interest: event.args.interest, feeShares: event.args.feeShares },
        { borrowRate: accrual.ratePerSecond, interest: accrual.interest, feeShares: accrual.feeShares },
        `AccrueInterest(${event.args.reserve})`,
      );
    }
  }
  if (result.type !== "liquidate") return;
  const liquidation = events.find((e) => e.eventName === "Liquidate");
  assert.ok(liquidation && liquidation.eventName === "Liquidate");
  const { repaidAssets, repaidShares, seizedAssets, protocolFee } = liquidation.args;
  assert.deepEqual(
    { repaidAssets, repaidShares, seizedAssets, protocolFee },
    {
      repaidAssets: result.repaidAssets,
      repaidShares: result.repaidShares,
      seizedAssets: result.seizedAssets,
      protocolFee: result.protocolFee,
    },
    "Liquidate event",
  );
  const writeOffs = events.flatMap((e) =>
    e.eventName === "RealizeBadDebt"
      ? [
          {
            reserve: Number(e.args.reserve),
            debtShares: e.args.debtShares,
            coveredAssets: e.args.coveredAssets,
            socializedAssets: e.args.socializedAssets,
          },
        ]
      : [],
  );
  assert.deepEqual(writeOffs, result.badDebt, "RealizeBadDebt events");
}

/** Reads every oracle's price at the latest block into the model (prices are inputs of the math). */
async function refreshPrices(k: CrossPool, model: Model): Promise<void> {
  const snapshotPrices = await Promise.all(
    model.pool.reserves.map((r) =>
      k.publicClient.readContract({ address: r.config.oracle, abi: oracleAbi, functionName: "price" }),
    ),
  );
  model.pool.reserves = model.pool.reserves.map((r, i) => ({ ...r, price: snapshotPrices[i] }));
}

const oracleAbi = [
  { type: "function", name: "price", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
] as const;

/**
 * Applies one operation at time `at` to the chain and to the model. Time warps mine an empty block;
 * price moves set a feed (kept within 1/20 and 20 times its starting answer); a flag toggle freezes or
 * pauses a reserve, which accrues it first as the pool does.
 */
export async function runOperation(k: CrossPool, model: Model, operation: Operation, at: bigint): Promise<Outcome> {
  switch (operation.kind) {
    case "pool":
      return runPoolAction(k, model, operation.user, operation.action, at);
    case "warp":
      await k.networkHelpers.time.increaseTo(at);
      model.pool = { ...model.pool, timestamp: at };
      return { kind: "warp" };
    case "price": {
      const feed = k.feeds[operation.feed];
      const [, answer] = await feed.read.latestRoundData();
      const start = RESERVES[operation.feed].answer;
      const moved = (answer * operation.factorPpm) / 1_000_000n;
      const bounded = moved < start / 20n ? start / 20n : moved > start * 20n ? start * 20n : moved;
      await mineAt(k, at, () => feed.write.setAnswer([bounded]));
      model.pool = { ...model.pool, timestamp: at };
      await refreshPrices(k, model);
      return { kind: "price" };
    }
    case "flag": {
      const bit = operation.flag === "frozen" ? FLAG_FROZEN : FLAG_PAUSED;
      const reserve = model.pool.reserves[operation.reserve];
      const on = (reserve.config.flags & bit) === 0;
      const args = [POOL_ID, BigInt(operation.reserve), on] as const;
      await mineAt(k, at, () =>
        operation.flag === "frozen" ? k.configurator.write.setFrozen(args) : k.configurator.write.setPaused(args),
      );
      const accrued = accrueInterest(reserve, at).reserve;
      const flags = on ? accrued.config.flags | bit : accrued.config.flags & ~bit;
      model.pool = { ...model.pool, timestamp: at };
      model.pool.reserves = model.pool.reserves.map((r) =>
        r.index === operation.reserve ? { ...accrued, config: { ...accrued.config, flags } } : r,
      );
      return { kind: `${on ? "" : "un"}${operation.flag}` };
    }
  }
}
