// Compiles Morpho Blue (from its npm sources) and the benchmark's helper contracts (bench/sol)
// with solc 0.8.19, Morpho's own compiler and settings, outside Hardhat's build so that the
// test suite never compiles them. The output is cached under cache/bench, keyed by the input.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";

const require = createRequire(import.meta.url);
const benchDir = path.dirname(fileURLToPath(import.meta.url));
const solDir = path.join(benchDir, "sol");
const cacheDir = path.join(benchDir, "..", "cache", "bench");

export const MORPHO_SOURCE = "@morpho-org/morpho-blue/src/Morpho.sol";

/** Morpho Blue's foundry.toml: via-IR, 999,999 optimizer runs, Paris, no metadata hash. */
const SETTINGS = {
  viaIR: true,
  optimizer: { enabled: true, runs: 999_999 },
  evmVersion: "paris",
  metadata: { bytecodeHash: "none" },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
};

export type Artifact = { abi: Abi; bytecode: Hex };
export type Artifacts = Record<string, Artifact>;

function readImport(importPath: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(importPath), "utf8") };
  } catch {
    return { error: `not found: ${importPath}` };
  }
}

/** Returns the artifacts by contract name (Morpho and every contract of bench/sol). */
export function compileBenchContracts(): Artifacts {
  const sources: Record<string, { content: string }> = {
    [MORPHO_SOURCE]: { content: readFileSync(require.resolve(MORPHO_SOURCE), "utf8") },
  };
  for (const file of readdirSync(solDir).sort()) {
    if (file.endsWith(".sol")) sources[file] = { content: readFileSync(path.join(solDir, file), "utf8") };
  }
  const solc = require("solc-0819");
  const input = JSON.stringify({ language: "Solidity", sources, settings: SETTINGS });
  const key = createHash("sha256").update(solc.version()).update(input).digest("hex").slice(0, 16);
  const cacheFile = path.join(cacheDir, `solc-0.8.19-${key}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, "utf8")) as Artifacts;
  } catch {
    // not cached yet
  }

  console.log("Compiling Morpho Blue and the bench helpers with solc 0.8.19 (once, then cached)...");
  const output = JSON.parse(solc.compile(input, { import: readImport }));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n"));
  }
  const artifacts: Artifacts = {};
  for (const [file, contracts] of Object.entries(output.contracts as Record<string, Record<string, unknown>>)) {
    if (file !== MORPHO_SOURCE && !(file in sources)) continue;
    for (const [name, c] of Object.entries(
      contracts as Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>,
    )) {
      if (c.evm.bytecode.object.length > 0) artifacts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(artifacts));
  return artifacts;
}
