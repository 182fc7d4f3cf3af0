// Previews of actions on a pool snapshot, with the contracts' exact math and no RPC call.
export type * from "./actions.ts";
export { SimulationError } from "./errors.ts";
export { largestKeepingHealth } from "./largestKeepingHealth.ts";
export { type SimulateOptions, type SimulationResult, simulate } from "./simulate.ts";
