import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { Command } from "commander";

const contractsDir = path.dirname(createRequire(import.meta.url).resolve("@keel/contracts/package.json"));

/** `keel devnet`: a local chain with Keel deployed and seeded. */
export function registerDevnet(program: Command): void {
  program
    .command("devnet")
    .description("Start a local chain with Keel deployed and seeded; Ctrl-C stops it.")
    .action(async () => {
      const child = spawn(process.execPath, ["scripts/start.ts"], { cwd: contractsDir, stdio: "inherit" });
      const forward = (signal: NodeJS.Signals) => child.kill(signal);
      process.on("SIGINT", forward);
      process.on("SIGTERM", forward);
      await new Promise<void>((resolve) =>
        child.on("exit", (code) => {
          process.exitCode = code ?? 1;
          resolve();
        }),
      );
    });
}
