import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { getAccountSnapshot, getPoolSnapshot } from "../src/index.ts";
import { assertModelMatchesChain } from "./math.compare.ts";
import { runOperation } from "./math.execute.ts";
import { type CrossPool, deployCrossPool, POOL_ID } from "./math.fixture.ts";
import { describeOperation, type Model, randomOperation } from "./math.operations.ts";
import { assertReached, createRandom, DEFAULT_DEPTH, FUZZ } from "./math.random.ts";

/** Every run starts at this timestamp, so that a seed replays the same history to the second. */
const START = 2_000_000_000n;
/**
 * Every step checks every reserve and every account's health, and every lens answer of the account
 * the step touched; every SWEEP_EVERY steps, every lens answer of every account, and the snapshot
 * actions re-read the pool and the accounts and must find the model.
 */
const SWEEP_EVERY = 25;

async function readModel(k: CrossPool): Promise<Model> {
  const pool = await getPoolSnapshot(k.publicClient, { pool: k.pool.address, poolId: POOL_ID });
  const accounts = await Promise.all(
    k.users.map((user) =>
      getAccountSnapshot(k.publicClient, {
        pool: k.pool.address,
        poolId: POOL_ID,
        account: user.account.address,
        blockNumber: pool.blockNumber,
      }),
    ),
  );
  return { pool, accounts };
}

/**
 * Rules every default-depth campaign must reach at least once across its runs (a shallower one set by
 * KEEL_FUZZ_RUNS or KEEL_FUZZ_STEPS is not held to it): the pool's newer valuation, liquidation,
 * collateral and accrual rules, each agreeing with the chain to the wei.
 */
const MUST_REACH = [
  "supplyCollateral reverted (Unauthorized)",
  "supplyCollateral top-up by a third party",
  "supplyCollateral by an operator",
  "feed stale",
  "feed zero",
  "borrow with collateral priced by lastPrice or 0",
  "borrow with frozen or paused collateral",
  "withdrawCollateral with frozen or paused collateral",
  "liquidate with a failing price",
  "liquidate: incentive capped at the margin",
  "liquidate: dust seized for nothing",
  "accrual each second (2 decimals)",
];

describe(`math core against the contracts: ${FUZZ.runs} runs of ${FUZZ.steps} random operations (seed ${FUZZ.seed})`, () => {
  let k: CrossPool;
  const campaign = new Map<string, number>();
  let fresh: Awaited<ReturnType<CrossPool["networkHelpers"]["takeSnapshot"]>>;

  before(async () => {
    k = await deployCrossPool();
    fresh = await k.networkHelpers.takeSnapshot();
  });

  for (let run = 0; run < FUZZ.runs; run++) {
    it(`run ${run}: every operation, view and event equal to the wei`, async () => {
      await fresh.restore();
      const random = createRandom(FUZZ.seed + run);
      await k.networkHelpers.time.increaseTo(START);
      let model = await readModel(k);
      const tally = new Map<string, number>();
      const count = (key: string) => {
        tally.set(key, (tally.get(key) ?? 0) + 1);
        campaign.set(key, (campaign.get(key) ?? 0) + 1);
      };

      for (let step = 0; step < FUZZ.steps; step++) {
        const operation = randomOperation(random, model, step);
        const at = model.pool.timestamp + (random.chance(0.85) ? random.bigint(1n, 60n) : random.bigint(61n, 86_400n));
        const context = `seed ${FUZZ.seed + run}, step ${step}: ${describeOperation(operation)}`;
        try {
          const outcome = await runOperation(k, model, operation, at);
          count(outcome.reverted ? `${outcome.kind} reverted (${outcome.reverted})` : outcome.kind);
          if (outcome.badDebt) count("bad debt written off");
          for (const note of outcome.notes ?? []) count(note);
          const sweep = step % SWEEP_EVERY === SWEEP_EVERY - 1;
          const touched = operation.kind === "pool" ? operation.user : random.int(0, model.accounts.length - 1);
          await assertModelMatchesChain(k, model, sweep ? undefined : [touched]);
          if (sweep) {
            const reread = await readModel(k);
            assert.deepEqual({ ...reread.pool, blockNumber: 0n }, { ...model.pool, blockNumber: 0n });
            assert.deepEqual(reread.accounts, model.accounts);
            model = reread;
          }
        } catch (error) {
          throw new Error(`Differential mismatch at ${context}\n${error instanceof Error ? error.message : error}`, {
            cause: error,
          });
        }
      }
      const report = [...tally].sort(([a], [b]) => a.localeCompare(b));
      console.log(`    seed ${FUZZ.seed + run}: ${report.map(([key, n]) => `${key} ${n}`).join(", ")}`);
      // A run that never borrowed or liquidated would prove little: the generator must reach them.
      const kinds = ["supply", "borrow", "repay", "withdraw", "liquidate"];
      assertReached(
        kinds.filter((kind) => (tally.get(kind) ?? 0) === 0),
        "no successful operation of these kinds in this run",
      );
    });
  }

  it("the campaign reached every newer rule of the pool", (t) => {
    if (FUZZ.runs * FUZZ.steps < DEFAULT_DEPTH) return t.skip("shallower than the default campaign");
    assertReached(
      MUST_REACH.filter((key) => (campaign.get(key) ?? 0) === 0),
      "never reached",
    );
  });
});
