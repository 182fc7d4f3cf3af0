import { DeclinedError, EXIT_BAD_INPUT, EXIT_FAILURE, UsageError } from "./errors.ts";

/**
 * Wraps a command's action: a UsageError prints its sentence and exits 2; a declined prompt exits 1 with
 * "nothing was sent"; any other failure prints one readable line (the SDK's short message when there
 * is one), never a stack trace unless KEEL_DEBUG is set.
 */
export function action<Args extends unknown[]>(handler: (...args: Args) => Promise<void>) {
  return async (...args: Args): Promise<void> => {
    try {
      await handler(...args);
    } catch (error) {
      process.exitCode = await reportError(error);
    }
  };
}

/**
 * Prints an error for a person and returns the exit code. Whatever a command let through (a viem error
 * from a direct call included) goes through the SDK's decoder first, so a dead node, a revert or a
 * refused signature reads the same from every command.
 */
export async function reportError(error: unknown): Promise<number> {
  if (process.env.KEEL_DEBUG) console.error(error);
  if (error instanceof UsageError) {
    console.error(error.message);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof DeclinedError) {
    console.error(error.message);
    return EXIT_FAILURE;
  }
  // Loaded only on a failure: `keel --help` and successful commands do not pay for it.
  const { decodeKeelError } = await import("@keel/sdk");
  console.error(decodeKeelError(error).shortMessage);
  return EXIT_FAILURE;
}
