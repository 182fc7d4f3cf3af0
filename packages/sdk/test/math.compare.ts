import assert from "node:assert/strict";
import { type Abi, BaseError, ContractFunctionRevertedError, encodeAbiParameters, keccak256 } from "viem";
import { adaptiveRateModelAbi, iRateModelAbi, keelLensAbi, keelPoolAbi } from "../src/abis/index.ts";
import {
  type AccountSnapshot,
  accountHealth,
  accountHealthFactor,
  accountMasks,
  borrowRate,
  expectedReserveState,
  liquidationPrice,
  MathPanicError,
  MathSafeCastError,
  maxBorrow,
  maxWithdraw,
  maxWithdrawCollateral,
  PoolRevertError,
  type PoolSnapshot,
  SimulationError,
} from "../src/index.ts";
import { type CrossPool, POOL_ID } from "./math.fixture.ts";

/** The pool's errors (and the oracles', through the pool) decode a revert of any view or operation. */
export const poolErrorsAbi = keelPoolAbi.filter((item) => item.type === "error");
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
      assertSame(`accountHealth(${who})`, k.pool.read.accountHealth([POOL_ID, who]), () =>
        accountHealth(pool, account),
      ),
      assertSame(`healthFactor(${who})`, k.pool.read.healthFactor([POOL_ID, who]), () =>
        accountHealthFactor(pool, account),
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
        assertSame(`maxBorrow(${who}, ${i})`, lens("maxBorrow"), () => maxBorrow(pool, account, reserve.index)),
        assertSame(`maxWithdraw(${who}, ${i})`, lens("maxWithdraw"), () => maxWithdraw(pool, account, reserve.index)),
        assertSame(`maxWithdrawCollateral(${who}, ${i})`, lens("maxWithdrawCollateral"), () =>
          maxWithdrawCollateral(pool, account, reserve.index),
        ),
        assertSame(`liquidationPrice(${who}, ${i})`, lens("liquidationPrice"), () =>
          liquidationPrice(pool, account, reserve.index),
        ),
      );
    }
  }
  await Promise.all(checks);
}
