import assert from "node:assert/strict";
import { type Abi, BaseError, ContractFunctionRevertedError, encodeAbiParameters, keccak256 } from "viem";
import {
  adaptiveRateModelAbi,
  chainlinkAdapterAbi,
  iRateModelAbi,
  keelLensAbi,
  keelPoolAbi,
} from "../src/abis/index.ts";
import {
  type AccountSnapshot,
  accountHealth,
  accountHealthFactor,
  accountMasks,
  borrowRate,
  expectedReserveState,
  FLAG_FROZEN,
  FLAG_PAUSED,
  isPriceLive,
  liquidationPrice,
  MathPanicError,
  MathSafeCastError,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  PoolRevertError,
  type PoolSnapshot,
  PriceUnavailableError,
  SimulationError,
} from "../src/index.ts";
import { type CrossPool, POOL_ID } from "./math.fixture.ts";

/**
 * The pool's errors and the oracles' (which the pool lets through when a price it needs fails): they
 * decode a revert of any view or operation.
 */
export const poolErrorsAbi = [
  ...keelPoolAbi.filter((item) => item.type === "error"),
  ...chainlinkAdapterAbi.filter((item) => item.type === "error"),
] as const satisfies Abi;
/** KeelPool with the oracles' errors, for calls whose revert may come from an adapter. */
export const poolAbi = [...keelPoolAbi, ...chainlinkAdapterAbi.filter((item) => item.type === "error")] as const;
/** KeelLens with the errors that bubble up to it from the pool. */
export const lensAbi = [...keelLensAbi, ...poolErrorsAbi] as const satisfies Abi;

/** A revert as a decoder of revert data names it: the error's name and its arguments. */
export type Revert = { errorName: string; args: readonly unknown[] };

/** The revert a chain call ended with, decoded; rethrows anything that is not a revert. */
export function chainRevert(error: unknown): Revert {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
  if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
    return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  }
  throw error;
}

