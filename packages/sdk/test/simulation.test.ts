import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type Address, type Hash, parseEventLogs, parseUnits } from "viem";
import { keelPoolAbi } from "../src/abis/index.ts";
import {
  type AccountSnapshot,
  type Action,
  getAccountSnapshot,
  getPoolSnapshot,
  type PoolSnapshot,
  SimulationError,
  type SimulationResult,
  simulate,
} from "../src/index.ts";
import { chainRevert, lensAbi } from "./math.compare.ts";
import { type CrossPool, deployCrossPool, POOL_ID } from "./math.fixture.ts";

const [WETH, USDC, WBTC, STETH, , DAI] = [0, 1, 2, 3, 4, 5];
const HOUR = 3600n;

/** Sends every transaction into the same block, mined at `at`, and checks that each succeeded. */
async function inOneBlock(k: CrossPool, at: bigint, sends: (() => Promise<Hash>)[]) {
  await k.connection.provider.request({ method: "evm_setAutomine", params: [false] });
  const hashes: Hash[] = [];
  try {
    for (const send of sends) hashes.push(await send());
    await k.networkHelpers.time.setNextBlockTimestamp(at);
    await k.networkHelpers.mine();
  } finally {
    await k.connection.provider.request({ method: "evm_setAutomine", params: [true] });
  }
  const receipts = await Promise.all(hashes.map((hash) => k.publicClient.waitForTransactionReceipt({ hash })));
  for (const receipt of receipts) {
    assert.equal(receipt.status, "success");
    assert.equal(receipt.blockNumber, receipts[0].blockNumber);
  }
  return receipts;
}

/** The simulation's account, pool and answers equal what the chain reports after the same actions. */
async function assertChainAgrees(k: CrossPool, result: SimulationResult, who: Address) {
  const lens = (functionName: "maxBorrow" | "maxWithdraw" | "maxWithdrawCollateral" | "liquidationPrice", i: number) =>
    k.publicClient.readContract({
      address: k.lens.address,
      abi: lensAbi,
      functionName,
      args: [POOL_ID, who, BigInt(i)],
    });
  const block = await k.publicClient.getBlock();
  assert.equal(result.pool.timestamp, block.timestamp);
  for (const reserve of result.pool.reserves) {
    const i = BigInt(reserve.index);
    assert.deepEqual(reserve.state, await k.pool.read.reserveState([POOL_ID, i]), `reserve ${i}`);
    assert.deepEqual(result.account.positions[reserve.index], await k.pool.read.position([POOL_ID, who, i]));
    assert.equal(result.maxBorrow[reserve.index], await lens("maxBorrow", reserve.index), `maxBorrow ${i}`);
    assert.equal(result.maxWithdraw[reserve.index], await lens("maxWithdraw", reserve.index), `maxWithdraw ${i}`);
    assert.equal(result.maxWithdrawCollateral[reserve.index], await lens("maxWithdrawCollateral", reserve.index));
    assert.equal(result.liquidationPrice[reserve.index], await lens("liquidationPrice", reserve.index));
  }
  assert.deepEqual(result.health, await k.pool.read.accountHealth([POOL_ID, who]));
  assert.equal(result.healthFactor, await k.pool.read.healthFactor([POOL_ID, who]));
}

/** One operation's amounts, as an event reports them or the simulation states them. */
type Amounts = { type: string; assets?: bigint; shares?: bigint; repaid?: bigint; seized?: bigint; fee?: bigint };

/** The amounts each pool event reports, in order, as the simulation's results state them. */
function eventAmounts(logs: Parameters<typeof parseEventLogs>[0]["logs"]) {
  return parseEventLogs({ abi: keelPoolAbi, logs }).flatMap((e): Amounts[] => {
    switch (e.eventName) {
      case "Supply":
      case "Withdraw":
      case "Borrow":
      case "Repay":
        return [{ type: e.eventName, assets: e.args.assets, shares: e.args.shares }];
      case "SupplyCollateral":
      case "WithdrawCollateral":
        return [{ type: e.eventName, assets: e.args.assets }];
      case "Liquidate":
        return [
          {
            type: e.eventName,
            repaid: e.args.repaidAssets,
            shares: e.args.repaidShares,
            seized: e.args.seizedAssets,
            fee: e.args.protocolFee,
          },
        ];
      default:
        return [];
    }
  });
}

function resultAmounts(result: SimulationResult) {
  const name = { supply: "Supply", withdraw: "Withdraw", borrow: "Borrow", repay: "Repay" } as const;
  return result.results.flatMap((r): Amounts[] => {
    if (r.type === "supply" || r.type === "withdraw" || r.type === "borrow" || r.type === "repay") {
      return [{ type: name[r.type], assets: r.assets, shares: r.shares }];
    }
    if (r.type === "supplyCollateral") return [{ type: "SupplyCollateral", assets: r.assets }];
    if (r.type === "withdrawCollateral") return [{ type: "WithdrawCollateral", assets: r.assets }];
    if (r.type === "liquidate") {
      return [
        {
          type: "Liquidate",
          repaid: r.repaidAssets,
          shares: r.repaidShares,
          seized: r.seizedAssets,
          fee: r.protocolFee,
        },
      ];
    }
    return [];
  });
}

