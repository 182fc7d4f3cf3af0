// The bench's contracts outside Hardhat's build: Morpho Blue and the feed adapters (external/), plus
// the bench's own helpers (bench/sol: flash receivers, the gas floor, …), in one solc 0.8.19 input.
import { fileURLToPath } from "node:url";
import { type Artifacts, compileExternalContracts } from "../external/solc.ts";

const benchSolDir = fileURLToPath(new URL("./sol", import.meta.url));

export function compileBenchContracts(): Artifacts {
  return compileExternalContracts([benchSolDir]);
}
