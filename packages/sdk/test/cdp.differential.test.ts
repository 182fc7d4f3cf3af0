import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import {
  type Address,
  ContractFunctionRevertedError,
  isAddressEqual,
  parseEventLogs,
  parseUnits,
  BaseError as ViemBaseError,
} from "viem";
import {
  auctionPrice,
  type CdpAuction,
  type CdpCollateralType,
  CdpRevertError,
  type CdpVault,
  cdpEngineAbi,
  currentRate,
  debtOf,
  isSafe,
  MAX_UINT256,
  PRICE_SCALE,
  previewMint,
  previewRepay,
  previewResetAuction,
  previewSettle,
  previewStartAuction,
  previewTake,
  previewWithdraw,
  TYPE_SHUTDOWN,
  vaultMaxMint,
  vaultMaxWithdraw,
} from "../src/index.ts";
import { CDP_TYPES, type CdpChain, deployCdp } from "./cdp.fixture.ts";
import { assertReached, createRandom, FUZZ, type Random } from "./math.random.ts";

/** Every run starts at this timestamp, so that a seed replays the same history to the second. */
const START = 2_000_000_000n;
/** Steps per run: CDP operations are cheaper to check than the pool's, but each still costs blocks. */
const STEPS = Number(process.env.KEEL_FUZZ_STEPS ?? 250);
const GAS = 3_000_000n;

/** The engine's state at one block, read from the chain. */
type ChainState = {
  timestamp: bigint;
  types: CdpCollateralType[];
  vaults: CdpVault[]; // index = vault id − 1
  auctions: CdpAuction[];
  prices: bigint[];
  totalDebtRad: bigint;
  globalDebtCeiling: bigint;
};

async function readState(k: CdpChain): Promise<ChainState> {
  const block = await k.publicClient.getBlock();
  const blockNumber = block.number;
  const at = { blockNumber };
  const count = await k.engine.read.vaultCount(at);
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const [types, vaults, auctions, prices, totalDebtRad, globalDebtCeiling] = await Promise.all([
    Promise.all(CDP_TYPES.map((_, i) => k.engine.read.collateralType([BigInt(i)], at))),
    Promise.all(ids.map((id) => k.engine.read.vault([id], at))),
    Promise.all(ids.map((id) => k.engine.read.auction([id], at))),
    Promise.all(k.collateral.map((c) => c.oracle.read.price(at))),
    k.engine.read.totalDebtRad(at),
    k.engine.read.globalDebtCeiling(at),
  ]);
  return {
    timestamp: block.timestamp,
    types: types as CdpCollateralType[],
    vaults: vaults as CdpVault[],
    auctions: auctions as CdpAuction[],
    prices: prices as bigint[],
    totalDebtRad,
    globalDebtCeiling,
  };
}

type Operation =
  | { kind: "open"; user: number; typeId: number; collateral: bigint; debt: bigint }
  | { kind: "deposit"; user: number; vaultId: bigint; amount: bigint }
  | { kind: "withdraw"; vaultId: bigint; amount: bigint }
  | { kind: "mint"; vaultId: bigint; amount: bigint }
  | { kind: "repay"; vaultId: bigint; amount: bigint }
  | { kind: "price"; typeId: number; answer: bigint }
  | { kind: "startAuction"; vaultId: bigint }
  | { kind: "take"; vaultId: bigint; maxCollateral: bigint; maxPrice: bigint }
  | { kind: "resetAuction"; vaultId: bigint }
  | { kind: "params"; typeId: number; debtFloor: bigint; keeperTip: bigint }
  | { kind: "shutdown"; typeId: number }
  | { kind: "settle"; user: number; vaultId: bigint }
  | { kind: "wait" };

const isShutdown = (type: CdpCollateralType) => (type.flags & TYPE_SHUTDOWN) !== 0;

