// Compiles Morpho Blue (from its npm sources) and the contracts that connect peer protocols to the
// devnet's feeds (external/sol) with solc 0.8.19, Morpho's own compiler and settings, outside
// Hardhat's build so that the test suite never compiles them. The devnet's Ignition modules and the
// gas bench (which adds its own helpers, bench/sol) share this. The output is cached under
// cache/external, keyed by the input, and compiled on first use (a fresh clone compiles it once).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Artifact as IgnitionArtifact } from "@nomicfoundation/ignition-core";
import type { Abi, Hex } from "viem";

const require = createRequire(import.meta.url);
const externalDir = path.dirname(fileURLToPath(import.meta.url));
const solDir = path.join(externalDir, "sol");
const cacheDir = path.join(externalDir, "..", "cache", "external");

export const MORPHO_SOURCE = "@morpho-org/morpho-blue/src/Morpho.sol";

/** Morpho Blue's foundry.toml: via-IR, 999,999 optimizer runs, Paris, no metadata hash. */
const SETTINGS = {
  viaIR: true,
  optimizer: { enabled: true, runs: 999_999 },
  evmVersion: "paris",
  metadata: { bytecodeHash: "none" },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] } },
};

/** What a viem deployment needs. */
export type Artifact = { abi: Abi; bytecode: Hex };

/** A compiled contract in Hardhat's artifact shape, which Ignition deploys (`m.contract(name, artifact)`). */
export type CompiledArtifact = IgnitionArtifact<Abi> & Artifact;
export type Artifacts = Record<string, CompiledArtifact>;

type SolcContract = { abi: Abi; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } };

function readImport(importPath: string): { contents: string } | { error: string } {
  try {
    return { contents: readFileSync(require.resolve(importPath), "utf8") };
  } catch {
    return { error: `not found: ${importPath}` };
  }
}

/** The .sol files of each folder, keyed by file name (their imports are relative: `./FeedReader.sol`), in name order. */
function readSources(folders: string[]): Record<string, { content: string }> {
  const files = folders.flatMap((folder) =>
    readdirSync(folder)
      .filter((file) => file.endsWith(".sol"))
      .map((file) => ({ file, folder })),
  );
  files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const sources: Record<string, { content: string }> = {
    [MORPHO_SOURCE]: { content: readFileSync(require.resolve(MORPHO_SOURCE), "utf8") },
  };
  for (const { file, folder } of files) {
    if (file in sources) throw new Error(`two external sources are named ${file}`);
    sources[file] = { content: readFileSync(path.join(folder, file), "utf8") };
  }
  return sources;
}

/**
 * Returns the artifacts by contract name: Morpho, every contract of external/sol and of `extraFolders`.
 * The cache key is the compiler's package version and the input, so loading the cached output never
 * loads the wasm compiler (seconds).
 */
export function compileExternalContracts(extraFolders: string[] = []): Artifacts {
  const sources = readSources([solDir, ...extraFolders]);
  const input = JSON.stringify({ language: "Solidity", sources, settings: SETTINGS });
  const { version } = require("solc-0819/package.json") as { version: string };
  const key = createHash("sha256").update(version).update(input).digest("hex").slice(0, 16);
  const cacheFile = path.join(cacheDir, `solc-${version}-${key}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, "utf8")) as Artifacts;
  } catch {
    // not cached yet
  }

  console.log("Compiling Morpho Blue and its adapters with solc 0.8.19 (once, then cached)...");
  const solc = require("solc-0819");
  const output = JSON.parse(solc.compile(input, { import: readImport }));
  const errors = (output.errors ?? []).filter((e: { severity: string }) => e.severity === "error");
  if (errors.length > 0) {
    throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join("\n"));
  }
  const artifacts: Artifacts = {};
  for (const [sourceName, contracts] of Object.entries(
    output.contracts as Record<string, Record<string, SolcContract>>,
  )) {
    if (!(sourceName in sources)) continue;
    for (const [contractName, c] of Object.entries(contracts)) {
      if (c.evm.bytecode.object.length === 0) continue;
      artifacts[contractName] = {
        _format: "hh-sol-artifact-1",
        contractName,
        sourceName,
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        deployedBytecode: `0x${c.evm.deployedBytecode.object}`,
        linkReferences: {},
        deployedLinkReferences: {},
      };
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cacheFile, JSON.stringify(artifacts));
  return artifacts;
}
