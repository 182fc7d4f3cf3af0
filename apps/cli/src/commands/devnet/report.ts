import { type KeelDeployment, keelPoolAbi } from "@keel/sdk";
import pc from "picocolors";
import type { PublicClient } from "viem";
import { formatAmount } from "../../lib/format.ts";
import { aboutAccount, HARDHAT_MNEMONIC } from "./accounts.ts";
import { describeOraclePrice } from "./prices.ts";

const row = (cells: string[], widths: number[]) =>
  `  ${cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd(widths[i]) : cell)).join("  ")}`.trimEnd();

/** Prints what is running: endpoint, contracts, tokens with prices, pools with reserves, pairs, accounts and keys. */
export async function printSummary(
  client: PublicClient,
  manifest: KeelDeployment,
  manifestPath: string,
): Promise<void> {
  const lines: string[] = [];
  const heading = (title: string) => lines.push("", pc.bold(title));

  heading("Network");
  lines.push(row(["RPC URL", manifest.rpcUrl], [10]), row(["Chain id", String(manifest.chainId)], [10]));
  lines.push(row(["Manifest", manifestPath], [10]));

  heading("Contracts");
  for (const [name, address] of Object.entries(manifest.contracts)) lines.push(row([name, address ?? ""], [18]));

  heading("Tokens");
  const tokenWidths = [7, 42, 9, 14];
  lines.push(pc.dim(row(["symbol", "address", "decimals", "price", "feed (settable)"], tokenWidths)));
  for (const token of Object.values(manifest.tokens)) {
    const price = await describeOraclePrice(client, token);
    lines.push(row([token.symbol, token.address, String(token.decimals), price, token.feed], tokenWidths));
  }

  heading("Pools");
  const reserveWidths = [10, 16, 16, 16];
  for (const pool of manifest.pools) {
    lines.push(`  ${pc.bold(`pool ${pool.id}`)} ${pool.name} (${pool.kind})`);
    for (const eMode of pool.eModes ?? []) {
      const limits = await client.readContract({
        address: manifest.contracts.pool,
        abi: keelPoolAbi,
        functionName: "eMode",
        args: [BigInt(pool.id), eMode.category],
      });
      lines.push(
        `    e-mode ${eMode.category} ${eMode.label}: ${eMode.symbols.join(", ")} ` +
          `(LTV ${limits.ltvBps / 100}%, threshold ${limits.liquidationThresholdBps / 100}%)`,
      );
    }
    lines.push(pc.dim(row(["  reserve", "supplied", "borrowed", "collateral", "LTV / threshold"], reserveWidths)));
    for (const reserve of pool.reserves) {
      const args = [BigInt(pool.id), BigInt(reserve.index)] as const;
      const address = manifest.contracts.pool;
      const [config, state] = await Promise.all([
        client.readContract({ address, abi: keelPoolAbi, functionName: "reserveConfig", args }),
        client.readContract({ address, abi: keelPoolAbi, functionName: "expectedReserveState", args }),
      ]);
      const amount = (units: bigint) => formatAmount(units, config.decimals, 2);
      lines.push(
        row(
          [
            `  ${reserve.index} ${reserve.symbol}`,
            amount(state.totalSupplyAssets),
            amount(state.totalBorrowAssets),
            amount(state.totalCollateral),
            config.liquidationThresholdBps === 0
              ? "loan only"
              : `${config.ltvBps / 100}% / ${config.liquidationThresholdBps / 100}%`,
          ],
          reserveWidths,
        ),
      );
    }
  }

  heading("Uniswap V2");
  lines.push(row(["factory", manifest.uniswap.factory], [12]), row(["router", manifest.uniswap.router], [12]));
  for (const [name, pair] of Object.entries(manifest.uniswap.pairs)) lines.push(row([name, pair], [12]));

  heading(`Test accounts (Hardhat's default mnemonic: "${HARDHAT_MNEMONIC}")`);
  for (const [index, account] of manifest.accounts.entries()) {
    lines.push(`  ${pc.bold(`#${index} ${account.label}`)} (${account.role})  ${aboutAccount(account.label)}`);
    lines.push(`     ${account.address}  ${pc.dim(account.privateKey)}`);
  }
  console.log(lines.join("\n"));
}
