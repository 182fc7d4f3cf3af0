import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type Address, concatHex, getAddress, type Hex, numberToHex, parseUnits, size } from "viem";
import {
  AdaptiveRateModel,
  accountMasks,
  getAccountSnapshot,
  getPoolSnapshot,
  KinkedRateModel,
  PriceUnavailableError,
  SimulationError,
  simulate,
  UnsupportedRateModelError,
} from "../src/index.ts";
import { type CrossPool, deployCrossPool, E_MODES, POOL_ID, RESERVES } from "./math.fixture.ts";

const WAD = 10n ** 18n;

/** Creation code of a contract that answers every call with the same 32-byte word: a rate model no SDK knows. */
function constantAnswerContract(word: bigint): Hex {
  const runtime = concatHex(["0x7f", numberToHex(word, { size: 32 }), "0x60005260206000f3"]);
  return concatHex([`0x60${size(runtime).toString(16)}80600b6000396000f3`, runtime]);
}

describe("pool and account snapshots", () => {
  let k: CrossPool;
  let user: Address;

  before(async () => {
    k = await deployCrossPool();
    user = k.users[0].account.address;
    // Some activity, so that totals, curves and positions are not all zero.
    const as = { account: k.users[0].account };
    await k.pool.write.supply([POOL_ID, 1n, 0n, parseUnits("100000", 6) * 10n ** 6n, user], as);
    await k.pool.write.supplyCollateral([POOL_ID, 0n, parseUnits("10", 18), user], as);
    await k.pool.write.borrow([POOL_ID, 1n, parseUnits("5000", 6), 0n, user, user], as);
    await k.pool.write.supply([POOL_ID, 3n, parseUnits("50", 18), 0n, user], as);
    await k.pool.write.borrow([POOL_ID, 3n, parseUnits("2", 18), 0n, user, user], as);
    await k.networkHelpers.time.increase(86_400);
    await k.pool.write.accrueInterest([POOL_ID, 1n]);
  });

  it("reads every reserve, its price, its rate model with its state, and the e-modes at one block", async () => {
    const snapshot = await getPoolSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID });
    const block = await k.publicClient.getBlock();
    assert.equal(snapshot.blockNumber, block.number);
    assert.equal(snapshot.timestamp, block.timestamp);
    assert.equal(snapshot.reserves.length, RESERVES.length);
    for (const [i, reserve] of snapshot.reserves.entries()) {
      assert.equal(reserve.index, i);
      assert.equal(reserve.symbol, RESERVES[i].symbol);
      assert.deepEqual(reserve.config, await k.pool.read.reserveConfig([POOL_ID, BigInt(i)]));
      assert.deepEqual(reserve.state, await k.pool.read.reserveState([POOL_ID, BigInt(i)]));
      const oracle = reserve.config.oracle;
      assert.equal(
        reserve.price,
        await k.publicClient.readContract({ address: oracle, abi: priceAbi, functionName: "price" }),
      );
    }
    assert.deepEqual(snapshot.eModes, E_MODES);

    const kinds = snapshot.reserves.map((r) => [r.rateModel.kind, r.rateModel.address]);
    assert.deepEqual(kinds, [
      ["kinked", k.kinked.address],
      ["adaptive", k.adaptive.address],
      ["kinked", k.kinkedSteep.address],
      ["adaptive", k.adaptiveFast.address],
      ["kinked", k.kinked.address],
      ["adaptive", k.adaptive.address],
    ]);
    const steep = snapshot.reserves[2].rateModel;
    assert.ok(steep.kind === "kinked");
    // The parameters the fixture deployed, as the contract stores them (yearly rates divided by 365 days).
    assert.deepEqual(
      steep.params,
      KinkedRateModel.fromYearlyRates(WAD / 50n, WAD / 10n, (WAD * 3n) / 2n, (WAD * 8n) / 10n),
    );
    const fast = snapshot.reserves[3].rateModel;
    assert.ok(fast.kind === "adaptive");
    assert.deepEqual(
      fast.params,
      AdaptiveRateModel.fromYearlyRates(WAD / 2n, 8n * WAD, 500n * WAD, [WAD / 20n, WAD / 1000n, 3n * WAD]),
    );
    // The curve moved when the pool accrued: last update at the accrual of reserve 3's borrow.
    assert.ok(fast.curve.lastUpdate > 0 && fast.curve.rateAtTarget > 0n);
    const usdc = snapshot.reserves[1].rateModel;
    assert.ok(usdc.kind === "adaptive");
    assert.equal(usdc.curve.lastUpdate, Number(snapshot.reserves[1].state.lastUpdate));
    assert.equal(snapshot.reserves[1].state.lastUpdate, Number(block.timestamp));
  });

  it("reads the past at a pinned block, pool and account alike", async () => {
    const pinned = await k.publicClient.getBlockNumber({ cacheTime: 0 });
    const poolThen = await getPoolSnapshot(k.publicClient, {
      pool: k.pool.address,
      poolId: POOL_ID,
      blockNumber: pinned,
    });
    const accountThen = await getAccountSnapshot(k.publicClient, {
      pool: k.pool.address,
      poolId: POOL_ID,
      account: user,
      blockNumber: pinned,
    });
    await k.pool.write.supply([POOL_ID, 5n, parseUnits("7", 18), 0n, user], { account: k.users[0].account });
    const poolLater = await getPoolSnapshot(k.publicClient, {
      pool: k.pool.address,
      poolId: POOL_ID,
      blockNumber: pinned,
    });
    const accountLater = await getAccountSnapshot(k.publicClient, {
      pool: k.pool.address,
      poolId: POOL_ID,
      account: user,
      blockNumber: pinned,
    });
    assert.deepEqual(poolLater, poolThen);
    assert.deepEqual(accountLater, accountThen);
    const now = await getAccountSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID, account: user });
    assert.notDeepEqual(now.positions[5], accountThen.positions[5]);
  });

  it("reads an account's positions, whose non-zero balances are the contract's masks", async () => {
    const account = await getAccountSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID, account: user });
    assert.equal(account.account, user);
    for (const [i, position] of account.positions.entries()) {
      assert.deepEqual(position, await k.pool.read.position([POOL_ID, user, BigInt(i)]));
    }
    const [collateralMask, debtMask] = await k.pool.read.accountMasks([POOL_ID, user]);
    assert.deepEqual(accountMasks(account), { collateralMask, debtMask });
    assert.equal(debtMask, 0b1010);
  });

  it("records a failing price, and the simulation refuses exactly what the pool refuses without it", async () => {
    const restore = await k.networkHelpers.takeSnapshot();
    await k.feeds[2].write.setAnswer([0n]);
    const pool = await getPoolSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID });
    assert.equal(pool.reserves[2].price, undefined);
    assert.equal(pool.reserves[2].priceError, "NonPositivePrice(0)");
    assert.deepEqual(pool.reserves[2].priceRevert, { errorName: "NonPositivePrice", args: [0n] });
    // A zero answer is no price at all: the unchecked last price refuses it too.
    assert.equal(pool.reserves[2].lastPrice, undefined);
    assert.deepEqual(pool.reserves[2].lastPriceRevert, { errorName: "NonPositivePrice", args: [0n] });
    const account = await getAccountSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID, account: user });

    // Supplying WBTC needs no price, on chain or in the simulation.
    simulate(pool, account, [{ type: "supply", reserve: 2, amount: { assets: 10n ** 8n } }]);
    await k.pool.simulate.supply([POOL_ID, 2n, 10n ** 8n, 0n, user], { account: user });
    // Borrowing WBTC does.
    assert.throws(
      () => simulate(pool, account, [{ type: "borrow", reserve: 2, amount: { assets: 1000n } }]),
      (error) =>
        error instanceof SimulationError &&
        error.cause instanceof PriceUnavailableError &&
        /price of WBTC cannot be confirmed now \(NonPositivePrice\(0\)\)/.test(error.message),
    );
    await assert.rejects(
      k.pool.simulate.borrow([POOL_ID, 2n, 1000n, 0n, user, user], { account: user }),
      /NonPositivePrice/,
    );
    await restore.restore();
  });

  it("records a stale price's failure and its last reported price", async () => {
    const restore = await k.networkHelpers.takeSnapshot();
    const before = await getPoolSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID });
    const [, answer] = await k.feeds[2].read.latestRoundData();
    await k.feeds[2].write.setRound([answer, 1n, 1n]);
    const pool = await getPoolSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID });
    const wbtc = pool.reserves[2];
    assert.equal(wbtc.price, undefined);
    assert.deepEqual(wbtc.priceRevert, { errorName: "StalePrice", args: [1n, 10n * 365n * 86_400n] });
    assert.equal(wbtc.lastPrice, before.reserves[2].price);
    assert.equal(before.reserves[2].lastPrice, before.reserves[2].price);
    await restore.restore();
  });

  it("treats a rate model it cannot verify as external, usable only at the snapshot's moment", async () => {
    const restore = await k.networkHelpers.takeSnapshot();
    const ratePerSecond = 1_000_000_000n; // about 3.2% a year
    const deployHash = await k.deployer.sendTransaction({ data: constantAnswerContract(ratePerSecond) });
    const irm = getAddress(
      (await k.publicClient.waitForTransactionReceipt({ hash: deployHash })).contractAddress as Address,
    );
    await k.configurator.write.setRateModelEnabled([irm, true]);
    const daiListing = {
      asset: k.dai.address,
      oracle: (await k.pool.read.reserveConfig([POOL_ID, 5n])).oracle,
      irm,
      ltvBps: 0,
      liquidationThresholdBps: 0,
      maxLiquidationBonusBps: 0,
      reserveFactorBps: 0,
      liquidationFeeBps: 0,
      supplyCap: 0,
      borrowCap: 0,
      collateralEnabled: false,
      borrowEnabled: true,
      eModeCategory: 0,
    };
    await k.dai.write.mint([k.deployer.account.address, 10n ** 18n]);
    await k.dai.write.approve([k.configurator.address, 10n ** 18n]);
    await k.configurator.write.listReserve([POOL_ID, daiListing, 10n ** 18n]);
    // Its getters all answer, like a kinked model's, but its rates do not follow the kinked formula.
    await k.pool.write.borrow([POOL_ID, 6n, 10n ** 17n, 0n, user, user], { account: k.users[0].account });
    await k.networkHelpers.time.increase(1000);
    const pool = await getPoolSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID });
    const reserve = pool.reserves[6];
    assert.deepEqual(reserve.rateModel, {
      kind: "external",
      address: irm,
      quote: {
        ratePerSecond,
        timestamp: pool.timestamp,
        totalSupplyAssets: reserve.state.totalSupplyAssets,
        totalBorrowAssets: reserve.state.totalBorrowAssets,
      },
    });
    const account = await getAccountSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID, account: user });
    // At the snapshot's moment the quoted rate is the one an accrual uses: equal to the wei.
    const now = simulate(pool, account, [{ type: "accrueInterest", reserve: 6 }]);
    const expected = await k.pool.read.expectedReserveState([POOL_ID, 6n]);
    assert.deepEqual(now.pool.reserves[6].state, expected);
    // Later, its rate is unknown.
    assert.throws(
      () => simulate(pool, account, [{ type: "accrueInterest", reserve: 6 }], { timestamp: pool.timestamp + 10n }),
      (error) => error instanceof SimulationError && error.cause instanceof UnsupportedRateModelError,
    );
    await restore.restore();
  });
});

const priceAbi = [
  { type: "function", name: "price", stateMutability: "view", inputs: [], outputs: [{ type: "uint256" }] },
] as const;
