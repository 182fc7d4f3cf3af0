import type { Command } from "commander";
import type { GlobalOptions } from "../../lib/context.ts";
import { action } from "../../lib/run.ts";

export { defaultManifestPath } from "../../lib/context.ts";

/**
 * `keel devnet`: a local chain with Keel deployed and seeded, and `price` / `advance` to steer it.
 * The manifest path and RPC URL are the program's global `--manifest` and `--rpc`. Each action loads
 * its own module when it runs: `price` does not load what starting a devnet needs, nor the reverse.
 */
export function registerDevnet(program: Command): void {
  const devnet = program
    .command("devnet")
    .description("Start a local chain with Keel deployed and seeded; Ctrl-C stops it.")
    .option("--port <port>", "port of the JSON-RPC server on 127.0.0.1", "8545")
    .configureHelp({ showGlobalOptions: true })
    .action(
      action(async (_options: unknown, command: Command) => {
        const { startDevnet } = await import("./start.ts");
        await startDevnet(command.optsWithGlobals<GlobalOptions & { port: string }>());
      }),
    );

  devnet
    .command("price")
    .description("Set a token's USD price on the running devnet (ETH and BTC mean WETH and WBTC).")
    .argument("<symbol>", "token symbol, e.g. ETH, WBTC, wstETH, USDC, DAI")
    .argument("<usd>", "USD per whole token, e.g. 2400")
    .action(
      action(async (symbol: string, usd: string, _options: unknown, command: Command) => {
        const { setPrice } = await import("./price.ts");
        await setPrice(symbol, usd, command.optsWithGlobals<GlobalOptions>());
      }),
    );

  devnet
    .command("advance")
    .description("Move the running devnet's clock forward (interest accrues, feeds are refreshed).")
    .argument("<duration>", "e.g. 30d, 12h, 90m, 3600s")
    .action(
      action(async (duration: string, _options: unknown, command: Command) => {
        const { advanceTime } = await import("./advance.ts");
        await advanceTime(duration, command.optsWithGlobals<GlobalOptions>());
      }),
    );
}