describe("simulate, then the same actions on chain", () => {
  let k: CrossPool;
  let borrower: CrossPool["users"][number];
  let who: Address;
  let fresh: Awaited<ReturnType<CrossPool["networkHelpers"]["takeSnapshot"]>>;

  const snapshots = async (): Promise<[PoolSnapshot, AccountSnapshot]> => {
    const pool = await getPoolSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID });
    const account = await getAccountSnapshot(k.publicClient, {
      pool: k.pool.address,
      poolId: POOL_ID,
      account: who,
      blockNumber: pool.blockNumber,
    });
    return [pool, account];
  };
  const as = () => ({ account: borrower.account, gas: 3_000_000n });

  before(async () => {
    k = await deployCrossPool();
    [, borrower] = k.users;
    who = borrower.account.address;
    // Lenders in every reserve the tests borrow, a leveraged position, and a day of interest.
    const lender = k.users[0];
    const lenderAddress = lender.account.address;
    for (const [reserve, amount] of [
      [USDC, parseUnits("2000000", 6)],
      [DAI, parseUnits("2000000", 18)],
      [WETH, parseUnits("500", 18)],
      [STETH, parseUnits("500", 18)],
    ] as const) {
      await k.pool.write.supply([POOL_ID, BigInt(reserve), amount, 0n, lenderAddress], { account: lender.account });
    }
    await k.pool.write.supplyCollateral([POOL_ID, BigInt(WETH), parseUnits("20", 18), who], as());
    await k.pool.write.supplyCollateral([POOL_ID, BigInt(STETH), parseUnits("10", 18), who], as());
    await k.pool.write.borrow([POOL_ID, BigInt(WETH), parseUnits("15", 18), 0n, who, who], as());
    await k.networkHelpers.time.increase(86_400);
    fresh = await k.networkHelpers.takeSnapshot();
  });

  it("previews a borrower's session to the wei: e-mode lost and regained, max amounts, an hour after the snapshot", async () => {
    await fresh.restore();
    const [pool, account] = await snapshots();
    const at = pool.timestamp + HOUR;
    const actions: Action[] = [
      { type: "supplyCollateral", reserve: WBTC, assets: parseUnits("0.5", 8) },
      { type: "borrow", reserve: USDC, amount: { assets: parseUnits("20000", 6) } }, // a debt outside e-mode 1
      { type: "borrow", reserve: DAI, amount: { shares: parseUnits("1000", 18) * 10n ** 6n } },
      { type: "repay", reserve: USDC, amount: "all" }, // e-mode is back only once DAI is repaid too
      { type: "repay", reserve: DAI, amount: { assets: parseUnits("2000", 18) } }, // more than owed: repays all
      { type: "withdrawCollateral", reserve: WETH, assets: parseUnits("1", 18) },
      { type: "supply", reserve: USDC, amount: { assets: parseUnits("1000", 6) } },
      { type: "withdraw", reserve: USDC, amount: "max" },
      { type: "borrow", reserve: WETH, amount: "max" },
    ];
    const result = simulate(pool, account, actions, { timestamp: at });
    const [, usdcBorrow, , usdcRepay, , , , , wethBorrow] = result.results;
    assert.ok(usdcBorrow.type === "borrow" && usdcRepay.type === "repay" && wethBorrow.type === "borrow");
    const w = (functionName: string, args: readonly unknown[]) => () =>
      borrower.writeContract({
        address: k.pool.address,
        abi: keelPoolAbi,
        functionName,
        args,
        chain: undefined,
        ...as(),
      } as never);
    const receipts = await inOneBlock(k, at, [
      w("supplyCollateral", [POOL_ID, BigInt(WBTC), parseUnits("0.5", 8), who]),
      w("borrow", [POOL_ID, BigInt(USDC), parseUnits("20000", 6), 0n, who, who]),
      w("borrow", [POOL_ID, BigInt(DAI), 0n, parseUnits("1000", 18) * 10n ** 6n, who, who]),
      w("repay", [POOL_ID, BigInt(USDC), 0n, usdcRepay.shares, who]),
      w("repay", [POOL_ID, BigInt(DAI), parseUnits("2000", 18), 0n, who]),
      w("withdrawCollateral", [POOL_ID, BigInt(WETH), parseUnits("1", 18), who, who]),
      w("supply", [POOL_ID, BigInt(USDC), parseUnits("1000", 6), 0n, who]),
      // "max" withdraws every share here: the reserve's idle liquidity covers them.
      w("withdraw", [POOL_ID, BigInt(USDC), 0n, (result.results[6] as { shares: bigint }).shares, who, who]),
      w("borrow", [POOL_ID, BigInt(WETH), wethBorrow.assets, 0n, who, who]),
    ]);
    assert.deepEqual(
      receipts.flatMap((r) => eventAmounts(r.logs)),
      resultAmounts(result),
    );
    await assertChainAgrees(k, result, who);
    assert.equal(result.account.positions[USDC].debtShares, 0n);
    assert.equal(result.account.positions[DAI].debtShares, 0n);
  });

  it("previews a price drop and a liquidation in the same block, bad debt included", async () => {
    await fresh.restore();
    const [pool, account] = await snapshots();
    const at = pool.timestamp + 10n;
    // ETH falls to 700 USD: the WETH adapter's price is the feed's answer × 1e10, and the stETH
    // adapter's is the lesser of 1.1 × ETH and its own market feed (3300 USD).
    const ethAnswer = 700n * 10n ** 8n;
    const ethPrice = ethAnswer * 10n ** 10n;
    const max = 2n ** 256n - 1n;
    const actions: Action[] = [
      { type: "borrow", reserve: USDC, amount: "max" },
      { type: "setPrice", reserve: WETH, price: ethPrice },
      { type: "setPrice", reserve: STETH, price: (ethPrice * 11n) / 10n },
      { type: "liquidate", collateralReserve: STETH, debtReserve: USDC, maxRepayAssets: max },
      { type: "liquidate", collateralReserve: WETH, debtReserve: USDC, maxRepayAssets: max },
    ];
    const result = simulate(pool, account, actions, { timestamp: at });
    const [borrowed] = result.results;
    assert.ok(borrowed.type === "borrow");
    const liquidate = (collateral: number) => () =>
      k.liquidator.writeContract({
        address: k.pool.address,
        abi: keelPoolAbi,
        functionName: "liquidate",
        args: [POOL_ID, who, BigInt(collateral), BigInt(USDC), max, k.liquidator.account.address],
        chain: undefined,
        gas: 3_000_000n,
      });
    const receipts = await inOneBlock(k, at, [
      () => k.pool.write.borrow([POOL_ID, BigInt(USDC), borrowed.assets, 0n, who, who], as()),
      () => k.feeds[WETH].write.setAnswer([ethAnswer], { gas: 200_000n }),
      liquidate(STETH),
      liquidate(WETH),
    ]);
    assert.deepEqual(
      receipts.flatMap((r) => eventAmounts(r.logs)),
      resultAmounts(result),
    );
    const writeOffs = receipts.flatMap((r) =>
      parseEventLogs({ abi: keelPoolAbi, logs: r.logs, eventName: "RealizeBadDebt" }).map((e) => ({
        reserve: Number(e.args.reserve),
        debtShares: e.args.debtShares,
        coveredAssets: e.args.coveredAssets,
        socializedAssets: e.args.socializedAssets,
      })),
    );
    const last = result.results[4];
    assert.ok(last.type === "liquidate");
    assert.ok(last.badDebt.length > 0, "the crash leaves debt without collateral");
    assert.deepEqual(writeOffs, last.badDebt);
    await assertChainAgrees(k, result, who);
  });

  it("refuses a borrow beyond borrowing power as the pool does, saying the health factor after and the most it could borrow", async () => {
    await fresh.restore();
    const [pool, account] = await snapshots();
    const at = pool.timestamp + HOUR;
    const asked = parseUnits("60000", 6);
    const error = (() => {
      try {
        simulate(pool, account, [{ type: "borrow", reserve: USDC, amount: { assets: asked } }], { timestamp: at });
      } catch (e) {
        return e;
      }
      assert.fail("the simulation let the borrow through");
    })();
    assert.ok(error instanceof SimulationError);
    assert.equal(error.errorName, "InsufficientCollateral");
    assert.ok(error.healthFactorAfter !== undefined && error.healthFactorAfter < 10n ** 18n);
    assert.match(error.message, /health factor after: 0\.\d{2}\); at most [\d,.]+ USDC can be borrowed\./);

    await k.networkHelpers.time.setNextBlockTimestamp(at);
    const pending = { blockTag: "pending" } as const;
    const onChain = await k.pool.simulate
      .borrow([POOL_ID, BigInt(USDC), asked, 0n, who, who], { account: who, ...pending })
      .then(() => undefined, chainRevert);
    assert.deepEqual(onChain, { errorName: error.errorName, args: error.args });
    const most = await k.publicClient.readContract({
      address: k.lens.address,
      abi: lensAbi,
      functionName: "maxBorrow",
      args: [POOL_ID, who, BigInt(USDC)],
      ...pending,
    });
    assert.equal(error.maxAmount, most);
    await k.pool.simulate.borrow([POOL_ID, BigInt(USDC), most, 0n, who, who], { account: who, ...pending });
  });
});
