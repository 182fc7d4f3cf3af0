import { cdpEngineAbi, type KeelDeployment, keelPoolAbi, pegStabilityModuleAbi } from "@keel/sdk";
import pc from "picocolors";
import { formatUnits, type PublicClient } from "viem";
import { formatAmount, formatBps, formatPercent } from "../../lib/format.ts";
import { aboutAccount, HARDHAT_MNEMONIC } from "./accounts.ts";
import { describeOraclePrice } from "./prices.ts";
import { readVaults } from "./vaults.ts";

const RAY = 10n ** 27n;
const SECONDS_PER_YEAR = 31_536_000;

const row = (cells: string[], widths: number[]) =>
  `  ${cells.map((cell, i) => (i < cells.length - 1 ? cell.padEnd(widths[i]) : cell)).join("  ")}`.trimEnd();

/**
 * Prints what is running: endpoint, contracts, tokens with prices, pools with reserves, pairs, kUSD, Aave
 * and Morpho, accounts and keys.
 */
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
  // The periphery users act through: one-transaction flows and protection policies.
  for (const [name, address] of Object.entries(manifest.periphery ?? {})) lines.push(row([name, address], [18]));

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

  if (manifest.cdp !== undefined) lines.push(...(await describeCdp(client, manifest.cdp, manifest)));
  lines.push(...describeExternal(manifest.external));

  heading(`Test accounts (Hardhat's default mnemonic: "${HARDHAT_MNEMONIC}")`);
  for (const [index, account] of manifest.accounts.entries()) {
    lines.push(`  ${pc.bold(`#${index} ${account.label}`)} (${account.role})  ${aboutAccount(account.label)}`);
    lines.push(`     ${account.address}  ${pc.dim(account.privateKey)}`);
  }
  console.log(lines.join("\n"));
}

/** The kUSD section of the summary: contracts, peg modules, collateral types with their debt, and the vaults. */
async function describeCdp(
  client: PublicClient,
  cdp: NonNullable<KeelDeployment["cdp"]>,
  manifest: KeelDeployment,
): Promise<string[]> {
  const lines = ["", pc.bold("kUSD")];
  lines.push(row(["engine", cdp.engine], [14]), row(["auctionTaker", cdp.auctionTaker], [14]));
  for (const module of cdp.pegModules) {
    const read = <F extends "minted" | "cap" | "feeInBps" | "feeOutBps">(functionName: F) =>
      client.readContract({ address: module.address, abi: pegStabilityModuleAbi, functionName });
    const [minted, cap, feeIn, feeOut] = await Promise.all([
      read("minted"),
      read("cap"),
      read("feeInBps"),
      read("feeOutBps"),
    ]);
    lines.push(
      row([`${module.gem} PSM`, module.address], [14]),
      `    holds ${formatAmount(minted, 18, 0)} ${module.gem} of a ${formatAmount(cap, 18, 0)} cap; ` +
        `fees ${formatBps(Number(feeIn))} in, ${formatBps(Number(feeOut))} out`,
    );
  }
  for (const entry of cdp.collateralTypes) {
    const type = await client.readContract({
      address: cdp.engine,
      abi: cdpEngineAbi,
      functionName: "collateralType",
      args: [BigInt(entry.id)],
    });
    const debt = (type.totalNormalizedDebt * type.rate) / RAY;
    const yearlyFee = ((1 + Number(type.feeExcess) / 1e27) ** SECONDS_PER_YEAR - 1) * 100;
    lines.push(
      `  type ${entry.id} ${entry.name} (${entry.symbol}): minimum ratio ${formatBps(type.minRatioBps)}, ` +
        `fee ${yearlyFee.toFixed(2)}% a year, penalty ${formatBps(type.liquidationPenaltyBps)}, ` +
        `debt ${formatAmount(debt, 18, 0)} kUSD`,
    );
  }
  for (const vault of await readVaults(client, manifest)) {
    const ratio = vault.ratio === undefined ? "–" : `${Number(formatUnits(vault.ratio, 16)).toFixed(1)}%`;
    lines.push(`  vault ${vault.id} ${vault.owner} (${vault.typeName}): collateral ratio ${ratio}`);
  }
  return lines;
}

/** The summary's lines for Aave v3 and Morpho Blue, when the deployment has them: addresses, reserves and markets. */
export function describeExternal(external: KeelDeployment["external"]): string[] {
  const lines: string[] = [];
  const { aave, morpho } = external ?? {};
  if (aave !== undefined) {
    lines.push("", pc.bold("Aave v3"));
    for (const name of ["pool", "addressesProvider", "oracle", "dataProvider"] as const) {
      lines.push(row([name, aave[name]], [18]));
    }
    lines.push(pc.dim(row(["reserve", "aToken", "variable debt token"], [7, 42])));
    for (const [symbol, reserve] of Object.entries(aave.reserves)) {
      lines.push(row([symbol, reserve.aToken, reserve.variableDebtToken], [7, 42]));
    }
  }
  if (morpho !== undefined) {
    lines.push("", pc.bold("Morpho Blue"));
    lines.push(row(["morpho", morpho.morpho], [18]));
    for (const market of morpho.markets) {
      lines.push(`  ${pc.bold(market.label)} LLTV ${formatPercent(BigInt(market.lltv))}  id ${market.id}`);
      lines.push(`    oracle ${market.oracle}  irm ${market.irm}`);
    }
  }
  return lines;
}