/** The revert the math predicts for what it threw; rethrows anything else (a bug, not a prediction). */
export function predictedRevert(error: unknown): Revert {
  const cause = error instanceof SimulationError ? error.cause : error;
  if (cause instanceof PoolRevertError) return { errorName: cause.errorName, args: cause.args };
  if (cause instanceof MathPanicError) return { errorName: "Panic", args: [cause.code] };
  if (cause instanceof MathSafeCastError) return { errorName: cause.errorName, args: cause.args };
  // The pool needed a price its adapter refuses: the adapter's error comes through unchanged.
  if (cause instanceof PriceUnavailableError && cause.revert) return cause.revert;
  throw cause;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function run<T>(compute: () => T): Outcome<T> {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The chain's answer and the math's are equal to the wei, or both revert with the same error. */
export async function assertSame<T>(label: string, chain: Promise<T>, math: () => T): Promise<void> {
  const onChain: Outcome<T> = await chain.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const offChain = run(math);
  if (onChain.ok && offChain.ok) return assert.deepEqual(offChain.value, onChain.value, label);
  if (!onChain.ok && !offChain.ok) {
    return assert.deepEqual(predictedRevert(offChain.error), chainRevert(onChain.error), label);
  }
  const chainSays = onChain.ok
    ? `returned ${String(onChain.value)}`
    : `reverted with ${JSON.stringify(chainRevert(onChain.error), bigints)}`;
  const mathSays = offChain.ok ? `returned ${String(offChain.value)}` : `threw ${String(offChain.error)}`;
  assert.fail(`${label}: the chain ${chainSays} but the math ${mathSays}`);
}

export function bigints(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** The key AdaptiveRateModel stores a caller's curve under. */
export function curveKey(caller: `0x${string}`, poolId: bigint, reserve: bigint): `0x${string}` {
  return keccak256(
    encodeAbiParameters([{ type: "address" }, { type: "uint256" }, { type: "uint256" }], [caller, poolId, reserve]),
  );
}

/**
 * Every view the math mirrors, on chain and offline, at the latest block (whose timestamp is the
 * model's): stored and expected reserve states, rate-model rates and curves, every account's masks,
 * health and health factor, and for the accounts in `inDetail` (all by default) their positions and
 * KeelLens's four answers for every reserve.
 */
export async function assertModelMatchesChain(
  k: CrossPool,
  model: { pool: PoolSnapshot; accounts: AccountSnapshot[] },
  inDetail: readonly number[] = model.accounts.map((_, i) => i),
): Promise<void> {
  const { pool, accounts } = model;
  const read = k.publicClient;
  const checks: Promise<void>[] = [];
  for (const reserve of pool.reserves) {
    const i = BigInt(reserve.index);
    const { state, rateModel } = reserve;
    checks.push(
      k.pool.read.reserveState([POOL_ID, i]).then((value) => assert.deepEqual(value, state, `reserveState(${i})`)),
      assertSame(`expectedReserveState(${i})`, k.pool.read.expectedReserveState([POOL_ID, i]), () =>
        expectedReserveState(reserve, pool.timestamp),
      ),
      assertSame(
        `borrowRateView(${i})`,
        read.readContract({
          address: rateModel.address,
          abi: iRateModelAbi,
          functionName: "borrowRateView",
          args: [k.pool.address, POOL_ID, i, state.totalSupplyAssets, state.totalBorrowAssets],
        }),
        () => borrowRate(reserve, pool.timestamp),
      ),
    );
    if (rateModel.kind === "adaptive") {
      checks.push(
        read
          .readContract({
            address: rateModel.address,
            abi: adaptiveRateModelAbi,
            functionName: "curves",
            args: [curveKey(k.pool.address, POOL_ID, i)],
          })
          .then(([rateAtTarget, lastUpdate]) =>
            assert.deepEqual({ rateAtTarget, lastUpdate }, rateModel.curve, `curves(${i})`),
          ),
      );
    }
  }
  for (const [index, account] of accounts.entries()) {
    const who = account.account;
    checks.push(
      k.pool.read
        .accountMasks([POOL_ID, who])
        .then(([collateralMask, debtMask]) =>
          assert.deepEqual({ collateralMask, debtMask }, accountMasks(account), `accountMasks(${who})`),
        ),
      assertSame(
        `accountHealth(${who})`,
        read.readContract({
          address: k.pool.address,
          abi: poolAbi,
          functionName: "accountHealth",
          args: [POOL_ID, who],
        }),
        () => accountHealth(pool, account),
      ),
      assertSame(
        `healthFactor(${who})`,
        read.readContract({
          address: k.pool.address,
          abi: poolAbi,
          functionName: "healthFactor",
          args: [POOL_ID, who],
        }),
        () => accountHealthFactor(pool, account),
      ),
    );
    if (!inDetail.includes(index)) continue;
    for (const reserve of pool.reserves) {
      const i = BigInt(reserve.index);
      const lens = (functionName: "maxBorrow" | "maxWithdraw" | "maxWithdrawCollateral" | "liquidationPrice") =>
        read.readContract({ address: k.lens.address, abi: lensAbi, functionName, args: [POOL_ID, who, i] });
      checks.push(
        k.pool.read
          .position([POOL_ID, who, i])
          .then((value) => assert.deepEqual(value, account.positions[reserve.index], `position(${who}, ${i})`)),
        assertLens(`maxBorrow(${who}, ${i})`, lens, "maxBorrow", pool, account, reserve.index, maxBorrow),
        assertSame(`maxWithdraw(${who}, ${i})`, lens("maxWithdraw"), () => maxWithdraw(pool, account, reserve.index)),
        assertLens(
          `maxWithdrawCollateral(${who}, ${i})`,
          lens,
          "maxWithdrawCollateral",
          pool,
          account,
          reserve.index,
          maxWithdrawCollateral,
        ),
        assertLens(
          `liquidationPrice(${who}, ${i})`,
          lens,
          "liquidationPrice",
          pool,
          account,
          reserve.index,
          liquidationPrice,
        ),
      );
    }
  }
  await Promise.all(checks);
}

type LensQuestion = "maxBorrow" | "maxWithdrawCollateral" | "liquidationPrice";

/**
 * Whether KeelLens answers `question` by the pool's rules for this account and reserve. KeelLens (not
 * changed with the pool's valuation rules) prices every collateral with `price()` and counts frozen
 * and paused collateral; the SDK answers as the pool decides (see math/lens.ts). Both agree while every
 * price involved is live and no collateral the account holds is frozen or paused.
 */
export function lensFollowsPool(
  question: LensQuestion,
  pool: PoolSnapshot,
  account: AccountSnapshot,
  reserve: number,
): boolean {
  const { collateralMask, debtMask } = accountMasks(account);
  const held = (mask: number) => pool.reserves.filter((r) => (mask >> r.index) & 1);
  const target = pool.reserves[reserve];
  if (question === "liquidationPrice") return isPriceLive(target);
  const allLive = [...held(collateralMask), ...held(debtMask), target].every(isPriceLive);
  const open = held(collateralMask).every((r) => (r.config.flags & (FLAG_FROZEN | FLAG_PAUSED)) === 0);
  return allLive && open;
}

/**
 * A lens answer: equal to KeelLens's while KeelLens follows the pool's rules; otherwise the SDK's
 * own answer must still be computable (acting on it is checked against the pool by the runs, which
 * resolve "max" amounts with it).
 */
async function assertLens(
  label: string,
  lens: (functionName: LensQuestion | "maxWithdraw") => Promise<bigint>,
  question: LensQuestion,
  pool: PoolSnapshot,
  account: AccountSnapshot,
  reserve: number,
  math: (pool: PoolSnapshot, account: AccountSnapshot, reserve: number) => bigint,
): Promise<void> {
  if (lensFollowsPool(question, pool, account, reserve)) {
    return assertSame(label, lens(question), () => math(pool, account, reserve));
  }
  try {
    math(pool, account, reserve);
  } catch (error) {
    // Only a view the pool itself refuses (a debt with no price at all) may stop the answer.
    if (!(error instanceof PriceUnavailableError && error.source === "lastPrice")) throw error;
  }
}
