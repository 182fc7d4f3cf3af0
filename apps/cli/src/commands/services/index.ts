import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { Command } from "commander";
import type { GlobalOptions } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { action } from "../../lib/run.ts";

/** A service's entry point, from its installed package (@keel/keeper, @keel/monitor, @keel/web). */
function serviceEntry(name: string, pkg: string, entry: string): string {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${pkg}/package.json`);
    return path.join(path.dirname(manifest), entry);
  } catch {
    throw new UsageError(
      `The ${name} is not installed: install ${pkg} beside keel (in the Keel repository, npm install).`,
    );
  }
}

/**
 * `keel <service>`: runs a service (apps/keeper, apps/monitor, apps/web) in this terminal. keel's own --manifest,
 * --rpc and, when the service takes one, --account are passed on; every other option is the service's
 * (`keel keeper --help`, `keel monitor --help`). Ctrl-C reaches the service, which finishes its round and
 * stops; keel exits with its code.
 */
function registerService(
  program: Command,
  service: { name: string; pkg: string; description: string; takesAccount: boolean; entry?: string },
): void {
  program
    .command(service.name)
    .description(service.description)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[options...]", `the ${service.name}'s options; \`keel ${service.name} --help\` lists them`)
    .action(
      action(async (args: string[], _options: unknown, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const forwarded = [...args];
        if (globals.manifest !== undefined) forwarded.push("--manifest", globals.manifest);
        if (globals.rpc !== undefined) forwarded.push("--rpc", globals.rpc);
        if (service.takesAccount && globals.account !== undefined) forwarded.push("--account", globals.account);
        const child = spawn(
          process.execPath,
          [serviceEntry(service.name, service.pkg, service.entry ?? "src/bin.ts"), ...forwarded],
          {
            stdio: "inherit",
          },
        );
        const forward = (signal: NodeJS.Signals) => child.kill(signal);
        process.on("SIGINT", forward);
        process.on("SIGTERM", forward);
        const code = await new Promise<number>((resolve) => child.on("exit", (exit) => resolve(exit ?? 1)));
        process.exitCode = code;
      }),
    );
}

export function registerKeeper(program: Command): void {
  registerService(program, {
    name: "keeper",
    pkg: "@keel/keeper",
    description: "Run the keeper: liquidations, kUSD auctions and protection policies, funded by flash loans.",
    takesAccount: true,
  });
}

export function registerMonitor(program: Command): void {
  registerService(program, {
    name: "monitor",
    pkg: "@keel/monitor",
    description:
      "Run the monitor: alerts on health, vaults, prices, pegs, rates and governance, with the fix attached.",
    takesAccount: false,
  });
}

export function registerWeb(program: Command): void {
  registerService(program, {
    name: "web",
    pkg: "@keel/web",
    entry: "server/bin.ts",
    description:
      "Serve the Keel app for a deployment manifest: markets, positions and every action previewed before signing.",
    takesAccount: false,
  });
}
