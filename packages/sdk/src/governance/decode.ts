import { type Address, type DecodeFunctionDataReturnType, decodeFunctionData, type Hex } from "viem";
import { cdpEngineAbi } from "../abis/CdpEngine.ts";
import { keelConfiguratorAbi } from "../abis/KeelConfigurator.ts";
import { keelPoolAbi } from "../abis/KeelPool.ts";
import type { KeelDeployment } from "../deployment.ts";
import type { EModeCategory, ReserveConfig } from "../types.ts";

type ConfiguratorCall = DecodeFunctionDataReturnType<typeof keelConfiguratorAbi>;
type EngineCall = DecodeFunctionDataReturnType<typeof cdpEngineAbi>;

/** What `KeelConfigurator.updateReserve` takes: a reserve's parameters as a lister chooses them. */
export type ReserveListingParams = Extract<ConfiguratorCall, { functionName: "updateReserve" }>["args"][2];

/** What `CdpEngine.setCollateralParams` takes: a kUSD collateral type's parameters. */
export type CollateralTypeParams = Extract<EngineCall, { functionName: "setCollateralParams" }>["args"][1];

/**
 * A change to one pool's risk parameters, as a queued call makes it:
 * - `updateReserve` (configurator): a reserve's parameters; its frozen and paused flags are kept;
 * - `setReserve` (the pool itself, which only its configurator may call): the whole stored configuration;
 * - `setEMode` (configurator or pool): an e-mode category's LTV, threshold and bonus;
 * - `setFrozen`, `setPaused` (configurator): a reserve's flag. Neither moves a health factor; both stop
 *   the reserve giving borrowing power (LTV) to collateral.
 */
export type PoolParameterChange =
  | { kind: "updateReserve"; poolId: bigint; reserve: number; params: ReserveListingParams }
  | { kind: "setReserve"; poolId: bigint; reserve: number; config: ReserveConfig }
  | { kind: "setEMode"; poolId: bigint; category: number; params: EModeCategory }
  | { kind: "setFrozen" | "setPaused"; poolId: bigint; reserve: number; on: boolean };

/** Which of Keel's contracts a call goes to. */
export type GovernanceContract = "configurator" | "pool" | "engine";

/**
 * A queued call, decoded against the contract it targets:
 * - `pool`: a change to a pool's risk parameters, which `applyPoolChange` applies to a snapshot;
 * - `collateralType`: new parameters for a kUSD collateral type;
 * - `other`: any other function of a Keel contract, by name (fees, owners, guardians, rate models…).
 */
export type GovernanceCall =
  | { kind: "pool"; contract: GovernanceContract; functionName: string; change: PoolParameterChange }
  | { kind: "collateralType"; contract: "engine"; functionName: string; typeId: bigint; params: CollateralTypeParams }
  | { kind: "other"; contract: GovernanceContract; functionName: string; args: readonly unknown[] };

/** The contracts a deployment's governance calls: the configurator, the pool and, when deployed, the kUSD engine. */
export type GovernanceTargets = { configurator: Address; pool: Address; engine?: Address };

export function governanceTargets(deployment: KeelDeployment): GovernanceTargets {
  return {
    configurator: deployment.contracts.configurator,
    pool: deployment.contracts.pool,
    engine: deployment.cdp?.engine,
  };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Decodes a call a timelock queued (`target`, `data`) against the deployment's contracts; undefined when
 * the target is none of them or the data is not one of its functions.
 */
export function decodeGovernanceCall(
  targets: GovernanceTargets,
  target: Address,
  data: Hex,
): GovernanceCall | undefined {
  if (same(target, targets.configurator)) {
    let call: ConfiguratorCall;
    try {
      call = decodeFunctionData({ abi: keelConfiguratorAbi, data });
    } catch {
      return undefined;
    }
    const { functionName } = call;
    const contract = "configurator";
    switch (call.functionName) {
      case "updateReserve": {
        const [poolId, reserve, params] = call.args;
        return {
          kind: "pool",
          contract,
          functionName,
          change: { kind: "updateReserve", poolId, reserve: Number(reserve), params },
        };
      }
      case "setEMode": {
        const [poolId, category, params] = call.args;
        return { kind: "pool", contract, functionName, change: { kind: "setEMode", poolId, category, params } };
      }
      case "setFrozen":
      case "setPaused": {
        const [poolId, reserve, on] = call.args;
        return {
          kind: "pool",
          contract,
          functionName,
          change: { kind: call.functionName, poolId, reserve: Number(reserve), on },
        };
      }
      default:
        return { kind: "other", contract, functionName, args: call.args ?? [] };
    }
  }
  if (same(target, targets.pool)) {
    let call: DecodeFunctionDataReturnType<typeof keelPoolAbi>;
    try {
      call = decodeFunctionData({ abi: keelPoolAbi, data });
    } catch {
      return undefined;
    }
    const { functionName } = call;
    const contract = "pool";
    if (call.functionName === "setReserve") {
      const [poolId, reserve, config] = call.args;
      return {
        kind: "pool",
        contract,
        functionName,
        change: { kind: "setReserve", poolId, reserve: Number(reserve), config },
      };
    }
    if (call.functionName === "setEMode") {
      const [poolId, category, params] = call.args;
      return { kind: "pool", contract, functionName, change: { kind: "setEMode", poolId, category, params } };
    }
    return { kind: "other", contract, functionName, args: call.args ?? [] };
  }
  if (targets.engine !== undefined && same(target, targets.engine)) {
    let call: EngineCall;
    try {
      call = decodeFunctionData({ abi: cdpEngineAbi, data });
    } catch {
      return undefined;
    }
    const { functionName } = call;
    if (call.functionName === "setCollateralParams") {
      const [typeId, params] = call.args;
      return { kind: "collateralType", contract: "engine", functionName, typeId, params };
    }
    return { kind: "other", contract: "engine", functionName, args: call.args ?? [] };
  }
  return undefined;
}
