import type { Command } from "commander";
import type { GlobalOptions } from "../../lib/context.ts";
import { toJson } from "../../lib/format.ts";
import { keystoreDirectory, listWallets, walletAddress } from "../../lib/keystore.ts";
import { action } from "../../lib/run.ts";
import { renderTable } from "../../lib/table.ts";

/** `keel wallet list` and `keel wallet address <name>`: read without a password (addresses are stored in clear). */
export function registerWalletShow(wallet: Command): void {
  wallet
    .command("list")
    .description("List the wallets: names and addresses.")
    .action(
      action(async (_options: unknown, command: Command) => {
        const wallets = await listWallets();
        if (command.optsWithGlobals<GlobalOptions>().json) {
          console.log(toJson(wallets));
          return;
        }
        if (wallets.length === 0) {
          console.log(`No wallets in ${keystoreDirectory()}; create one with \`keel wallet new <name>\`.`);
          return;
        }
        console.log(
          renderTable(
            ["Name", "Address"],
            wallets.map((w) => [w.name, w.address ?? "(not recorded in the file)"]),
          ),
        );
      }),
    );

  wallet
    .command("address")
    .description("Print one wallet's address.")
    .argument("<name>", "the wallet's name")
    .action(
      action(async (name: string, _options: unknown, command: Command) => {
        const address = await walletAddress(name);
        console.log(command.optsWithGlobals<GlobalOptions>().json ? toJson({ name, address }) : address);
      }),
    );
}
