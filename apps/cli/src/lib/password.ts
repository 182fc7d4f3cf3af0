import { readFile } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { UsageError } from "./errors.ts";

// Secrets are read from a hidden terminal prompt, or for scripts from a file or an environment variable;
// never from a command-line flag, which shell history and `ps` would keep. A small raw-mode reader does
// the hiding: the prompt libraries that do it bring a dozen packages for these few lines.

/** Where scripts put a keystore password: --password-file wins over KEEL_WALLET_PASSWORD. */
export type PasswordSources = { passwordFile?: string };

/** The password for unlocking wallet `name`: from a script's source, else asked on the terminal. */
export async function readWalletPassword(name: string, sources: PasswordSources): Promise<string> {
  const scripted = await scriptedPassword(sources);
  if (scripted !== null) return scripted;
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `No terminal to ask for wallet "${name}"'s password: set KEEL_WALLET_PASSWORD or pass --password-file <path>.`,
    );
  }
  return readHidden(`Password for wallet "${name}": `);
}

/** A password for a new keystore: from a script's source, else typed twice on the terminal. Never empty. */
export async function chooseNewPassword(sources: PasswordSources): Promise<string> {
  const scripted = await scriptedPassword(sources);
  if (scripted !== null) return refuseEmpty(scripted);
  if (!process.stdin.isTTY) {
    throw new UsageError("No terminal to ask for a password: set KEEL_WALLET_PASSWORD or pass --password-file <path>.");
  }
  const password = refuseEmpty(await readHidden("Password for the new wallet: "));
  if ((await readHidden("The same password again: ")) !== password) {
    throw new UsageError("The two passwords differ; nothing was saved.");
  }
  return password;
}

/** A secret to import: typed on a hidden prompt, or everything piped into standard input. */
export async function readSecret(prompt: string): Promise<string> {
  if (process.stdin.isTTY) return readHidden(prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function scriptedPassword({ passwordFile }: PasswordSources): Promise<string | null> {
  if (passwordFile !== undefined) {
    let text: string;
    try {
      text = await readFile(passwordFile, "utf8");
    } catch (error) {
      throw new UsageError(`Cannot read --password-file ${passwordFile}: ${(error as Error).message}.`);
    }
    // Editors and `echo` end a file with a newline that is not part of the password.
    return text.replace(/\r?\n$/, "");
  }
  return process.env.KEEL_WALLET_PASSWORD ?? null;
}

function refuseEmpty(password: string): string {
  if (password === "") throw new UsageError("An empty password would leave the key unprotected; choose one.");
  return password;
}

const ENTER = new Set(["\r", "\n"]);
const CTRL_C = "\u0003";
const CTRL_D = "\u0004";
const CTRL_U = "\u0015";
const BACKSPACE = new Set(["\u007f", "\b"]);
const ESCAPE = "\u001b";

/**
 * Reads one line from the terminal without echoing it. Raw mode hands over every key press, so the
 * line editing a terminal normally does (backspace, Ctrl-U, Ctrl-C) is done here.
 */
function readHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  const decoder = new StringDecoder("utf8");
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed: string[] = [];
    // Arrow and function keys arrive as escape sequences (ESC [ A); their letters are not password.
    let inEscape = false;
    const finish = (then: () => void) => {
      input.off("data", onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write("\n");
      then();
    };
    const onData = (chunk: Buffer) => {
      for (const char of decoder.write(chunk)) {
        if (inEscape) {
          inEscape = !/[A-Za-z~]/.test(char);
        } else if (char === ESCAPE) {
          inEscape = true;
        } else if (ENTER.has(char)) {
          return finish(() => resolve(typed.join("")));
        } else if (char === CTRL_C) {
          // Raw mode swallowed the interrupt; with the terminal restored, deliver it as the user meant.
          return finish(() => process.kill(process.pid, "SIGINT"));
        } else if (char === CTRL_D && typed.length === 0) {
          return finish(() => reject(new UsageError("No password typed.")));
        } else if (BACKSPACE.has(char)) {
          typed = typed.slice(0, -1);
        } else if (char === CTRL_U) {
          typed = [];
        } else if (char >= " ") {
          typed.push(char);
        }
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on("data", onData);
  });
}
