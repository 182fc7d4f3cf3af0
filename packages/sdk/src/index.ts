/**
 * @keel/sdk: everything a program needs to use Keel.
 *
 * - `abis`: typed `as const` ABIs generated from the contracts.
 * - `KeelDeployment`: the deployment manifest `keel devnet` writes and every tool reads.
 */
export * from "./abis/index.ts";
export { type KeelDeployment, loadDeployment } from "./deployment.ts";
export * from "./math/index.ts";
export * from "./simulation/index.ts";
export * from "./snapshot/index.ts";
export type * from "./types.ts";