/** Amounts at the edges the contracts round at, and in between. */
function randomOperation(random: Random, s: ChainState, at: bigint, users: number): Operation {
  // Vault 1 is the keeper's bank of kUSD (for repayments and takes); the operations leave it alone.
  const vaultIds = s.vaults.map((_, i) => BigInt(i + 1)).filter((id) => id > 1n);
  const pickVault = () => random.pick(vaultIds);
  const inAuction = vaultIds.filter((id) => s.auctions[Number(id) - 1].tab !== 0n);
  const ofShutdownTypes = vaultIds.filter((id) => isShutdown(s.types[s.vaults[Number(id) - 1].typeId]));
  // Operations on a vault need one: until the first is opened, only opening and the market move.
  const onVault = vaultIds.length > 0 ? 1 : 0;
  const kind = random.weighted<Operation["kind"]>([
    ["open", vaultIds.length < 2 ? 100 : vaultIds.length < 12 ? 3 : 0.5],
    ["deposit", 1 * onVault],
    ["withdraw", 2 * onVault],
    ["mint", 3 * onVault],
    ["repay", 2 * onVault],
    ["price", 2],
    ["startAuction", 2.5 * onVault],
    ["take", inAuction.length > 0 ? 6 : 0],
    ["resetAuction", inAuction.length > 0 ? 1 : 0],
    ["params", 0.4],
    ["shutdown", isShutdown(s.types[1]) ? 0 : 0.05],
    ["settle", ofShutdownTypes.length > 0 ? 3 : 0],
    ["wait", 0.5],
  ]);
  const typeId = random.int(0, CDP_TYPES.length - 1);
  const unit = 10n ** BigInt(CDP_TYPES[typeId].decimals);
  switch (kind) {
    case "open": {
      const collateral = random.chance(0.1) ? 0n : random.logUniform(unit / 100n, unit * 200n);
      const value = (collateral * s.prices[typeId]) / PRICE_SCALE;
      const debt = random.chance(0.2) ? 0n : random.scale(value, 0.3, 0.85);
      return { kind, user: random.int(0, users - 1), typeId, collateral, debt };
    }
    case "deposit": {
      // In the vault's own collateral: up to 10 whole tokens, always within a user's billion.
      const vaultId = pickVault();
      const vaultUnit = 10n ** BigInt(CDP_TYPES[s.vaults[Number(vaultId) - 1].typeId].decimals);
      return { kind, user: random.int(0, users - 1), vaultId, amount: random.logUniform(1n, vaultUnit * 10n) };
    }
    case "withdraw": {
      const vaultId = pickVault();
      const v = s.vaults[Number(vaultId) - 1];
      const t = s.types[v.typeId];
      const max = vaultMaxWithdraw(
        v.collateral,
        debtOf(v.normalizedDebt, currentRate(t, at)),
        s.prices[v.typeId],
        t.minRatioBps,
      );
      const amount = random.weighted<bigint>([
        [max, 3],
        [max + 1n, 1],
        [random.scale(v.collateral + 1n, 0, 1.1), 2],
        [v.collateral, 0.5],
      ]);
      return { kind, vaultId, amount };
    }
    case "mint": {
      const vaultId = pickVault();
      const v = s.vaults[Number(vaultId) - 1];
      const t = s.types[v.typeId];
      const max = vaultMaxMint(v, t, currentRate(t, at), s.prices[v.typeId]);
      const amount = random.weighted<bigint>([
        [max, 3],
        [max + 1n, 1],
        [random.scale(max + 1n, 0, 1), 3],
        [random.logUniform(1n, 10n ** 24n), 1],
      ]);
      return { kind, vaultId, amount };
    }
    case "repay": {
      const vaultId = pickVault();
      const v = s.vaults[Number(vaultId) - 1];
      const debt = debtOf(v.normalizedDebt, currentRate(s.types[v.typeId], at));
      const amount = random.weighted<bigint>([
        [MAX_UINT256, 2],
        [debt, 1],
        [debt + 1n, 0.5],
        [random.scale(debt, 0, 1), 3],
        [debt - s.types[v.typeId].debtFloor + 1n, 0.5],
      ]);
      return { kind, vaultId, amount: amount < 0n ? 1n : amount };
    }
    case "price": {
      const answer = (CDP_TYPES[typeId].answer * BigInt(Math.floor((0.55 + random.unit() * 0.6) * 1e6))) / 1_000_000n;
      return { kind, typeId, answer };
    }
    case "startAuction": {
      // Mostly a vault that is unsafe at the current price and has no auction yet.
      const unsafe = vaultIds.filter((id) => {
        const v = s.vaults[Number(id) - 1];
        const t = s.types[v.typeId];
        const debt = debtOf(v.normalizedDebt, currentRate(t, at));
        return s.auctions[Number(id) - 1].tab === 0n && !isSafe(v.collateral, debt, s.prices[v.typeId], t.minRatioBps);
      });
      return { kind, vaultId: unsafe.length > 0 && random.chance(0.75) ? random.pick(unsafe) : pickVault() };
    }
    case "take": {
      const vaultId = random.pick(inAuction);
      const a = s.auctions[Number(vaultId) - 1];
      const t = s.types[s.vaults[Number(vaultId) - 1].typeId];
      const { price, stale } = auctionPrice(a, t, at);
      if (stale && random.chance(0.6)) return { kind: "resetAuction", vaultId };
      const maxCollateral = random.weighted<bigint>([
        [a.collateral, 3],
        [MAX_UINT256, 1],
        [random.scale(a.collateral, 0, 1), 4],
        [random.logUniform(1n, a.collateral + 1n), 1],
      ]);
      const maxPrice = random.chance(0.9) || price === 0n ? price : price - 1n;
      return { kind, vaultId, maxCollateral, maxPrice };
    }
    case "resetAuction":
      return { kind, vaultId: random.pick(inAuction) };
    case "params": {
      // Governance raises (or lowers) the floor and the tip within the bound, so that vaults opened under
      // an older floor meet the per-auction reward cap.
      const p = CDP_TYPES[typeId].params;
      const debtFloor = (p.debtFloor * BigInt(random.int(1, 40))) / 4n;
      const penalty = BigInt(p.liquidationPenaltyBps);
      const room = penalty * 10_000n - BigInt(p.keeperFeeBps) * (10_000n + penalty);
      const keeperTip = random.chance(0.7) ? (debtFloor * room) / 100_000_000n : random.logUniform(1n, p.keeperTip);
      return { kind, typeId, debtFloor, keeperTip };
    }
    case "shutdown":
      return { kind, typeId: 1 };
    case "settle":
      return { kind, user: random.int(0, users - 1), vaultId: random.pick(ofShutdownTypes) };
    case "wait":
      return { kind };
  }
}

