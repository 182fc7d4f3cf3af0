import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { Command } from "commander";

const contractsDir = path.dirname(createRequire(import.meta.url).resolve("@keel/contracts/package.json"));

/** Builds the `keel` program; commands register themselves here. */
export function buildProgram(): Command {
  const program = new Command("keel").description("Use Keel pools from the command line.");
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
  return program;
}

/** Exit code for bad input (unknown command, missing or malformed option): the user can fix it. */
export const EXIT_BAD_INPUT = 2;

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Commander has already printed its message; help and version requests are not failures.
    const code = (error as { code?: string; exitCode?: number }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return;
    process.exitCode = EXIT_BAD_INPUT;
  }
}
