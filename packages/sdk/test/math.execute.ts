import assert from "node:assert/strict";
import { type Address, type Hash, parseEventLogs } from "viem";
import { keelConfiguratorAbi, keelPoolAbi } from "../src/abis/index.ts";
import {
  type Action,
  type ActionResult,
  accountCategory,
  accountMasks,
  accrueInterest,
  collateralParams,
  expectedReserveState,
  FLAG_FROZEN,
  FLAG_PAUSED,
  healthFactor,
  isCollapsed,
  LiquidationLib,
  MathLib,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  type PoolSnapshot,
  readOraclePrices,
  SharesMathLib,
  type SimulationResult,
  simulate,
  WAD,
} from "../src/index.ts";
import {
  assertSame,
  chainRevert,
  lensAbi,
  lensFollowsPool,
  poolAbi,
  poolErrorsAbi,
  predictedRevert,
} from "./math.compare.ts";
import { type CrossPool, POOL_ID, RESERVES } from "./math.fixture.ts";
import type { Model, Operation } from "./math.operations.ts";

/** What one operation did, for the run's coverage report (`notes` name the rules it exercised). */
export type Outcome = { kind: string; reverted?: string; badDebt?: boolean; notes?: string[] };

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
    // Where KeelLens does not follow the pool's valuation rules, "max" is the SDK's answer alone; the
    // action then shows on chain whether acting on it is what the simulation predicts.
    if (functionName !== "maxWithdraw" && !lensFollowsPool(functionName, later, account, Number(r))) return math();
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
      return { functionName: "supplyCollateral", args: [POOL_ID, r, action.assets, who], from: action.sender ?? who };
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
    abi: poolAbi,
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

  const notes = rulesExercised(model, user, action, result, at);
  model.pool = simulated.pool;
  model.accounts[user] = simulated.account;
  return { kind: action.type, badDebt: result.type === "liquidate" && result.badDebt.length > 0, notes };
}

/** Which of the pool's newer rules a successful action went through, for the coverage report. */
function rulesExercised(model: Model, user: number, action: Action, result: ActionResult, at: bigint): string[] {
  const notes: string[] = [];
  const pool = { ...model.pool, timestamp: at };
  const account = model.accounts[user];
  if (action.type === "supplyCollateral" && action.sender !== undefined) {
    notes.push(
      action.senderAuthorized ? "supplyCollateral by an operator" : "supplyCollateral top-up by a third party",
    );
  }
  const unlive = pool.reserves.filter((r) => r.price === undefined).map((r) => r.index);
  const { collateralMask, debtMask } = accountMasks(account);
  const holdsUnlive = unlive.some((i) => (collateralMask >> i) & 1);
  const holdsClosed = pool.reserves.some(
    (r) => (collateralMask >> r.index) & 1 && (r.config.flags & (FLAG_FROZEN | FLAG_PAUSED)) !== 0,
  );
  if ((action.type === "borrow" || action.type === "withdrawCollateral") && holdsUnlive) {
    notes.push(`${action.type} with collateral priced by lastPrice or 0`);
  }
  if ((action.type === "borrow" || action.type === "withdrawCollateral") && holdsClosed) {
    notes.push(`${action.type} with frozen or paused collateral`);
  }
  if (result.type === "liquidate") {
    if (unlive.some((i) => ((collateralMask | debtMask) >> i) & 1)) notes.push("liquidate with a failing price");
    if (result.repaidAssets === 0n) notes.push("liquidate: dust seized for nothing");
    if (result.frozenReserves.length > 0) notes.push("collapsed reserve frozen");
    // The incentive without the margin cap, from the health the liquidation saw (debts accrued to `at`).
    const before = simulate(model.pool, account, [], { timestamp: at }).health;
    const hf = before === undefined ? WAD : healthFactor(before);
    const category = accountCategory(pool, debtMask);
    const { maxBonusBps } = collateralParams(pool, pool.reserves[result.collateralReserve].config, category);
    const uncapped = MathLib.min(maxBonusBps * (WAD / 10_000n), LiquidationLib.BASE_INCENTIVE + (WAD - hf));
    if (result.bonus < uncapped) notes.push("liquidate: incentive capped at the margin");
  }
  return notes;
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
  const freezes = events.flatMap((e) =>
    e.eventName === "FreezeCollapsedReserve"
      ? [
          {
            reserve: Number(e.args.reserve),
            totalSupplyAssets: e.args.totalSupplyAssets,
            totalSupplyShares: e.args.totalSupplyShares,
          },
        ]
      : [],
  );
  assert.deepEqual(freezes, result.frozenReserves, "FreezeCollapsedReserve events");
}

