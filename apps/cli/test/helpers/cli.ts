import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const cliRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The repository's root (for files of other workspaces, such as the SDK's examples). */
export const repoRoot = path.resolve(cliRoot, "../..");

/**
 * The `keel` that ships: the package's bin (bin/keel.js), which starts the bundle (dist/keel.js) that
 * `npm start` and an installed package run, built by the CLI's pretest; run by the Node that runs the
 * tests. Testing it rather than the sources covers what bundling can break: a chunk that fails to
 * load, a CommonJS require, a file found beside a module.
 */
export const keelBin = path.join(cliRoot, "bin/keel.js");
const bundle = path.join(cliRoot, "dist/keel.js");
if (!existsSync(bundle)) {
  throw new Error(`${bundle} is missing: run \`npm run build --workspace apps/cli\` (npm test does it first)`);
}

/** The sources' entry, run with type stripping: only for tests about the sources themselves. */
export const keelSource = path.join(cliRoot, "src/bin.ts");

export type CliResult = { status: number | null; stdout: string; stderr: string };

/** Runs a program (JavaScript or TypeScript) with the tests' Node to completion; `input` is typed into its stdin. */
export function runNode(
  script: string,
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(options.input ?? "");
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `keel …` to completion (for the confirmation prompt, pass `input`). */
export function keel(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return runNode(keelBin, args, options);
}

/** A running `keel devnet` on its own port and manifest, so tests never touch a developer's devnet. */
export type RunningDevnet = {
  child: ChildProcess;
  manifest: string;
  rpcUrl: string;
  output: () => string;
  /** Resolves with the exit code when the devnet process ends. */
  exit: Promise<number | null>;
  /** Ctrl-C, then the exit code. */
  stop: () => Promise<number | null>;
};

/** Starts `keel devnet` (manifest in a fresh temporary folder unless given) and resolves once it is ready. */
export async function startDevnet(port: number, manifestPath?: string): Promise<RunningDevnet> {
  const manifest = manifestPath ?? path.join(mkdtempSync(path.join(tmpdir(), "keel-devnet-")), "devnet.json");
  const child = spawn(process.execPath, [keelBin, "devnet", "--port", String(port), "--manifest", manifest], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/Press Ctrl-C to stop/.test(output)) {
        clearInterval(timer);
        resolve();
      }
    }, 200);
    exited.then((code) => {
      clearInterval(timer);
      // The test reporter shows only an error's first line; the devnet's own words go to stderr.
      console.error(output);
      reject(new Error(`keel devnet exited early (${code}); its output is above`));
    });
  });
  return {
    child,
    manifest,
    rpcUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    exit: exited,
    stop: async () => {
      child.kill("SIGINT");
      return exited;
    },
  };
}
