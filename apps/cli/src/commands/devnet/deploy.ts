import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Address } from "viem";
import { exited, runHardhat } from "./hardhat.ts";
import { followIgnitionProgress } from "./ignitionProgress.ts";
import { contractsDir } from "./paths.ts";
import type { PhaseClock } from "./timings.ts";

/** Deployed addresses by Ignition future id, e.g. `KeelCore#KeelPool` or `KeelDevnetTokens#WETH`. */
export type IgnitionAddresses = Record<string, Address>;

/** The address Ignition deployed for `futureId`; throws when the deployment has none. */
export function pick(addresses: IgnitionAddresses, futureId: string): Address {
  const address = addresses[futureId];
  if (address === undefined) throw new Error(`the deployment has no ${futureId}`);
  return address;
}

/**
 * Deploys Keel through the `Devnet` Ignition module onto the chain at `port`. The deployment id is
 * per port, so two devnets never share a journal; the journal is cleared first, because a restarted
 * chain is empty and a stale journal would make Ignition skip work it believes done. When debugging,
 * `clock` is told how long each module's transactions took.
 */
export async function deployDevnet(port: number, clock: PhaseClock): Promise<IgnitionAddresses> {
  const deploymentId = `devnet-${port}`;
  const deploymentDir = path.join(contractsDir, "ignition", "deployments", deploymentId);
  await rm(deploymentDir, { recursive: true, force: true });
  const { child, output } = runHardhat(
    [
      "ignition",
      "deploy",
      "ignition/modules/Devnet.ts",
      "--network",
      "localhost",
      "--parameters",
      "ignition/parameters/devnet.json",
      "--deployment-id",
      deploymentId,
    ],
    // The contracts' `localhost` network reads its port from KEEL_PORT.
    { KEEL_PORT: String(port) },
  );
  const noteModules =
    clock.debugging && child.stdout !== null ? followIgnitionProgress(child.stdout, clock) : () => undefined;
  // Ignition builds first: instant when the artifacts are current, minutes on a fresh checkout.
  const hint = setTimeout(
    () => console.log("Still deploying: a first start compiles the contracts (a few minutes)…"),
    15_000,
  );
  const code = await exited(child).finally(() => clearTimeout(hint));
  noteModules();
  if (code !== 0) throw new Error(`the Ignition deployment failed (code ${code}):\n${output()}`);
  return JSON.parse(await readFile(path.join(deploymentDir, "deployed_addresses.json"), "utf8"));
}
