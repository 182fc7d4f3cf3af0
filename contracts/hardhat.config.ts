import { createRequire } from "node:module";
import hardhatToolboxViem from "@nomicfoundation/hardhat-toolbox-viem";
import { defineConfig } from "hardhat/config";

// The wasm build of solc ships in the `solc` npm package; Hardhat needs an absolute path to it.
const solcWasm = createRequire(import.meta.url).resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatToolboxViem],
  paths: { sources: "src", tests: { solidity: "test", nodejs: "test/integration" } },
  solidity: {
    profiles: {
      default: {
        version: "0.8.37",
        path: solcWasm,
        settings: { evmVersion: "osaka", optimizer: { enabled: true, runs: 800 }, viaIR: true },
      },
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 256, seed: "0x4b45454c" },
      invariant: { runs: 64, depth: 32, failOnRevert: true },
    },
  },
  networks: {
    localhost: { type: "http", url: "http://127.0.0.1:8545" },
  },
});
