import { Command, Help, Option } from "commander";
import { EXIT_BAD_INPUT } from "./lib/errors.ts";
import { usageSentence } from "./lib/usage.ts";

export { EXIT_BAD_INPUT };

/** What a command module exports: a function that adds its commands to the program. */
type Register = (program: Command) => void;

/**
 * A top-level command: what `keel --help` lists for it (its usage term and description, exactly as
 * its module registers them) and how to load that module. Commands that share a module share its
 * loader (supply, withdraw, borrow, repay and collateral); loading it registers them all.
 */
export type TopLevelCommand = { name: string; term: string; description: string; load: () => Promise<Register> };

const pools = async () => (await import("./commands/read/pools.ts")).registerPools;
const pool = async () => (await import("./commands/read/pool.ts")).registerPool;
const position = async () => (await import("./commands/read/position.ts")).registerPosition;
const operations = async () => (await import("./commands/act/operations.ts")).registerOperations;
const liquidate = async () => (await import("./commands/act/liquidate.ts")).registerLiquidate;
const flashLoan = async () => (await import("./commands/act/flashLoan.ts")).registerFlashLoan;
const flows = async () => (await import("./commands/act/flows.ts")).registerFlows;
const protect = async () => (await import("./commands/act/protect.ts")).registerProtect;
const migrate = async () => (await import("./commands/act/migrate.ts")).registerMigrate;
const authorize = async () => (await import("./commands/auth/authorize.ts")).registerAuthorize;
const signAuthorization = async () => (await import("./commands/auth/signAuthorization.ts")).registerSignAuthorization;
const vault = async () => (await import("./commands/cdp/vault.ts")).registerVault;
const auctions = async () => (await import("./commands/cdp/auctions.ts")).registerAuctions;
const psm = async () => (await import("./commands/cdp/psm.ts")).registerPsm;
const devnet = async () => (await import("./commands/devnet/index.ts")).registerDevnet;
const wallet = async () => (await import("./commands/wallet/index.ts")).registerWallet;
const keeper = async () => (await import("./commands/services/index.ts")).registerKeeper;
const monitor = async () => (await import("./commands/services/index.ts")).registerMonitor;
const web = async () => (await import("./commands/services/index.ts")).registerWeb;

/**
 * keel's commands, in the order `keel --help` lists them. A command's module, with what it imports
 * (viem and the SDK take about half a second to load), is loaded only when that command runs: `keel
 * --help` loads none, `keel pools` only its own. A new command needs its line here; the program test
 * fails when this list and the modules' own registrations disagree.
 */
