// Start-up benchmark: how long `keel` takes from the process starting to its first JSON-RPC request
// (a read command's start-up: Node, the command's modules, viem and the SDK), and how long `keel --help`
// takes to exit. It answers every request with an error, so nothing beyond start-up is measured.
//
//   node scripts/startup.ts [runs=9] [--source]
//
// --source runs src/bin.ts (type stripping) instead of the build (bin/keel.js, which starts dist/keel.js); KEEL_BIN=<file> runs another build
// (an older one, to compare in the same run). Reports the median and the range.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 9);
const source = args.includes("--source");
const bin =
  process.env.KEEL_BIN ?? fileURLToPath(new URL(source ? "../src/bin.ts" : "../bin/keel.js", import.meta.url));

let firstRequest: (() => void) | undefined;
const server = createServer((req, res) => {
  firstRequest?.();
  req.resume();
  res.writeHead(500).end();
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const rpc = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** Milliseconds from spawning `keel args` until `until` resolves; the process is then killed. */
async function time(keelArgs: string[], until: "request" | "exit"): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, [bin, ...keelArgs], { stdio: "ignore" });
  await new Promise<void>((resolve) => {
    if (until === "request") firstRequest = resolve;
    child.once("exit", () => resolve());
  });
  const elapsed = performance.now() - start;
  firstRequest = undefined;
  child.kill();
  return elapsed;
}

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `median ${median.toFixed(0)} ms (${sorted[0].toFixed(0)}–${sorted.at(-1)?.toFixed(0)} ms, ${runs} runs)`;
}

const cases: { label: string; args: string[]; until: "request" | "exit" }[] = [
  { label: "keel --help (to exit)", args: ["--help"], until: "exit" },
  { label: "keel pools (to first request)", args: ["pools", "--rpc", rpc], until: "request" },
  {
    label: "keel position (to first request)",
    args: ["position", "0x0000000000000000000000000000000000000001", "--rpc", rpc],
    until: "request",
  },
];
console.log(`${source ? "source" : "build"}: ${bin}`);
for (const c of cases) {
  await time(c.args, c.until); // warm the file cache
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await time(c.args, c.until));
  console.log(`${c.label.padEnd(36)} ${summary(samples)}`);
}
server.close();