const ZERO = "0x0000000000000000000000000000000000000000";

/** What the SDK says the operation does: the events' values, or the revert. */
type Prediction = { revert?: CdpRevertError; values?: Record<string, bigint | undefined> };

function predict(op: Operation, s: ChainState, at: bigint): Prediction {
  try {
    switch (op.kind) {
      case "open": {
        if (op.debt === 0n) return { values: {} };
        const fresh = { owner: ZERO as Address, typeId: op.typeId, collateral: op.collateral, normalizedDebt: 0n };
        const out = previewMint(fresh, s.types[op.typeId], {
          typeId: BigInt(op.typeId),
          amount: op.debt,
          price: s.prices[op.typeId],
          timestamp: at,
          totalDebtRad: s.totalDebtRad,
          globalDebtCeiling: s.globalDebtCeiling,
        });
        return { values: { normalized: out.normalized } };
      }
      case "mint": {
        const v = s.vaults[Number(op.vaultId) - 1];
        const out = previewMint(v, s.types[v.typeId], {
          typeId: BigInt(v.typeId),
          amount: op.amount,
          price: s.prices[v.typeId],
          timestamp: at,
          totalDebtRad: s.totalDebtRad,
          globalDebtCeiling: s.globalDebtCeiling,
        });
        return { values: { normalized: out.normalized } };
      }
      case "repay": {
        const v = s.vaults[Number(op.vaultId) - 1];
        const out = previewRepay(v, s.types[v.typeId], { amount: op.amount, timestamp: at });
        return { values: { amount: out.repaid, normalized: out.normalized } };
      }
      case "withdraw": {
        const v = s.vaults[Number(op.vaultId) - 1];
        previewWithdraw(v, s.types[v.typeId], { amount: op.amount, price: s.prices[v.typeId], timestamp: at });
        return { values: { amount: op.amount } };
      }
      case "startAuction": {
        const id = Number(op.vaultId) - 1;
        const v = s.vaults[id];
        const out = previewStartAuction(v, s.types[v.typeId], {
          vaultId: op.vaultId,
          auction: s.auctions[id],
          price: s.prices[v.typeId],
          timestamp: at,
        });
        const { collateral, debt, tab, topPrice, keeperReward } = out;
        return { values: { collateral, debt, tab, topPrice, keeperReward, auctionDebt: out.auction?.debt ?? 0n } };
      }
      case "take": {
        const id = Number(op.vaultId) - 1;
        const out = previewTake(s.auctions[id], s.types[s.vaults[id].typeId], {
          vaultId: op.vaultId,
          maxCollateral: op.maxCollateral,
          maxPrice: op.maxPrice,
          timestamp: at,
        });
        return {
          values: {
            collateral: out.slice,
            paid: out.paid,
            price: out.price,
            collateralReturned: out.auction === undefined ? out.collateralReturned : undefined,
            badDebt: out.auction === undefined ? out.badDebt : undefined,
          },
        };
      }
      case "resetAuction": {
        const id = Number(op.vaultId) - 1;
        const out = previewResetAuction(s.auctions[id], s.types[s.vaults[id].typeId], {
          vaultId: op.vaultId,
          price: s.prices[s.vaults[id].typeId],
          timestamp: at,
        });
        return {
          values: { topPrice: out.auction.topPrice, keeperReward: out.keeperReward, auctionDebt: out.auction.debt },
        };
      }
      case "params": {
        if (isShutdown(s.types[op.typeId])) throw new CdpRevertError("TypeIsShutdown", [BigInt(op.typeId)]);
        return { values: {} };
      }
      case "shutdown":
        return { values: { price: s.prices[op.typeId] } };
      case "settle": {
        const id = Number(op.vaultId) - 1;
        const v = s.vaults[id];
        const out = previewSettle(v, s.types[v.typeId], {
          vaultId: op.vaultId,
          auction: s.auctions[id],
          oraclePrice: s.prices[v.typeId],
          timestamp: at,
        });
        const { debt, tab, collateral, price } = out;
        return { values: { debt, tab, collateralSeized: collateral, price, auctionDebt: out.auction?.debt ?? 0n } };
      }
      default:
        return { values: {} };
    }
  } catch (error) {
    if (error instanceof CdpRevertError) return { revert: error };
    throw error;
  }
}

