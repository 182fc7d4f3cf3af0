import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const sdkDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

describe("generated ABIs", () => {
  it("match the contracts' current artifacts", () => {
    // `hardhat test` has just built the contracts; the committed ABIs must be what the generator writes.
    assert.doesNotThrow(() =>
      execFileSync(process.execPath, ["scripts/generate-abis.ts", "--check"], { cwd: sdkDir, stdio: "pipe" }),
    );
  });
});
