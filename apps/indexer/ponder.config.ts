// What the indexer follows: every Keel contract of one deployment manifest, from the block it was
// deployed at. See src/deployment.ts for the settings and README.md for how to run it.
import {
  cdpEngineAbi,
  keelConfiguratorAbi,
  keelPoolAbi,
  pegStabilityModuleAbi,
  peripheryRegistryAbi,
  protectionPoliciesAbi,
} from "@keel/sdk/abis";
import { createConfig } from "ponder";
import { timelockAbi } from "./src/abis.ts";
import { deployment, settings } from "./src/settings.ts";

const cdp = deployment.cdp as NonNullable<typeof deployment.cdp>;
const periphery = deployment.periphery as NonNullable<typeof deployment.periphery>;
const startBlock = deployment.startBlock;
/** A deployment without a timelock: the zero address emits nothing, so governance stays empty. */
const timelock = deployment.contracts.timelock ?? "0x0000000000000000000000000000000000000000";

export default createConfig({
  database: settings.databaseUrl
    ? { kind: "postgres", connectionString: settings.databaseUrl }
    : { kind: "pglite", directory: settings.dataDir },
  chains: {
    keel: {
      id: deployment.chainId,
      rpc: settings.rpcUrls,
      pollingInterval: settings.pollingInterval,
      disableCache: !settings.cacheChainData,
    },
  },
  contracts: {
    KeelPool: { chain: "keel", abi: keelPoolAbi, address: deployment.contracts.pool, startBlock },
    KeelConfigurator: {
      chain: "keel",
      abi: keelConfiguratorAbi,
      address: deployment.contracts.configurator,
      startBlock,
    },
    CdpEngine: { chain: "keel", abi: cdpEngineAbi, address: cdp.engine, startBlock },
    PegStabilityModule: {
      chain: "keel",
      abi: pegStabilityModuleAbi,
      address: cdp.pegModules.map((module) => module.address),
      startBlock,
    },
    ProtectionPolicies: { chain: "keel", abi: protectionPoliciesAbi, address: periphery.policies, startBlock },
    PeripheryRegistry: { chain: "keel", abi: peripheryRegistryAbi, address: periphery.registry, startBlock },
    Timelock: { chain: "keel", abi: timelockAbi, address: timelock, startBlock },
  },
});
