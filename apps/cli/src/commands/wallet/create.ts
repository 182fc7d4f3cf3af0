import type { Command } from "commander";
import type { Hex } from "viem";
import { generatePrivateKey } from "viem/accounts";
import type { GlobalOptions } from "../../lib/context.ts";
import { toJson } from "../../lib/format.ts";
import { assertWalletNameFree, parsePrivateKey, saveWallet, type WalletEntry } from "../../lib/keystore.ts";
import { chooseNewPassword, readSecret } from "../../lib/password.ts";
import { action } from "../../lib/run.ts";

/** `keel wallet new <name>` and `keel wallet import <name>`: encrypt a key into a new keystore file. */
export function registerWalletCreate(wallet: Command): void {
  wallet
    .command("new")
    .description("Generate a key and save it encrypted under a password (asked twice, not shown).")
    .argument("<name>", "the wallet's name: letters, digits, _ . -")
    .action(
      action(async (name: string, _options: unknown, command: Command) => {
        await createWallet(name, command.optsWithGlobals<GlobalOptions>(), async () => generatePrivateKey());
      }),
    );

  wallet
    .command("import")
    .description("Encrypt an existing private key, typed on a hidden prompt or piped into standard input.")
    .argument("<name>", "the wallet's name: letters, digits, _ . -")
    .action(
      action(async (name: string, _options: unknown, command: Command) => {
        // Never a flag: a key on the command line stays in the shell's history.
        await createWallet(name, command.optsWithGlobals<GlobalOptions>(), async () =>
          parsePrivateKey(await readSecret("Private key (hex, not shown): ")),
        );
      }),
    );
}

async function createWallet(name: string, options: GlobalOptions, readKey: () => Promise<Hex>): Promise<void> {
  // Checked first, so nobody types a key and a password for a name that cannot be saved.
  await assertWalletNameFree(name);
  const privateKey = await readKey();
  const password = await chooseNewPassword({ passwordFile: options.passwordFile });
  report(await saveWallet(name, privateKey, password), options.json === true);
}

function report(entry: WalletEntry, json: boolean): void {
  if (json) {
    console.log(toJson(entry));
    return;
  }
  console.log(`Wallet "${entry.name}": ${entry.address}`);
  console.log(`Saved encrypted in ${entry.file}. Sign with \`keel --wallet ${entry.name} …\`.`);
  console.log("Keep a copy of the file and the password: without both, the key cannot be recovered.");
}
