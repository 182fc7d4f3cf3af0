import type { Address, Chain, Client, ReadContractErrorType, Transport } from "viem";
import { adaptiveRateModelAbi } from "../abis/AdaptiveRateModel.ts";
import { kinkedRateModelAbi } from "../abis/KinkedRateModel.ts";
import { read } from "../internal/read.ts";
import type { AdaptiveRateModelParams, KinkedRateModelParams } from "../types.ts";

/** Parameters of `getRateModel`. */
export type GetRateModelParameters = { address: Address; blockNumber?: bigint };

/** A rate model recognised by its public getters, with its parameters; `external` when neither set answers. */
export type GetRateModelReturnType =
  | { kind: "kinked"; params: KinkedRateModelParams }
  | { kind: "adaptive"; params: AdaptiveRateModelParams }
  | { kind: "external" };

/** Errors `getRateModel` may throw: none from the getters (a getter that fails means "not this kind"). */
export type GetRateModelErrorType = ReadContractErrorType;

/**
 * Which rate model a contract is: a KinkedRateModel when all four of its immutables' getters
 * (baseRate, slope1, slope2, optimalUtilization) answer, an AdaptiveRateModel when all six of its
 * getters do, else `external`. Getters only prove an interface; `getPoolSnapshot` also checks that
 * the SDK's rate for each reserve equals the model's own `borrowRateView` before trusting it.
 */
export async function getRateModel(
  client: Client<Transport, Chain | undefined>,
  { address, blockNumber }: GetRateModelParameters,
): Promise<GetRateModelReturnType> {
  const kinked = (functionName: "baseRate" | "slope1" | "slope2" | "optimalUtilization") =>
    read(client, { address, abi: kinkedRateModelAbi, functionName, blockNumber });
  const adaptive = (
    functionName:
      | "targetUtilization"
      | "steepness"
      | "adjustmentSpeed"
      | "initialRateAtTarget"
      | "minRateAtTarget"
      | "maxRateAtTarget",
  ) => read(client, { address, abi: adaptiveRateModelAbi, functionName, blockNumber });

  const [kinkedParams, adaptiveParams] = await Promise.all([
    Promise.all([kinked("baseRate"), kinked("slope1"), kinked("slope2"), kinked("optimalUtilization")]).then(
      ([baseRate, slope1, slope2, optimalUtilization]) => ({ baseRate, slope1, slope2, optimalUtilization }),
      () => undefined,
    ),
    Promise.all([
      adaptive("targetUtilization"),
      adaptive("steepness"),
      adaptive("adjustmentSpeed"),
      adaptive("initialRateAtTarget"),
      adaptive("minRateAtTarget"),
      adaptive("maxRateAtTarget"),
    ]).then(
      ([targetUtilization, steepness, adjustmentSpeed, initialRateAtTarget, minRateAtTarget, maxRateAtTarget]) => ({
        targetUtilization,
        steepness,
        adjustmentSpeed,
        initialRateAtTarget,
        minRateAtTarget,
        maxRateAtTarget,
      }),
      () => undefined,
    ),
  ]);
  if (kinkedParams) return { kind: "kinked", params: kinkedParams };
  if (adaptiveParams) return { kind: "adaptive", params: adaptiveParams };
  return { kind: "external" };
}
