/** One-transaction flows through the bundler: step encoding, flow builders, planning with previews, sending. */
export {
  type ExecuteBundleErrorType,
  type ExecuteBundleParameters,
  type ExecuteBundleReturnType,
  executeBundle,
} from "./executeBundle.ts";
export { aaveV3PoolAbi, morphoBlueAbi } from "./externalAbis.ts";
export {
  type AaveSource,
  type MigrationPlan,
  type MigrationTarget,
  type MorphoMarket,
  morphoMarketId,
  type PoolSource,
  planMigrationBetweenPools,
  planMigrationFromAave,
  planMigrationFromMorpho,
  planMigrationIntoVault,
  type VaultTarget,
} from "./migration.ts";
export {
  type AuthorizeForOneBundleParameters,
  authorizeForOneBundle,
  type PermitForBundleParameters,
  permitForBundle,
} from "./oneTransaction.ts";
export {
  type PlannedSwap,
  type PlanPoolFlowParameters,
  type PoolFlowPlan,
  type PoolFlowRequest,
  planPoolFlow,
} from "./planPoolFlow.ts";
export {
  type BuiltFlow,
  buildClose,
  buildCollateralSwap,
  buildDebtSwap,
  buildDeleverage,
  buildLeverage,
  buildRepayWithCollateral,
  type FlowReserve,
  type PoolFlowTarget,
  type SwapLeg,
} from "./poolFlows.ts";
export { type QuoteVenue, quoteDeviation, quoteIn, quoteOut, type RouteQuote } from "./quote.ts";
export { ALL, type BundlerStepName, bundlerStep } from "./steps.ts";
export {
  approveOperatorForOneBundle,
  buildLeveragedVault,
  buildVaultRepayThroughPsm,
  type LeveragedVaultPlan,
  type PlanLeveragedVaultParameters,
  planLeveragedVault,
  type VaultFlowTarget,
} from "./vaultFlows.ts";
