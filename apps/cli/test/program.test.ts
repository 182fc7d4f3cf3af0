import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const keel = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/keel.ts");
const run = (...args: string[]) => spawnSync(process.execPath, [keel, ...args], { encoding: "utf8" });

describe("keel", () => {
  it("lists its commands", () => {
    const result = run("--help");
    assert.equal(result.status, 0);
    assert.match(result.stdout, /devnet/);
  });

  it("exits with code 2 and a message on an unknown command", () => {
    const result = run("borow");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command 'borow'/);
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/);
  });
});
