/**
 * @keel/sdk: everything a program needs to use Keel.
 *
 * - `abis`: typed `as const` ABIs generated from the contracts.
 * - `KeelDeployment`: the deployment manifest `keel devnet` writes and every tool reads (`parseDeployment`;
 *   `loadDeployment` from `@keel/sdk/node` reads the file).
 * - viem actions (reads and writes taking the client first), typed errors with `decodeKeelError`,
 *   and EIP-712 Authorization, Delegation and EIP-2612 permit signatures.
 * - the contracts' math in bigint (same names and rounding), pool and account snapshots, and
 *   `simulate`, which previews a list of operations with no RPC call.
 * - governance: a timelock's queued calls decoded (`decodeGovernanceCall`) and applied to a copy of a
 *   pool snapshot (`applyPoolChange`), so a change can be valued before it executes.
 */
export * from "./abis/index.ts";
export * from "./actions/index.ts";
export type { ReserveParameters } from "./actions/pool/types.ts";
export { type KeelDeployment, parseDeployment } from "./deployment.ts";
export * from "./errors/index.ts";
export * from "./flows/index.ts";
export * from "./format/index.ts";
export { GAS_MARGIN_FIXED, withGasMargin } from "./gas.ts";
export * from "./governance/index.ts";
export type { KeelReadClient, KeelWalletClient, WriteParameters, WriteReturnType } from "./internal/types.ts";
export * from "./math/index.ts";
export * from "./policies/index.ts";
export * from "./signatures/index.ts";
export * from "./simulation/index.ts";
export * from "./snapshot/index.ts";
export type * from "./types.ts";
