import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";
import type { HardhatPlugin } from "hardhat/types/plugins";

// Builds the kUSD tests in a compilation job of their own (see hardhat/compileGroups.ts).
const compileGroups: HardhatPlugin = {
  id: "keel-compile-groups",
  hookHandlers: { config: () => import("./hardhat/compileGroups.ts") },
};

// The wasm build of solc ships in the `solc` npm package; Hardhat needs an absolute path to it.
const solcWasm = createRequire(import.meta.url).resolve("solc/soljson.js");

// One compiler set-up for tests, benchmarks and deployments, so gas measured is gas deployed.
const keelCompiler = {
  version: "0.8.37",
  path: solcWasm,
  settings: { evmVersion: "osaka", optimizer: { enabled: true, runs: 800 }, viaIR: true },
};

export default defineConfig({
  plugins: [hardhatToolboxViem, compileGroups],
  paths: { sources: "src", tests: { solidity: "test", nodejs: "test/integration" } },
  solidity: {
    // OpenZeppelin's TimelockController, deployed as-is by the Governance Ignition module.
    npmFilesToBuild: ["@openzeppelin/contracts/governance/TimelockController.sol"],
    profiles: {
      default: keelCompiler,
      production: keelCompiler,
    },
  },
  test: {
    solidity: {
      // Fuzzing is deterministic: a fixed seed everywhere. `default` is what `npm test` and CI run;
      // `deep` (npm run test:deep) is the heavy profile for hunting bugs before a release.
      profiles: {
        default: {
          fuzz: { runs: 256, seed: "0x4b45454c" },
          invariant: { runs: 48, depth: 40, failOnRevert: true },
        },
        deep: {
          fuzz: { runs: 20_000, seed: "0x4b45454c" },
          invariant: { runs: 1_000, depth: 100, failOnRevert: true },
        },
      },
    },
  },
  networks: {
    // `npm start` may run on another port (KEEL_PORT); its deployment step follows it here.
    localhost: { type: "http", url: `http://127.0.0.1:${process.env.KEEL_PORT ?? 8545}` },
  },
});