export const COMMANDS: readonly TopLevelCommand[] = [
  {
    name: "pools",
    term: "pools",
    description: "List the pools: their reserves, total supplied and total borrowed (USD).",
    load: pools,
  },
  {
    name: "pool",
    term: "pool <id>",
    description:
      "Show one pool: reserves, prices, supplied, collateral, borrowed, rates (APY), utilization, caps and e-mode.",
    load: pool,
  },
  {
    name: "position",
    term: "position [options] <address>",
    description:
      "Show an account's positions: collateral, debt, health factor, e-mode, liquidation price, max borrow, net APY, and its kUSD vaults.",
    load: position,
  },
  {
    name: "balance",
    term: "balance [address]",
    description: "Show a wallet's ETH and every token of the deployment (kUSD included), with their USD value.",
    load: position,
  },
  {
    name: "supply",
    term: "supply [options]",
    description: "Lend tokens to a reserve and earn interest.",
    load: operations,
  },
  {
    name: "withdraw",
    term: "withdraw [options]",
    description: "Withdraw lent tokens (with the interest earned).",
    load: operations,
  },
  { name: "borrow", term: "borrow [options]", description: "Borrow against your collateral.", load: operations },
  {
    name: "repay",
    term: "repay [options]",
    description: 'Repay debt ("max" repays all of it, to the last wei).',
    load: operations,
  },
  { name: "collateral", term: "collateral", description: "Deposit or withdraw collateral.", load: operations },
  {
    name: "liquidate",
    term: "liquidate [options]",
    description: "Liquidate an account whose health factor is below 1.",
    load: liquidate,
  },
  {
    name: "flash-loan",
    term: "flash-loan [options]",
    description: "Take an ERC-3156 flash loan through a receiver contract (default: the example borrower).",
    load: flashLoan,
  },
  {
    name: "leverage",
    term: "leverage [options]",
    description: "Borrow more and swap it into collateral, in one transaction (a flash loan sizes it at once).",
    load: flows,
  },
  {
    name: "deleverage",
    term: "deleverage [options]",
    description: "Repay debt with collateral sold, in one transaction (a flash loan repays first).",
    load: flows,
  },
  {
    name: "repay-with-collateral",
    term: "repay-with-collateral [options]",
    description: "Sell some collateral and repay debt with the proceeds, in one transaction.",
    load: flows,
  },
  {
    name: "close",
    term: "close [options]",
    description: "Repay the whole debt with collateral sold and take the rest of the collateral back.",
    load: flows,
  },
  {
    name: "swap-collateral",
    term: "swap-collateral [options]",
    description: "Move all of one collateral into another, keeping the debt, in one transaction.",
    load: flows,
  },
  {
    name: "swap-debt",
    term: "swap-debt [options]",
    description: "Move the whole debt of one asset into a debt of another, in one transaction.",
    load: flows,
  },
  {
    name: "protect",
    term: "protect",
    description: "Protection policies: what any keeper may do for your position when a trigger holds.",
    load: protect,
  },
  {
    name: "migrate",
    term: "migrate [options]",
    description:
      "Move a loan into Keel in one transaction, with no capital: from Aave v3, Morpho Blue or another pool.",
    load: migrate,
  },
  {
    name: "authorize",
    term: "authorize [options] [operator]",
    description: "Let an operator act for you in every pool (--revoke to undo), or submit a signed authorization.",
    load: authorize,
  },
  {
    name: "sign-authorization",
    term: "sign-authorization [options] <operator>",
    description: "Sign (off chain, no gas) an authorization for an operator; anyone can submit it.",
    load: signAuthorization,
  },
  {
    name: "vault",
    term: "vault",
    description: "Open and manage kUSD vaults: lock collateral, mint and repay kUSD.",
    load: vault,
  },
  {
    name: "auctions",
    term: "auctions [options]",
    description:
      "List the kUSD engine's running auctions (collateral left, tab, current price, staleness) and the vaults that can be sent to one.",
    load: auctions,
  },
  { name: "auction", term: "auction", description: "Start, take from or reset a kUSD auction.", load: auctions },
  {
    name: "psm",
    term: "psm",
    description: "Swap a listed stablecoin and kUSD 1:1 (less a fee) in the peg stability module.",
    load: psm,
  },
  {
    name: "devnet",
    term: "devnet [options]",
    description: "Start a local chain with Keel deployed and seeded; Ctrl-C stops it.",
    load: devnet,
  },
  {
    name: "keeper",
    term: "keeper [options...]",
    description: "Run the keeper: liquidations, kUSD auctions and protection policies, funded by flash loans.",
    load: keeper,
  },
  {
    name: "monitor",
    term: "monitor [options...]",
    description:
      "Run the monitor: alerts on health, vaults, prices, pegs, rates and governance, with the fix attached.",
    load: monitor,
  },
  {
    name: "web",
    term: "web [options...]",
    description:
      "Serve the Keel app for a deployment manifest: markets, positions and every action previewed before signing.",
    load: web,
  },
  {
    name: "wallet",
    term: "wallet",
    description: "Keep signing keys in encrypted keystore files; sign with `keel --wallet <name> …`.",
    load: wallet,
  },
];

/** Adds the options every command accepts. */
function withGlobalOptions(program: Command): Command {
  return program
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
}

/**
 * Builds the `keel` program. Commands for which `load` is true are registered by their own modules;
 * the others only as `keel --help` lists them, which costs no import. By default every module loads.
 */
export async function buildProgram(load: (command: TopLevelCommand) => boolean = () => true): Promise<Command> {
  // exitOverride first: subcommands copy it when they are added, so their usage errors reach main() too.
  const program = withGlobalOptions(
    new Command("keel")
      .exitOverride()
      // Set before any command is added: subcommands copy it, so their refusals read as sentences too.
      .configureOutput({ outputError: (text, write) => write(usageSentence(text)) })
      .description(
        "Use Keel pools and kUSD vaults from the command line. Reads the local network's manifest unless told otherwise.",
      ),
  );
  const registered = new Set<TopLevelCommand["load"]>();
  const listedTerms = new Map<Command, string>();
  for (const command of COMMANDS) {
    if (load(command)) {
      if (!registered.has(command.load)) (await command.load())(program);
      registered.add(command.load);
      continue;
    }
    // A listing only: never run, since main() loads the module of the command an invocation names.
    const listing = program.command(command.name).description(command.description);
    listedTerms.set(listing, command.term);
  }
  program.configureHelp({
    subcommandTerm(this: Help, command: Command) {
      return listedTerms.get(command) ?? Help.prototype.subcommandTerm.call(this, command);
    },
  });
  return program;
}

/**
 * The top-level command an invocation names (`keel [options] <command> …` or `keel help <command>`),
 * found by parsing the options every command accepts; undefined for `keel --help` and for input the
 * program will refuse anyway (a missing option value).
 */
function namedCommand(args: string[]): string | undefined {
  try {
    const { operands } = withGlobalOptions(new Command().exitOverride()).parseOptions(args);
    return operands[0] === "help" ? operands[1] : operands[0];
  } catch {
    return undefined;
  }
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
  // Only the named command's module loads (with the commands it shares its module with); an unknown
  // name loads none, and commander refuses it, suggesting the nearest name, as before.
  const name = namedCommand(argv.slice(2));
  const wanted = COMMANDS.find((command) => command.name === name)?.load;
  const program = await buildProgram((command) => command.load === wanted);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    // Commander has already printed its message; help and version requests are not failures.
    const code = (error as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version" || code === "commander.help") return;
    process.exitCode = EXIT_BAD_INPUT;
  }
}
