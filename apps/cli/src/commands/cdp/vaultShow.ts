import { getVaults, type VaultInfo } from "@keel/sdk";
import type { Command } from "commander";
import { KUSD, parseVaultId, readVault, requireCdp } from "../../lib/cdp.ts";
import { type GlobalOptions, readContext, readSignerContext } from "../../lib/context.ts";
import { formatAmount, formatPercent, formatUsd, toJson } from "../../lib/format.ts";
import { parseAddress } from "../../lib/input.ts";
import { usdPerToken } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderPairs, renderTable } from "../../lib/table.ts";

const UNLIMITED = 2n ** 255n;

/** A vault's figures for people: amounts in whole tokens, prices in kUSD per whole token. */
export function describeVault(vault: VaultInfo) {
  const { type } = vault;
  const symbol = type.symbol ?? "collateral";
  const perToken = (price: bigint) => formatUsd(usdPerToken(price, type.decimals));
  return {
    vault: vault.id.toString(),
    type: `${symbol} (type ${type.id})`,
    collateral: `${formatAmount(vault.collateral, type.decimals)} ${symbol}`,
    debt: `${formatAmount(vault.debt, KUSD.decimals, 2)} ${KUSD.symbol}`,
    ratio: vault.debt === 0n ? "-" : vault.ratio === undefined ? "no price" : formatPercent(vault.ratio),
    minRatio: formatPercent(type.minRatio),
    price: type.price === undefined ? `none (${type.priceError})` : perToken(type.price),
    liquidationPrice:
      vault.debt === 0n ? "-" : vault.liquidationPrice >= UNLIMITED ? "any" : perToken(vault.liquidationPrice),
    maxMint: vault.maxMint === undefined ? "-" : `${formatAmount(vault.maxMint, KUSD.decimals, 2)} ${KUSD.symbol}`,
    maxWithdraw: vault.maxWithdraw === undefined ? "-" : `${formatAmount(vault.maxWithdraw, type.decimals)} ${symbol}`,
    auction: vault.auction ? `running: ${formatAmount(vault.auction.tab, KUSD.decimals, 2)} kUSD to raise` : "none",
  };
}

/** The JSON form of a vault: the SDK's values, with the type reduced to what identifies it. */
export function vaultJson(vault: VaultInfo) {
  const { type, ...rest } = vault;
  return { ...rest, type: { id: type.id, symbol: type.symbol, decimals: type.decimals, price: type.price } };
}

/** `keel vault show [id]`: one vault in detail, or every vault of an owner. */
export function registerVaultShow(vault: Command): void {
  vault
    .command("show")
    .description("Show a vault, or list an owner's vaults: collateral, debt, ratio, liquidation price, limits.")
    .argument("[id]", "the vault id (default: every vault of --owner)")
    .option("--owner <address>", "whose vaults to list (default: the signing account)")
    .action(
      action(async (id: string | undefined, options: { owner?: string }, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const context = await readContext(globals);
        const cdp = requireCdp(context);
        if (id !== undefined) {
          const found = await readVault(context, cdp.engine, parseVaultId(id));
          if (context.json) {
            console.log(toJson(vaultJson(found)));
            return;
          }
          const shown = describeVault(found);
          console.log(
            renderPairs([
              ["Vault", shown.vault],
              ["Owner", found.owner],
              ["Collateral type", shown.type],
              ["Collateral", shown.collateral],
              ["Debt", shown.debt],
              ["Collateral ratio", `${shown.ratio} (minimum ${shown.minRatio})`],
              ["Collateral price", shown.price],
              ["Liquidation price", shown.liquidationPrice],
              ["Can mint", shown.maxMint],
              ["Can withdraw", shown.maxWithdraw],
              ["Auction", shown.auction],
            ]),
          );
          return;
        }
        const owner = options.owner
          ? parseAddress(options.owner, "--owner")
          : (await readSignerContext(globals)).account.address;
        const vaults = await getVaults(context.publicClient, {
          engine: cdp.engine,
          owner,
          fromBlock: BigInt(context.deployment.startBlock),
        });
        if (context.json) {
          console.log(toJson({ owner, vaults: vaults.map(vaultJson) }));
          return;
        }
        if (vaults.length === 0) {
          console.log(`${owner} has no vault. Open one with \`keel vault open --type ETH --collateral 1\`.`);
          return;
        }
        const rows = vaults.map((v) => {
          const s = describeVault(v);
          return [s.vault, s.type, s.collateral, s.debt, `${s.ratio} / ${s.minRatio}`, s.liquidationPrice, s.maxMint];
        });
        console.log(`Vaults of ${owner}`);
        console.log(
          renderTable(["Vault", "Type", "Collateral", "Debt", "Ratio / min", "Liquidation price", "Can mint"], rows),
        );
      }),
    );
}
