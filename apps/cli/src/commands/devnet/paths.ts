import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The contracts workspace: Hardhat's project root, where the chain runs and Ignition deploys from. */
export const contractsDir = path.dirname(require.resolve("@keel/contracts/package.json"));

/** Hardhat's command-line entry, run with this Node rather than through a shell or PATH lookup. */
export function hardhatCli(): string {
  const projectRequire = createRequire(path.join(contractsDir, "package.json"));
  const packageJsonPath = projectRequire.resolve("hardhat/package.json");
  const { bin } = projectRequire(packageJsonPath) as { bin: { hardhat: string } };
  return path.resolve(path.dirname(packageJsonPath), bin.hardhat);
}