/** The engine's event values of a transaction, or its decoded revert. */
type Outcome = { revert?: string; values: Record<string, bigint | undefined> };
type Logs = readonly { eventName: string; args: unknown }[];

/**
 * Runs the operation at `at`. When the SDK predicts success, the transaction is sent in a block mined at
 * `at` and must succeed. When it predicts a revert, an empty block is mined at `at` and the call is
 * simulated on it (calls run at the latest block's timestamp), so the revert is decoded with its arguments.
 */
async function execute(k: CdpChain, op: Operation, at: bigint, expectRevert: boolean): Promise<Outcome> {
  const { engine, keeper, users } = k;
  if (op.kind === "price" || op.kind === "wait") {
    if (op.kind === "price") {
      await k.networkHelpers.time.setNextBlockTimestamp(at);
      await k.collateral[op.typeId].feed.write.setAnswer([op.answer]);
    } else await k.networkHelpers.time.increaseTo(at);
    return { values: {} };
  }
  const ownerOf = async (vaultId: bigint) => {
    const { owner } = await engine.read.vault([vaultId]);
    return [keeper, ...users].find((w) => isAddressEqual(w.account.address, owner))?.account ?? keeper.account;
  };
  let functionName: string;
  let args: readonly unknown[];
  let account = keeper.account;
  switch (op.kind) {
    case "open":
      account = users[op.user].account;
      [functionName, args] = ["open", [BigInt(op.typeId), account.address, op.collateral, op.debt, account.address]];
      break;
    case "deposit":
      account = users[op.user].account;
      [functionName, args] = ["deposit", [op.vaultId, op.amount]];
      break;
    case "withdraw":
      account = await ownerOf(op.vaultId);
      [functionName, args] = ["withdraw", [op.vaultId, op.amount, account.address]];
      break;
    case "mint":
      account = await ownerOf(op.vaultId);
      [functionName, args] = ["mint", [op.vaultId, op.amount, keeper.account.address]];
      break;
    case "repay":
      [functionName, args] = ["repay", [op.vaultId, op.amount]];
      break;
    case "startAuction":
      [functionName, args] = ["startAuction", [op.vaultId, keeper.account.address]];
      break;
    case "take":
      [functionName, args] = ["take", [op.vaultId, op.maxCollateral, op.maxPrice, keeper.account.address, "0x"]];
      break;
    case "resetAuction":
      [functionName, args] = ["resetAuction", [op.vaultId, keeper.account.address]];
      break;
    case "params": {
      account = k.governance.account;
      const type = CDP_TYPES[op.typeId];
      const params = {
        ...type.params,
        oracle: k.collateral[op.typeId].oracle.address,
        debtFloor: op.debtFloor,
        keeperTip: op.keeperTip,
      };
      [functionName, args] = ["setCollateralParams", [BigInt(op.typeId), params]];
      break;
    }
    case "shutdown":
      account = k.governance.account;
      [functionName, args] = ["shutdown", [BigInt(op.typeId)]];
      break;
    case "settle":
      account = users[op.user].account;
      [functionName, args] = ["settle", [op.vaultId]];
      break;
  }
  const call = { address: engine.address, abi: cdpEngineAbi, functionName, args, account } as unknown as Parameters<
    typeof k.publicClient.simulateContract
  >[0];

  if (expectRevert) {
    await k.networkHelpers.time.increaseTo(at);
    try {
      await k.publicClient.simulateContract(call);
    } catch (error) {
      const reverted = error instanceof ViemBaseError && error.walk((e) => e instanceof ContractFunctionRevertedError);
      if (reverted instanceof ContractFunctionRevertedError && reverted.data)
        return { revert: `${reverted.data.errorName}(${(reverted.data.args ?? []).join(", ")})`, values: {} };
      throw error;
    }
    return { values: {} };
  }

  await k.networkHelpers.time.setNextBlockTimestamp(at);
  const wallet = await k.viem.getWalletClient(account.address);
  const hash = await wallet.writeContract({ ...(call as object), gas: GAS } as Parameters<
    typeof wallet.writeContract
  >[0]);
  const receipt = await k.publicClient.waitForTransactionReceipt({ hash });
  assert.equal(receipt.status, "success");
  const logs: Logs = parseEventLogs({ abi: cdpEngineAbi, logs: receipt.logs });
  const event = (name: string) =>
    logs.find((log) => log.eventName === name)?.args as Record<string, bigint> | undefined;
  const auctionDebtOf = async (vaultId: bigint) => (await engine.read.auction([vaultId])).debt;
  switch (op.kind) {
    case "open":
      return { values: op.debt === 0n ? {} : { normalized: event("Mint")?.normalized } };
    case "mint":
      return { values: { normalized: event("Mint")?.normalized } };
    case "withdraw":
      return { values: { amount: event("Withdraw")?.amount } };
    case "repay":
      return { values: { amount: event("Repay")?.amount, normalized: event("Repay")?.normalized } };
    case "startAuction": {
      const start = event("StartAuction");
      assert.ok(start);
      const { collateral, debt, tab, topPrice, keeperReward } = start;
      return {
        values: { collateral, debt, tab, topPrice, keeperReward, auctionDebt: await auctionDebtOf(op.vaultId) },
      };
    }
    case "take": {
      const take = event("Take");
      const end = event("EndAuction");
      assert.ok(take);
      return {
        values: {
          collateral: take.collateral,
          paid: take.paid,
          price: take.price,
          collateralReturned: end?.collateralReturned,
          badDebt: end?.badDebt,
        },
      };
    }
    case "resetAuction":
      return {
        values: {
          topPrice: event("ResetAuction")?.topPrice,
          keeperReward: event("ResetAuction")?.keeperReward,
          auctionDebt: await auctionDebtOf(op.vaultId),
        },
      };
    case "shutdown":
      return { values: { price: event("Shutdown")?.price } };
    case "settle": {
      const settled = event("Settle");
      assert.ok(settled);
      const { debt, tab, collateralSeized, price } = settled;
      return { values: { debt, tab, collateralSeized, price, auctionDebt: await auctionDebtOf(op.vaultId) } };
    }
    default:
      return { values: {} };
  }
}

