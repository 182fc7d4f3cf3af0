import { before, describe, it } from "node:test";
import type { Address } from "viem";
import { adaptiveRateModelAbi, kinkedRateModelAbi } from "../src/abis/index.ts";
import {
  type AdaptiveCurve,
  AdaptiveRateModel,
  type AdaptiveRateModelParams,
  getRateModel,
  KinkedRateModel,
  type KinkedRateModelParams,
} from "../src/index.ts";
import { assertSame, curveKey } from "./math.compare.ts";
import { type CrossPool, deployCrossPool } from "./math.fixture.ts";
import { createRandom, FUZZ, type Random } from "./math.random.ts";

const WAD = 10n ** 18n;
const MAX_UINT128 = 2n ** 128n - 1n;
const SAMPLES = FUZZ.steps;

/**
 * Totals of every size: empty, dust, realistic, near uint128 and, now and then, large enough for the
 * contracts' checked arithmetic and casts to revert (utilization × 1e18 beyond uint256, or beyond int256).
 */
function randomTotals(random: Random): [bigint, bigint] {
  const roll = random.unit();
  if (roll < 0.05) return [0n, random.chance(0.5) ? 0n : random.logUniform(1n, MAX_UINT128)];
  if (roll < 0.08) return [random.logUniform(1n, 10n ** 20n), random.logUniform(2n ** 190n, 2n ** 255n)];
  if (roll < 0.1) return [1n, random.bigint(2n ** 255n / WAD, (2n ** 256n - 1n) / WAD)];
  const supply = random.logUniform(1n, MAX_UINT128);
  // Utilization from idle to beyond full (the models cap it at 1).
  const borrow = random.chance(0.1) ? supply : random.scale(supply, 0, 1.3);
  return [supply, borrow];
}

async function readParams<K extends "kinked" | "adaptive">(k: CrossPool, address: Address, kind: K) {
  const model = await getRateModel(k.publicClient, { address });
  if (model.kind !== kind) throw new Error(`${address} was recognised as ${model.kind}, not ${kind}`);
  return model.params as K extends "kinked" ? KinkedRateModelParams : AdaptiveRateModelParams;
}

describe(`rate models against the contracts (${SAMPLES} samples per model, seed ${FUZZ.seed})`, () => {
  let k: CrossPool;
  before(async () => {
    k = await deployCrossPool();
  });

  it("KinkedRateModel: utilization and borrowRate over random totals, for deployed and random parameters", async () => {
    const random = createRandom(FUZZ.seed);
    const models: Address[] = [k.kinked.address, k.kinkedSteep.address];
    for (let i = 0; i < 3; i++) {
      const yearly = () => random.logUniform(1n, 20n * WAD);
      const optimal = random.bigint(1n, WAD - 1n);
      models.push((await k.viem.deployContract("KinkedRateModel", [yearly(), yearly(), yearly(), optimal])).address);
    }
    for (const address of models) {
      const params = await readParams(k, address, "kinked");
      for (let sample = 0; sample < SAMPLES; sample++) {
        const [supply, borrow] = randomTotals(random);
        const label = `kinked ${address} borrowRate(${supply}, ${borrow})`;
        const model = { address, abi: kinkedRateModelAbi } as const;
        await assertSame(
          label,
          k.publicClient.readContract({ ...model, functionName: "borrowRate", args: [0n, 0n, supply, borrow] }),
          () => KinkedRateModel.borrowRate(params, supply, borrow),
        );
        await assertSame(
          label.replace("borrowRate", "utilization"),
          k.publicClient.readContract({ ...model, functionName: "utilization", args: [supply, borrow] }),
          () => KinkedRateModel.utilization(supply, borrow),
        );
      }
    }
  });

  it("AdaptiveRateModel: the rate and the stored curve over random totals and gaps from a second to years", async () => {
    const random = createRandom(FUZZ.seed + 1);
    const models: Address[] = [k.adaptive.address, k.adaptiveFast.address];
    for (let i = 0; i < 2; i++) {
      const [minimum, initial, maximum] = [0, 0, 0]
        .map(() => random.logUniform(1n, 1000n * WAD))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const args = [
        random.bigint(1n, WAD - 1n),
        random.bigint(WAD + 1n, 100n * WAD),
        random.logUniform(1n, 2000n * WAD),
        [initial, minimum, maximum],
      ] as const;
      models.push(
        (await k.viem.deployContract("AdaptiveRateModel", [args[0], args[1], args[2], [...args[3]]])).address,
      );
    }
    // The caller's own curves: the model keys them by (msg.sender, poolId, reserve), so a test wallet moves its own.
    const caller = k.users[0];
    for (const [m, address] of models.entries()) {
      const params = await readParams(k, address, "adaptive");
      const model = { address, abi: adaptiveRateModelAbi } as const;
      const [poolId, reserve] = [BigInt(m + 7), 3n];
      let curve: AdaptiveCurve = { rateAtTarget: 0n, lastUpdate: 0 };
      let now = (await k.publicClient.getBlock()).timestamp;
      for (let sample = 0; sample < SAMPLES; sample++) {
        const [supply, borrow] = randomTotals(random);
        now += random.chance(0.6) ? random.bigint(1n, 3600n) : random.logUniform(3601n, 5n * 365n * 86_400n);
        await k.networkHelpers.time.setNextBlockTimestamp(now);
        const label = `adaptive ${address} borrowRateView(${supply}, ${borrow}) at ${now}`;
        await assertSame(
          label,
          k.publicClient.readContract({
            ...model,
            functionName: "borrowRateView",
            args: [caller.account.address, poolId, reserve, supply, borrow],
            blockTag: "pending",
          }),
          () => AdaptiveRateModel.borrowRateView(params, curve, supply, borrow, now),
        );
        let next: AdaptiveCurve;
        try {
          next = AdaptiveRateModel.borrowRate(params, curve, supply, borrow, now).curve;
        } catch {
          continue; // the view above already proved the chain reverts the same way; nothing is stored
        }
        await caller.writeContract({
          ...model,
          functionName: "borrowRate",
          args: [poolId, reserve, supply, borrow],
          chain: undefined,
        });
        await assertSame(
          `${label}: stored curve`,
          k.publicClient
            .readContract({
              ...model,
              functionName: "curves",
              args: [curveKey(caller.account.address, poolId, reserve)],
            })
            .then(([rateAtTarget, lastUpdate]) => ({ rateAtTarget, lastUpdate })),
          () => next,
        );
        curve = next;
      }
    }
  });
});
