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
      process.exitCode = reportError(error);
    }
  };
}

/** Prints an error for a person and returns the exit code. */
export function reportError(error: unknown): number {
  if (process.env.KEEL_DEBUG) console.error(error);
  if (error instanceof UsageError) {
    console.error(error.message);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof DeclinedError) {
    console.error(error.message);
    return EXIT_FAILURE;
  }
  const { shortMessage, message } = error as { shortMessage?: string; message?: string };
  console.error(shortMessage ?? message ?? String(error));
  return EXIT_FAILURE;
}
