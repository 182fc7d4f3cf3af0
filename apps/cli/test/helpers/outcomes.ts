import assert from "node:assert/strict";
import { createServer } from "node:net";
import type { CliResult } from "./cli.ts";

/** Exit code 0, or the whole output in the failure message. */
export function succeeded(result: CliResult): CliResult {
  assert.equal(result.status, 0, `exit ${result.status}: ${result.stderr}${result.stdout}`);
  return result;
}

/** Exit code 2 (the caller's mistake), the sentence, and no stack trace. */
export function refused(result: CliResult, sentence: RegExp): void {
  assert.equal(result.status, 2, `exit ${result.status}: ${result.stderr}${result.stdout}`);
  assert.match(result.stderr, sentence);
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
}

/** A local port nothing listens on: bound, then released. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
