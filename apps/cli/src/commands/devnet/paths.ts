import { createRequire } from "node:module";
import path from "node:path";
import { UsageError } from "../../lib/errors.ts";

const require = createRequire(import.meta.url);

/**
 * The contracts workspace: Hardhat's project root, where the chain runs and Ignition deploys from.
 * Empty when keel is installed on its own (from its package): the devnet needs the Keel repository,
 * and `hardhatCli` says so before anything starts.
 */
export const contractsDir = resolveContractsDir();

function resolveContractsDir(): string {
  try {
    return path.dirname(require.resolve("@keel/contracts/package.json"));
  } catch {
    return "";
  }
}

/** Hardhat's command-line entry, run with this Node rather than through a shell or PATH lookup. */
export function hardhatCli(): string {
  if (!contractsDir) {
    throw new UsageError(
      "`keel devnet` runs from a clone of the Keel repository (it compiles and deploys its contracts): " +
        "clone it, run `npm install`, then `npm start`. Every other command works with any deployment's manifest.",
    );
  }
  const projectRequire = createRequire(path.join(contractsDir, "package.json"));
  const packageJsonPath = projectRequire.resolve("hardhat/package.json");
  const { bin } = projectRequire(packageJsonPath) as { bin: { hardhat: string } };
  return path.resolve(path.dirname(packageJsonPath), bin.hardhat);
}