/** The views every step checks against the SDK, for every type, vault and auction. */
async function assertViewsMatch(k: CdpChain, s: ChainState): Promise<void> {
  const at = { blockNumber: await k.publicClient.getBlockNumber() };
  for (const [typeId, type] of s.types.entries()) {
    assert.equal(
      await k.engine.read.currentRate([BigInt(typeId)], at),
      currentRate(type, s.timestamp),
      `currentRate(${typeId})`,
    );
  }
  for (const [index, vault] of s.vaults.entries()) {
    const vaultId = BigInt(index + 1);
    const type = s.types[vault.typeId];
    assert.equal(
      await k.engine.read.debtOf([vaultId], at),
      debtOf(vault.normalizedDebt, currentRate(type, s.timestamp)),
      `debtOf(${vaultId})`,
    );
    const [price, stale] = await k.engine.read.auctionPrice([vaultId], at);
    assert.deepEqual({ price, stale }, auctionPrice(s.auctions[index], type, s.timestamp), `auctionPrice(${vaultId})`);
  }
}

function describeOperation(op: Operation): string {
  return JSON.stringify(op, (_, value) => (typeof value === "bigint" ? value.toString() : value));
}

describe(`kUSD math against the engine: ${FUZZ.runs} runs of ${STEPS} random operations (seed ${FUZZ.seed})`, () => {
  let k: CdpChain;
  let fresh: Awaited<ReturnType<CdpChain["networkHelpers"]["takeSnapshot"]>>;

  before(async () => {
    k = await deployCdp();
    // The keeper holds kUSD to repay and take with, from a deep vault of its own.
    await k.engine.write.open(
      [0n, k.keeper.account.address, parseUnits("100000", 18), parseUnits("30000000", 18), k.keeper.account.address],
      {
        account: k.keeper.account,
      },
    );
    fresh = await k.networkHelpers.takeSnapshot();
  });

  for (let run = 0; run < FUZZ.runs; run++) {
    it(`run ${run}: debt, rates, auction prices, takes and auction starts equal to the wei`, async () => {
      await fresh.restore();
      const random = createRandom(FUZZ.seed + run);
      await k.networkHelpers.time.increaseTo(START);
      const tally = new Map<string, number>();
      const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
      let state = await readState(k);
      for (let step = 0; step < STEPS; step++) {
        // While an auction runs, time mostly moves in seconds, so that takes meet a live price curve.
        const auctionRuns = state.auctions.some((a) => a.tab !== 0n);
        const gap =
          auctionRuns && random.chance(0.7)
            ? random.bigint(1n, 30n)
            : random.chance(0.8)
              ? random.bigint(1n, 120n)
              : random.bigint(121n, 3n * 86_400n);
        const at = state.timestamp + gap;
        const op = randomOperation(random, state, at, k.users.length);
        const context = `seed ${FUZZ.seed + run}, step ${step}: ${describeOperation(op)}`;
        try {
          const expected = predict(op, state, at);
          const actual = await execute(k, op, at, expected.revert !== undefined);
          if (expected.revert) {
            const name = `${expected.revert.errorName}(${expected.revert.args.join(", ")})`;
            assert.equal(actual.revert, name, "the SDK predicted a revert");
            count(`${op.kind} reverted (${expected.revert.errorName})`);
          } else {
            assert.deepEqual(actual.values, expected.values);
            count(op.kind);
            const v = expected.values ?? {};
            if (op.kind === "startAuction" && v.collateral !== state.vaults[Number(op.vaultId) - 1].collateral)
              count("startAuction partial (auction limit)");
            if (op.kind === "take" && v.collateralReturned !== undefined) count("take met the tab");
            if (op.kind === "take" && (v.badDebt ?? 0n) > 0n) count("take ended with bad debt");
          }
          state = await readState(k);
          await assertViewsMatch(k, state);
        } catch (error) {
          throw new Error(`Differential mismatch at ${context}\n${error instanceof Error ? error.message : error}`, {
            cause: error,
          });
        }
      }
      const report = [...tally].sort(([a], [b]) => a.localeCompare(b));
      console.log(`    seed ${FUZZ.seed + run}: ${report.map(([key, n]) => `${key} ${n}`).join(", ")}`);
      const kinds = ["open", "mint", "repay", "startAuction", "take"];
      assertReached(
        kinds.filter((kind) => (tally.get(kind) ?? 0) === 0),
        "no successful operation of these kinds in this run",
      );
    });
  }
});
