import { type ChildProcess, spawn } from "node:child_process";
import { contractsDir, hardhatCli } from "./paths.ts";

const running = new Set<ChildProcess>();

/**
 * Runs Hardhat in the contracts workspace. Always with the default build profile, the one tests and
 * benchmarks use: a devnet started beside a test run reuses its artifacts instead of rewriting them.
 * Output is captured rather than shown, so `keel devnet` prints its own summary; `output()` returns
 * the last lines, for an error message.
 */
export function runHardhat(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [hardhatCli(), "--build-profile", "default", ...args], {
    cwd: contractsDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  child.once("exit", () => running.delete(child));
  // The chain logs every request; keep only a tail, and keep reading so the pipe never fills and blocks it.
  let tail = "";
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output: () => tail.trim() };
}

/** Resolves with the exit code when the process ends (at once if it already has). */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** How long a Hardhat process may take to stop after SIGTERM before it is killed outright. */
const STOP_GRACE_MS = 10_000;

/**
 * Stops every Hardhat process this command started (the chain, a deployment in progress) and waits
 * for them; one that ignores SIGTERM is killed after a grace period, so stopping never hangs.
 */
export async function stopHardhat(): Promise<void> {
  const children = [...running];
  for (const child of children) child.kill("SIGTERM");
  const force = setTimeout(() => {
    for (const child of children) child.kill("SIGKILL");
  }, STOP_GRACE_MS);
  await Promise.all(children.map(exited)).finally(() => clearTimeout(force));
}
