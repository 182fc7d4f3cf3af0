import { iPriceOracleAbi, WAD } from "@keel/sdk";
import type { Command } from "commander";
import { type Address, erc20Abi } from "viem";
import { type GlobalOptions, type KeelContext, readContext } from "../../lib/context.ts";
import { formatAmount, formatUsd, toJson } from "../../lib/format.ts";
import { parseAddress } from "../../lib/input.ts";
import { signerAddress } from "../../lib/poolSigner.ts";
import { action } from "../../lib/run.ts";
import { renderTable } from "../../lib/table.ts";

/** One line of a wallet: ETH (token null) or a token of the deployment. */
type BalanceLine = {
  symbol: string;
  token: Address | null;
  decimals: number;
  balance: bigint;
  /** USD (WAD) at the token's Keel oracle, rounded down; null when the oracle does not price it now. */
  valueUsd: bigint | null;
};

/** The price a token's Keel oracle gives now (oracle scale), or undefined when it refuses. */
async function oraclePrice(context: KeelContext, oracle: Address): Promise<bigint | undefined> {
  try {
    return await context.publicClient.readContract({ address: oracle, abi: iPriceOracleAbi, functionName: "price" });
  } catch {
    return undefined;
  }
}

/** The wallet's ETH and every token of the deployment, valued at the deployment's oracles (ETH at WETH's). */
async function readBalances(context: KeelContext, holder: Address): Promise<BalanceLine[]> {
  const tokens = Object.values(context.deployment.tokens);
  const weth = context.deployment.tokens.WETH;
  const value = (units: bigint, price: bigint | undefined) => (price === undefined ? null : (units * price) / WAD);
  const lines = Promise.all(
    tokens.map(async (token): Promise<BalanceLine> => {
      const [balance, price] = await Promise.all([
        context.publicClient.readContract({
          address: token.address,
          abi: erc20Abi,
          functionName: "balanceOf",
          args: [holder],
        }),
        oraclePrice(context, token.oracle),
      ]);
      return {
        symbol: token.symbol,
        token: token.address,
        decimals: token.decimals,
        balance,
        valueUsd: value(balance, price),
      };
    }),
  );
  const [eth, ethPrice] = await Promise.all([
    context.publicClient.getBalance({ address: holder }),
    weth ? oraclePrice(context, weth.oracle) : undefined,
  ]);
  const ether: BalanceLine = { symbol: "ETH", token: null, decimals: 18, balance: eth, valueUsd: value(eth, ethPrice) };
  return [ether, ...(await lines)];
}

/**
 * `keel balance [address]`: a wallet's ETH and every token of the deployment (kUSD included), valued at
 * Keel's oracles. Without an address, the signer the write commands would use, found without unlocking
 * a keystore (its address is read from the file).
 */
export function registerBalance(program: Command): void {
  program
    .command("balance")
    .description("Show a wallet's ETH and every token of the deployment (kUSD included), with their USD value.")
    .argument("[address]", "the wallet (default: the account the write commands would sign with)")
    .action(
      action(async (address: string | undefined, _options: unknown, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const context = await readContext(globals);
        const holder = address
          ? { address: parseAddress(address, "address"), source: undefined }
          : await signerAddress(globals, context.deployment);
        const balances = await readBalances(context, holder.address);
        const total = balances.reduce((sum, line) => sum + (line.valueUsd ?? 0n), 0n);
        if (context.json) {
          console.log(toJson({ address: holder.address, source: holder.source ?? null, balances, totalUsd: total }));
          return;
        }
        console.log(`Wallet ${holder.address}${holder.source ? ` (${holder.source})` : ""}`);
        console.log(
          renderTable(
            ["Asset", "Balance", "Value"],
            balances.map((line) => [
              line.symbol,
              formatAmount(line.balance, line.decimals),
              line.valueUsd === null ? "no price" : formatUsd(line.valueUsd),
            ]),
          ),
        );
        console.log(`Total ${formatUsd(total)} (at Keel's oracle prices; ETH at WETH's)`);
      }),
    );
}
