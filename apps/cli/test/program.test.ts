import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
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

  it("stops quietly with code 0 when its reader closes the pipe (`keel --help | head -1`)", async () => {
    const child = spawn(process.execPath, [keel, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader is gone before keel writes its first line
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 0);
    assert.doesNotMatch(stderr, /EPIPE|at .*\.ts:\d+/);
  });

  it("exits with code 2 and a message on an unknown command", () => {
    const result = run("borow");
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command 'borow'/);
    assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/);
  });
});
