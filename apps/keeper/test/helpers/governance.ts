// Governance as a deployment that handed it over has it: an OpenZeppelin TimelockController, and the
// risk-parameter change the suites queue through it.
import { keelPoolAbi, type ReserveConfig } from "@keel/sdk";
import type { Address, Hex } from "viem";
import timelockArtifact from "../../../../contracts/artifacts/@openzeppelin/contracts/governance/TimelockController.sol/TimelockController.json" with {
  type: "json",
};
import type { RunningDevnet } from "./devnet.ts";
import { chainClients } from "./keeper.ts";

export { timelockArtifact };

/** Deploys a timelock (1-hour delay) whose proposer, executor and admin is the devnet's deployer. */
export async function deployTimelock(devnet: RunningDevnet): Promise<Address> {
  const { publicClient, wallet } = chainClients(devnet);
  const deployer = wallet.account.address;
  const hash = await wallet.deployContract({
    abi: timelockArtifact.abi,
    bytecode: timelockArtifact.bytecode as Hex,
    args: [3600n, [deployer], [deployer], deployer],
  });
  return (await publicClient.waitForTransactionReceipt({ hash })).contractAddress as Address;
}

/**
 * `updateReserve` parameters for pool 0's WETH that cut its liquidation threshold by the most the
 * configurator allows at once (5%: 82.5% → 78.38%), its LTV kept 3 points below, the rest as it is.
 */
export async function wethThresholdCut(devnet: RunningDevnet) {
  const { publicClient } = chainClients(devnet);
  const weth = BigInt(devnet.deployment.pools[0].reserves.find((r) => r.symbol === "WETH")?.index ?? 99);
  const config = await publicClient.readContract({
    address: devnet.deployment.contracts.pool,
    abi: keelPoolAbi,
    functionName: "reserveConfig",
    args: [0n, weth],
  });
  const threshold = Math.ceil((config.liquidationThresholdBps * 95) / 100);
  const params = {
    ...updateParams(config),
    ltvBps: Math.min(config.ltvBps, threshold - 300),
    liquidationThresholdBps: threshold,
  };
  return { weth, config, threshold, params };
}

/** A reserve's configuration as it is, in the shape `KeelConfigurator.updateReserve` takes. */
export function updateParams(config: ReserveConfig) {
  return {
    asset: config.asset,
    oracle: config.oracle,
    irm: config.irm,
    ltvBps: config.ltvBps,
    liquidationThresholdBps: config.liquidationThresholdBps,
    maxLiquidationBonusBps: config.maxLiquidationBonusBps,
    reserveFactorBps: config.reserveFactorBps,
    liquidationFeeBps: config.liquidationFeeBps,
    supplyCap: config.supplyCap,
    borrowCap: config.borrowCap,
    collateralEnabled: (config.flags & 1) !== 0,
    borrowEnabled: (config.flags & 2) !== 0,
    eModeCategory: config.eModeCategory,
  };
}