/** Reads every oracle's price and last price (or their failures) at the latest block into the model. */
async function refreshPrices(k: CrossPool, model: Model): Promise<void> {
  const blockNumber = await k.publicClient.getBlockNumber();
  const readings = await Promise.all(
    model.pool.reserves.map((r) => readOraclePrices(k.publicClient, { oracle: r.config.oracle, blockNumber })),
  );
  model.pool.reserves = model.pool.reserves.map((r, i) => {
    const {
      price: _p,
      priceError: _pe,
      priceRevert: _pr,
      lastPrice: _l,
      lastPriceError: _le,
      lastPriceRevert: _lr,
      ...rest
    } = r;
    return { ...rest, ...readings[i] };
  });
}

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
    case "feed": {
      const feed = k.feeds[operation.feed];
      // Stale: the answer stays, its update time goes back past the adapter's ten-year maximum age.
      const [, answer] = await feed.read.latestRoundData();
      await mineAt(k, at, () =>
        operation.mode === "stale" ? feed.write.setRound([answer, 1n, 1n]) : feed.write.setAnswer([0n]),
      );
      model.pool = { ...model.pool, timestamp: at };
      await refreshPrices(k, model);
      return { kind: `feed ${operation.mode}` };
    }
    case "accrueEachSecond": {
      const action: Action = { type: "accrueInterest", reserve: operation.reserve };
      for (let i = 0n; i < BigInt(operation.count); i++) {
        await runPoolAction(k, model, operation.user, action, at + i);
      }
      const decimals = model.pool.reserves[operation.reserve].config.decimals;
      return { kind: `accrual each second (${decimals} decimals)` };
    }
    case "flag": {
      const bit = operation.flag === "frozen" ? FLAG_FROZEN : FLAG_PAUSED;
      const reserve = model.pool.reserves[operation.reserve];
      const on = (reserve.config.flags & bit) === 0;
      const args = [POOL_ID, BigInt(operation.reserve), on] as const;
      const functionName = operation.flag === "frozen" ? "setFrozen" : "setPaused";
      // A reserve frozen after a collapsing write-off cannot be unfrozen (KeelPool.setReserve).
      const refused = bit === FLAG_FROZEN && !on && isCollapsed(reserve.state);
      await k.networkHelpers.time.setNextBlockTimestamp(at);
      const dryRun = await k.publicClient
        .simulateContract({
          address: k.configurator.address,
          abi: [...keelConfiguratorAbi, ...poolErrorsAbi],
          functionName,
          args,
          account: k.deployer.account,
          blockTag: "pending",
        })
        .then(
          () => undefined,
          (error: unknown) => chainRevert(error),
        );
      if (refused) {
        assert.deepEqual(dryRun, { errorName: "CollapsedReserve", args: [POOL_ID, BigInt(operation.reserve)] });
        return { kind: `un${operation.flag} reverted (CollapsedReserve)` };
      }
      assert.equal(
        dryRun,
        undefined,
        `${functionName} reverted: ${JSON.stringify(dryRun, (_k, v) => (typeof v === "bigint" ? `${v}` : v))}`,
      );
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
