// Splits the Solidity build in two compilation jobs: the kUSD tests, and everything else.
//
// Hardhat merges every root file that shares a compiler configuration (by reference) into one solc
// job. The wasm compiler keeps every contract of a job in memory until it writes the output, and with
// via-IR each test contract carries the bytecode of the systems it deploys; one job for the whole
// suite outgrew the wasm compiler's memory ("Error writing output JSON"). Root files mapped to one
// shared copy of the compiler configuration form a second job, with the same compiler and settings.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ConfigHooks } from "hardhat/types/hooks";

const projectRoot = path.join(import.meta.dirname, "..");

/** Test files (relative to the project root) that exercise the kUSD engine. */
function kusdTestFiles(dir = "test"): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return kusdTestFiles(relative);
    if (!entry.name.endsWith(".t.sol")) return [];
    const source = readFileSync(path.join(projectRoot, relative), "utf8");
    return /Cdp|Kusd|PegStabilityModule/.test(source) ? [relative] : [];
  });
}

export default async (): Promise<Partial<ConfigHooks>> => ({
  async resolveUserConfig(userConfig, resolveConfigurationVariable, next) {
    const config = await next(userConfig, resolveConfigurationVariable);
    const files = kusdTestFiles();
    for (const profile of Object.values(config.solidity.profiles)) {
      const kusdJob = { ...profile.compilers[0] };
      for (const file of files) profile.overrides[file] ??= kusdJob;
    }
    return config;
  },
});
