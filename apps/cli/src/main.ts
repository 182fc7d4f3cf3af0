import { Command } from "commander";
import { registerDevnet } from "./commands/devnet/index.ts";

/** Exit code for bad input (unknown command, missing or malformed option): the user can fix it. */
export const EXIT_BAD_INPUT = 2;

/** Builds the `keel` program; each command group registers itself. */
export function buildProgram(): Command {
  const program = new Command("keel").description("Use Keel pools from the command line.");
  registerDevnet(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Commander has already printed its message; help and version requests are not failures.
    const code = (error as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return;
    process.exitCode = EXIT_BAD_INPUT;
  }
}
