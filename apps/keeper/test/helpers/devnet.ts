import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type KeelDeployment, parseDeployment } from "@keel/sdk";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
/** The `keel` that `npm start` runs (built by the CLI's own build, which npm test runs first). */
export const keelBin = path.join(repoRoot, "apps/cli/bin/keel.js");
/** The keeper's entry, run from its sources. */
export const keeperBin = path.join(repoRoot, "apps/keeper/src/bin.ts");

export type RunningDevnet = {
  rpcUrl: string;
  manifestPath: string;
  deployment: KeelDeployment;
  stop: () => Promise<void>;
};

/** Starts `keel devnet` on its own port with a manifest in a fresh folder, and resolves once it is seeded. */
export async function startDevnet(port: number): Promise<RunningDevnet> {
  const manifestPath = path.join(mkdtempSync(path.join(tmpdir(), "keel-keeper-devnet-")), "devnet.json");
  const child: ChildProcess = spawn(
    process.execPath,
    [keelBin, "devnet", "--port", String(port), "--manifest", manifestPath],
    {
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes("Press Ctrl-C to stop")) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`keel devnet exited early (${code}):\n${output}`));
    });
  });
  return {
    rpcUrl: `http://127.0.0.1:${port}`,
    manifestPath,
    deployment: parseDeployment(JSON.parse(readFileSync(manifestPath, "utf8")), manifestPath),
    stop: async () => {
      child.kill("SIGINT");
      await exited;
    },
  };
}
