import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { type Address, getAddress, type Hex } from "viem";
import { UsageError } from "./errors.ts";

// Keystores are Web3 Secret Storage (v3) files, encrypted and decrypted by ethers: the format geth,
// Foundry and MetaMask read, with crypto we do not maintain ourselves (docs/decisions/0027-cli-keystore.md).
// ethers is imported inside each function, never at the top: it costs start-up time that every other
// `keel` command would otherwise pay.

/** The scrypt cost of geth's "standard" keystores, and ethers' default: about a second per unlock. */
export const STANDARD_SCRYPT_N = 131_072;
const LOWEST_SCRYPT_N = 1024;

/** One wallet in the keystore directory; the address is stored in clear, so listing needs no password. */
export type WalletEntry = { name: string; address: Address | null; file: string };

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** `$KEEL_HOME`, or `~/.keel`. */
export function keelHome(): string {
  return process.env.KEEL_HOME || path.join(homedir(), ".keel");
}

export function keystoreDirectory(): string {
  return path.join(keelHome(), "keystores");
}

/**
 * The file of a wallet. Names are letters, digits, `_`, `.` and `-` only, and get a `.json` suffix, so no
 * name can point outside the directory (`../x` is refused; `..` becomes the harmless `...json`).
 */
export function keystorePath(name: string): string {
  if (!NAME.test(name)) {
    throw new UsageError(
      `"${name}" is not a wallet name: use 1 to 64 letters, digits, "_", "." or "-" (no slashes or spaces).`,
    );
  }
  return path.join(keystoreDirectory(), `${name}.json`);
}

/**
 * A private key as typed or pasted: 32 bytes of hex, with or without 0x, surrounding spaces ignored.
 * The key itself never appears in the message.
 */
export function parsePrivateKey(text: string): Hex {
  const trimmed = text.trim();
  const hex = trimmed.startsWith("0x") || trimmed.startsWith("0X") ? trimmed.slice(2) : trimmed;
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new UsageError("That is not a private key: expected 32 bytes of hex (64 hex digits, with or without 0x).");
  }
  return `0x${hex.toLowerCase()}`;
}

/**
 * The scrypt N for new files: the standard one, unless KEEL_KEYSTORE_SCRYPT_N lowers it. That knob exists so
 * tests can create keystores in milliseconds; a lower N makes a stolen file cheaper to brute-force.
 */
export function scryptCost(): number {
  const setting = process.env.KEEL_KEYSTORE_SCRYPT_N;
  if (!setting) return STANDARD_SCRYPT_N;
  const n = Number(setting);
  const powerOfTwo = Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n < LOWEST_SCRYPT_N || n > STANDARD_SCRYPT_N) {
    throw new UsageError(
      `KEEL_KEYSTORE_SCRYPT_N="${setting}" must be a power of two from ${LOWEST_SCRYPT_N} to ${STANDARD_SCRYPT_N}.`,
    );
  }
  return n;
}

/** Refuses a name that is taken before anyone types a key or a password for it. */
export async function assertWalletNameFree(name: string): Promise<void> {
  const file = keystorePath(name);
  if (await readText(file)) {
    throw new UsageError(`A wallet named "${name}" already exists (${file}); choose another name.`);
  }
}

/** Encrypts `privateKey` under `password` into a new keystore file (never over an existing one). */
export async function saveWallet(name: string, privateKey: Hex, password: string): Promise<WalletEntry> {
  const file = keystorePath(name);
  const { computeAddress, encryptKeystoreJson } = await import("ethers");
  const address = getAddress(computeAddress(privateKey));
  const json = await encryptKeystoreJson({ address, privateKey }, password, {
    scrypt: { N: scryptCost(), r: 8, p: 1 },
  });
  const directory = keystoreDirectory();
  await mkdir(directory, { recursive: true, mode: 0o700 });
  // mkdir's mode applies only to a directory it creates; an existing one is tightened too.
  await chmod(directory, 0o700);
  try {
    // "wx": create only. Two `keel wallet new` racing for one name cannot overwrite each other.
    await writeFile(file, `${withSpecKeyNames(json)}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") await assertWalletNameFree(name);
    throw error;
  }
  return { name, address, file };
}

/** The wallets in the keystore directory, by name. */
export async function listWallets(): Promise<WalletEntry[]> {
  let files: string[];
  try {
    files = await readdir(keystoreDirectory());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const names = files
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .filter((name) => NAME.test(name))
    .sort();
  const wallets: WalletEntry[] = [];
  for (const name of names) {
    const file = keystorePath(name);
    wallets.push({ name, address: storedAddress((await readText(file)) ?? ""), file });
  }
  return wallets;
}

/** A wallet's address, read from its file without the password. */
export async function walletAddress(name: string): Promise<Address> {
  const { file, json } = await readWalletFile(name);
  const address = storedAddress(json);
  if (!address) throw new UsageError(`${file} does not record an address; it is not a keystore keel can read.`);
  return address;
}

/** Decrypts a wallet's key; a wrong password is the user's to fix (exit code 2), said in one sentence. */
export async function unlockWallet(name: string, password: string): Promise<{ address: Address; privateKey: Hex }> {
  const { file, json } = await readWalletFile(name);
  const { decryptKeystoreJson, isKeystoreJson } = await import("ethers");
  if (!isKeystoreJson(json)) throw new UsageError(`${file} is not a keystore (Web3 Secret Storage v3) file.`);
  try {
    const account = await decryptKeystoreJson(json, password);
    return { address: getAddress(account.address), privateKey: account.privateKey as Hex };
  } catch (error) {
    const { code, argument } = error as { code?: string; argument?: string };
    if (code === "INVALID_ARGUMENT" && argument === "password") {
      throw new UsageError(`Wrong password for wallet "${name}"; nothing was sent.`);
    }
    throw new UsageError(`Could not decrypt ${file}: ${(error as { shortMessage?: string }).shortMessage ?? error}.`);
  }
}

async function readWalletFile(name: string): Promise<{ file: string; json: string }> {
  const file = keystorePath(name);
  const json = await readText(file);
  if (json === null) {
    throw new UsageError(
      `No wallet named "${name}" in ${keystoreDirectory()}. \`keel wallet list\` shows them; \`keel wallet new ${name}\` creates one.`,
    );
  }
  return { file, json };
}

/** A file's text, or null when there is no such file. */
async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/**
 * ethers writes the cipher section as "Crypto", as geth once did; the v3 definition names it "crypto", and
 * some readers (Python's eth-keyfile) accept only that. ethers and geth read either, so write the spec's.
 */
function withSpecKeyNames(json: string): string {
  const { Crypto, crypto, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return JSON.stringify({ ...rest, crypto: crypto ?? Crypto });
}

/** The v3 format stores the address as 40 hex digits without 0x; other writers add the 0x. */
function storedAddress(json: string): Address | null {
  try {
    const { address } = JSON.parse(json) as { address?: unknown };
    if (typeof address !== "string") return null;
    const hex = address.startsWith("0x") ? address : `0x${address}`;
    return /^0x[0-9a-fA-F]{40}$/.test(hex) ? getAddress(hex) : null;
  } catch {
    return null;
  }
}
