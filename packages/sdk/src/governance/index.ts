export {
  applyPoolChange,
  poolChangeTouches,
  type ReserveConfigChange,
  reserveConfigChanges,
} from "./apply.ts";
export {
  type CollateralTypeParams,
  decodeGovernanceCall,
  type GovernanceCall,
  type GovernanceContract,
  type GovernanceTargets,
  governanceTargets,
  type PoolParameterChange,
  type ReserveListingParams,
} from "./decode.ts";
export { TIMELOCK_DONE_TIMESTAMP, timelockControllerAbi } from "./timelock.ts";
