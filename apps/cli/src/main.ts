import { Command, Option } from "commander";
import { registerFlashLoan } from "./commands/act/flashLoan.ts";
import { registerLiquidate } from "./commands/act/liquidate.ts";
import { registerOperations } from "./commands/act/operations.ts";
import { registerAuthorize } from "./commands/auth/authorize.ts";
import { registerSignAuthorization } from "./commands/auth/signAuthorization.ts";
import { registerAuctions } from "./commands/cdp/auctions.ts";
import { registerPsm } from "./commands/cdp/psm.ts";
import { registerVault } from "./commands/cdp/vault.ts";
import { registerDevnet } from "./commands/devnet/index.ts";
import { registerPool } from "./commands/read/pool.ts";
import { registerPools } from "./commands/read/pools.ts";
import { registerPosition } from "./commands/read/position.ts";
import { registerWallet } from "./commands/wallet/index.ts";
import { EXIT_BAD_INPUT } from "./lib/errors.ts";

export { EXIT_BAD_INPUT };

/** Builds the `keel` program; each command group registers itself. */
export function buildProgram(): Command {
  // exitOverride first: subcommands copy it when they are added, so their usage errors reach main() too.
  const program = new Command("keel")
    .exitOverride()
    .description(
      "Use Keel pools and kUSD vaults from the command line. Reads the local network's manifest unless told otherwise.",
    )
    .addOption(new Option("--rpc <url>", "JSON-RPC endpoint (default: the manifest's)").env("KEEL_RPC_URL"))
    .addOption(new Option("--key <hex>", "private key that signs transactions").env("KEEL_PRIVATE_KEY"))
    .addOption(new Option("--wallet <name>", "sign with this keystore (see `keel wallet`)").env("KEEL_WALLET"))
    .option("--password-file <path>", "read the keystore's password from a file (or set KEEL_WALLET_PASSWORD)")
    .option("--account <index|label>", "sign with one of the deployment's test accounts")
    .addOption(
      new Option("--manifest <path>", "deployment manifest (default: deployments/devnet.json)").env("KEEL_MANIFEST"),
    )
    .option("--json", "print machine-readable JSON instead of tables")
    .option("-y, --yes", "send without asking for confirmation");
  registerPools(program);
  registerPool(program);
  registerPosition(program);
  registerOperations(program);
  registerLiquidate(program);
  registerFlashLoan(program);
  registerAuthorize(program);
  registerSignAuthorization(program);
  registerVault(program);
  registerAuctions(program);
  registerPsm(program);
  registerDevnet(program);
  registerWallet(program);
  return program;
}

/**
 * A reader that stops early (`keel pools | head -1`) closes the pipe; the next write fails with EPIPE.
 * That is the reader's choice, not an error: stop quietly with success, as other command-line tools do.
 */
function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
}

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Commander has already printed its message; help and version requests are not failures.
    const code = (error as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return;
    process.exitCode = EXIT_BAD_INPUT;
  }
}
