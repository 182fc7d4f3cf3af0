import { type Command, Option } from "commander";
import { advanceTime } from "./advance.ts";
import { reportingErrors } from "./errors.ts";
import { defaultManifestPath } from "./paths.ts";
import { setPrice } from "./price.ts";
import { startDevnet } from "./start.ts";

export { defaultManifestPath } from "./paths.ts";

const rpcOption = () => new Option("--rpc <url>", "JSON-RPC URL of the devnet (default: the manifest's)");

/** `keel devnet`: a local chain with Keel deployed and seeded, and `price` / `advance` to steer it. */
export function registerDevnet(program: Command): void {
  const devnet = program
    .command("devnet")
    .description("Start a local chain with Keel deployed and seeded; Ctrl-C stops it.")
    .option("--port <port>", "port of the JSON-RPC server on 127.0.0.1", "8545")
    // One --manifest for `devnet` and its subcommands: commander gives a parent's options to the
    // parent wherever they appear, so the subcommands read it through `optsWithGlobals()`.
    .addOption(
      new Option("--manifest <path>", "the devnet's deployment manifest").default(
        defaultManifestPath(),
        "deployments/devnet.json",
      ),
    )
    .configureHelp({ showGlobalOptions: true })
    .action(reportingErrors((options: { port: string; manifest: string }) => startDevnet(options)));

  devnet
    .command("price")
    .description("Set a token's USD price on the running devnet (ETH and BTC mean WETH and WBTC).")
    .argument("<symbol>", "token symbol, e.g. ETH, WBTC, wstETH, USDC, DAI")
    .argument("<usd>", "USD per whole token, e.g. 2400")
    .addOption(rpcOption())
    .action(
      reportingErrors((symbol: string, usd: string, _options: unknown, command: Command) =>
        setPrice(symbol, usd, command.optsWithGlobals<{ manifest: string; rpc?: string }>()),
      ),
    );

  devnet
    .command("advance")
    .description("Move the running devnet's clock forward (interest accrues, feeds are refreshed).")
    .argument("<duration>", "e.g. 30d, 12h, 90m, 3600s")
    .addOption(rpcOption())
    .action(
      reportingErrors((duration: string, _options: unknown, command: Command) =>
        advanceTime(duration, command.optsWithGlobals<{ manifest: string; rpc?: string }>()),
      ),
    );
}
