/** Exit codes of the `keel` command. */
export const EXIT_OK = 0;
/** Something failed on chain or over RPC; the message says what. */
export const EXIT_FAILURE = 1;
/** Bad input (unknown command, malformed option, unknown asset): the user can fix it and retry. */
export const EXIT_BAD_INPUT = 2;

/** Input the user can correct. The message is shown as-is, without a stack trace; the exit code is 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The user declined the confirmation prompt: nothing was sent. */
export class DeclinedError extends Error {
  constructor() {
    super("Cancelled; nothing was sent.");
    this.name = "DeclinedError";
  }
}
