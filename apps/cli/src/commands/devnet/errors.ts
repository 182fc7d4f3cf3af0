import { EXIT_BAD_INPUT } from "../../main.ts";

/** Input the user can fix (unknown symbol, malformed amount, no devnet running): one line, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Runs a command's action and turns its failure into one line on stderr: exit code 2 for a
 * `UsageError`, 1 for anything else. A person reads the message; a stack trace would hide it.
 */
export function reportingErrors<Args extends unknown[]>(
  action: (...args: Args) => Promise<void>,
): (...args: Args) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`keel devnet: ${message}`);
      process.exitCode = error instanceof UsageError ? EXIT_BAD_INPUT : 1;
    }
  };
}
