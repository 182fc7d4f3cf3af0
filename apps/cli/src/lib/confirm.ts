import { createInterface } from "node:readline/promises";
import { DeclinedError, UsageError } from "./errors.ts";

/**
 * Asks "question [y/N]" on the terminal. Anything but y/yes declines. Without a terminal (a script, CI)
 * there is nobody to ask unless input is piped in, so an empty input is refused with a hint about --yes.
 */
export async function confirm(question: string): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const closed = new Promise<null>((resolve) => rl.once("close", () => resolve(null)));
    const answer = await Promise.race([rl.question(`${question} [y/N] `), closed]);
    if (answer === null)
      throw new UsageError("No answer to the confirmation prompt; pass --yes to send without asking.");
    if (!/^y(es)?$/i.test(answer.trim())) throw new DeclinedError();
  } finally {
    rl.close();
  }
}
