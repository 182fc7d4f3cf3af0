import type { Command } from "commander";
import { registerWalletCreate } from "./create.ts";
import { registerWalletShow } from "./show.ts";

/** `keel wallet …`: encrypted keystores in $KEEL_HOME/keystores, to sign with `keel --wallet <name>`. */
export function registerWallet(program: Command): void {
  const wallet = program
    .command("wallet")
    .description("Keep signing keys in encrypted keystore files; sign with `keel --wallet <name> …`.");
  registerWalletCreate(wallet);
  registerWalletShow(wallet);
}
