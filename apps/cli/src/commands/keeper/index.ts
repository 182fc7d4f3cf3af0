import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { Command } from "commander";
import type { GlobalOptions } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { action } from "../../lib/run.ts";

/** The keeper's entry point, from the installed @keel/keeper package. */
function keeperEntry(): string {
  try {
    const manifest = createRequire(import.meta.url).resolve("@keel/keeper/package.json");
    return path.join(path.dirname(manifest), "src/bin.ts");
  } catch {
    throw new UsageError(
      "The keeper is not installed: install @keel/keeper beside keel (in the Keel repository, npm install).",
    );
  }
}

/**
 * `keel keeper`: runs the keeper service (apps/keeper) in this terminal. keel's own --manifest, --rpc and
 * --account are passed on; every other option is the keeper's (`keel keeper --help`). Ctrl-C reaches the
 * keeper, which finishes its pass and stops; keel exits with its code.
 */
export function registerKeeper(program: Command): void {
  program
    .command("keeper")
    .description("Run the keeper: liquidations, kUSD auctions and protection policies, funded by flash loans.")
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[options...]", "the keeper's options; `keel keeper --help` lists them")
    .action(
      action(async (args: string[], _options: unknown, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const forwarded = [...args];
        if (globals.manifest !== undefined) forwarded.push("--manifest", globals.manifest);
        if (globals.rpc !== undefined) forwarded.push("--rpc", globals.rpc);
        if (globals.account !== undefined) forwarded.push("--account", globals.account);
        const child = spawn(process.execPath, [keeperEntry(), ...forwarded], { stdio: "inherit" });
        const forward = (signal: NodeJS.Signals) => child.kill(signal);
        process.on("SIGINT", forward);
        process.on("SIGTERM", forward);
        const code = await new Promise<number>((resolve) => child.on("exit", (exit) => resolve(exit ?? 1)));
        process.exitCode = code;
      }),
    );
}
