import {
  type AuctionInfo,
  cdpEngineAbi,
  getAuction,
  getAuctions,
  getTokenBalance,
  getVault,
  previewStartAuction,
  previewTake,
  startAuction,
  takeAuction,
  takeAuctionWithTaker,
  type VaultInfo,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address } from "viem";
import { explainPredicted, findPegModule, KUSD, parseVaultId, readVault, requireCdp } from "../../lib/cdp.ts";
import { confirm } from "../../lib/confirm.ts";
import { type GlobalOptions, type KeelContext, readContext, readSignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatUsd, toJson } from "../../lib/format.ts";
import { checkAmountForm, parseAmount, requireOption } from "../../lib/input.ts";
import { usdPerToken } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderPairs, renderTable } from "../../lib/table.ts";
import { describeVault, vaultJson } from "./vaultShow.ts";

/** Seconds between reading an auction and the take being mined, for the preview. */
const TAKE_DELAY_SECONDS = 2n;

function perToken(price: bigint, decimals: number): string {
  return `${formatUsd(usdPerToken(price, decimals)).slice(1)} kUSD`;
}

function auctionRow(a: AuctionInfo): string[] {
  const symbol = a.type.symbol ?? "collateral";
  return [
    a.vaultId.toString(),
    symbol,
    `${formatAmount(a.collateral, a.type.decimals)} ${symbol}`,
    `${formatAmount(a.tab, KUSD.decimals, 2)} kUSD`,
    perToken(a.price, a.type.decimals),
    a.stale ? "stale: reset first" : "live",
    `${a.elapsed}s`,
  ];
}

/**
 * The Uniswap path a capital-free take sells along: --path (symbols or addresses, comma-separated), else
 * collateral → the peg module's stablecoin when the manifest lists that pair.
 */
function sellPath(context: KeelContext, collateral: string, text?: string): Address[] {
  const tokens = context.deployment.tokens;
  const resolve = (symbolOrAddress: string): Address => {
    const trimmed = symbolOrAddress.trim();
    const token = Object.values(tokens).find(
      (t) => t.symbol.toUpperCase() === trimmed.toUpperCase() || t.address.toLowerCase() === trimmed.toLowerCase(),
    );
    if (!token) throw new UsageError(`--path: no token "${trimmed}" in the deployment.`);
    return token.address;
  };
  if (text) return text.split(",").map(resolve);
  const gem = findPegModule(context).gem;
  const pairs = context.deployment.uniswap.pairs;
  if (!pairs[`${collateral}/${gem}`] && !pairs[`${gem}/${collateral}`]) {
    throw new UsageError(`The deployment has no ${collateral}/${gem} Uniswap pair; give the route with --path.`);
  }
  return [resolve(collateral), resolve(gem)];
}

/** kUSD per whole token (e.g. "2,400.5") as the engine's price: kUSD wei per unit × 1e18, rounded down. */
function parsePricePerToken(text: string, decimals: number): bigint {
  const parsed = parseAmount(text, KUSD.decimals, "kUSD");
  if (parsed.kind === "max") throw new UsageError('--max-price takes a number of kUSD per token, not "max".');
  return (parsed.units * 10n ** 18n) / 10n ** BigInt(decimals);
}

type TakeOptions = { amount?: string; maxPrice?: string; sell?: boolean; path?: string; minProfit?: string };

async function runTake(id: string, options: TakeOptions, command: Command) {
  const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
  const cdp = requireCdp(context);
  const vaultId = parseVaultId(id);
  // Typing mistakes are refused before the chain is asked.
  checkAmountForm(options.amount, "--amount", "collateral tokens");
  if (options.maxPrice) parsePricePerToken(options.maxPrice, 18);
  const minProfit = options.minProfit ? parseAmount(options.minProfit, KUSD.decimals, KUSD.symbol) : undefined;
  const auction = await getAuction(context.publicClient, { engine: cdp.engine, vaultId });
  if (!auction) throw new UsageError(`No auction is running for vault ${vaultId}; \`keel auctions\` lists them.`);
  const { type } = auction;
  const symbol = type.symbol ?? "collateral";
  const parsed = parseAmount(requireOption(options.amount, "--amount"), type.decimals, symbol);
  const maxCollateral = parsed.kind === "max" ? auction.collateral : parsed.units;
  // --max-price is kUSD per whole token; the engine's price is per unit × 1e18. Without it: today's price.
  const maxPrice = options.maxPrice ? parsePricePerToken(options.maxPrice, type.decimals) : auction.price;
  let outcome: ReturnType<typeof previewTake>;
  try {
    outcome = previewTake(auction, type, {
      vaultId,
      maxCollateral,
      maxPrice,
      timestamp: auction.timestamp + TAKE_DELAY_SECONDS,
    });
  } catch (error) {
    explainPredicted(error, { symbol, decimals: type.decimals });
  }
  const path = options.sell ? sellPath(context, symbol, options.path) : undefined;
  if (!path) {
    const balance = await getTokenBalance(context.publicClient, { token: cdp.kusd, account: context.account.address });
    if (balance < outcome.paid)
      throw new UsageError(
        `You hold ${formatAmount(balance, KUSD.decimals)} kUSD; this take costs about ${formatAmount(outcome.paid, KUSD.decimals)} kUSD. Take less, or add --sell to pay from the sale.`,
      );
  }
  if (!context.json) {
    console.log(
      renderPairs([
        ["Operation", `take from the auction of vault ${vaultId}${path ? ", selling on Uniswap" : ""}`],
        ["Collateral", `about ${formatAmount(outcome.slice, type.decimals)} ${symbol}`],
        [
          "Price",
          `${perToken(outcome.price, type.decimals)} per ${symbol} (limit ${perToken(maxPrice, type.decimals)})`,
        ],
        ["Pay", `about ${formatAmount(outcome.paid, KUSD.decimals, 6)} kUSD${path ? " from the sale" : ""}`],
        ["Signer", `${context.account.address} (${context.accountSource})`],
      ]),
    );
  }
  if (!context.yes) await confirm("Send this transaction?");
  const sent = path
    ? await takeAuctionWithTaker(context.walletClient, {
        auctionTaker: cdp.auctionTaker,
        vaultId,
        maxCollateral,
        maxPrice,
        path,
        minProfit: minProfit?.kind === "exact" ? minProfit.units : 0n,
      })
    : await takeAuction(context.walletClient, { engine: cdp.engine, vaultId, maxCollateral, maxPrice });
  const profit = "profit" in sent ? sent.profit : undefined;
  if (context.json) {
    console.log(
      toJson({
        operation: "take",
        vaultId,
        hash: sent.hash,
        collateral: sent.collateral,
        paid: sent.paid,
        price: sent.price,
        profit,
      }),
    );
    return;
  }
  console.log(
    `Bought ${formatAmount(sent.collateral, type.decimals)} ${symbol} for ${formatAmount(sent.paid, KUSD.decimals, 6)} kUSD in ${sent.hash}${profit === undefined ? "" : `; the sale left you ${formatAmount(profit, KUSD.decimals, 6)} kUSD`}.`,
  );
}

async function runStart(id: string, command: Command) {
  const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
  const cdp = requireCdp(context);
  const vaultId = parseVaultId(id);
  const vault = await readVault(context, cdp.engine, vaultId);
  const { type } = vault;
  const symbol = type.symbol ?? "collateral";
  if (type.price === undefined) throw new UsageError(`The ${symbol} oracle gives no price: ${type.priceError}`);
  let outcome: ReturnType<typeof previewStartAuction>;
  try {
    outcome = previewStartAuction(vault, type, {
      vaultId,
      auction: vault.auction,
      price: type.price,
      timestamp: type.timestamp + TAKE_DELAY_SECONDS,
    });
  } catch (error) {
    explainPredicted(error, { symbol, decimals: type.decimals });
  }
  if (!context.json) {
    console.log(
      renderPairs([
        ["Operation", `send vault ${vaultId} to auction`],
        ["Collateral", `${formatAmount(outcome.collateral, type.decimals)} ${symbol}`],
        ["Tab", `${formatAmount(outcome.tab, KUSD.decimals, 2)} kUSD (debt plus penalty)`],
        ["Keeper reward", `about ${formatAmount(outcome.keeperReward, KUSD.decimals, 6)} kUSD`],
      ]),
    );
  }
  if (!context.yes) await confirm("Send this transaction?");
  const sent = await startAuction(context.walletClient, { engine: cdp.engine, vaultId });
  if (context.json) {
    const { hash, collateral, debt, tab, topPrice, keeperReward } = sent;
    console.log(toJson({ operation: "startAuction", vaultId, hash, collateral, debt, tab, topPrice, keeperReward }));
  } else
    console.log(
      `Vault ${vaultId} is in auction (${sent.hash}): ${formatAmount(sent.collateral, type.decimals)} ${symbol} for a tab of ${formatAmount(sent.tab, KUSD.decimals, 2)} kUSD; you earned ${formatAmount(sent.keeperReward, KUSD.decimals, 6)} kUSD.`,
    );
}

/**
 * The vaults below their minimum ratio that have debt and no auction running: anyone may start theirs.
 * Every vault the engine opened is read (ids 1 to vaultCount), at one block.
 */
async function unsafeVaults(context: KeelContext, engine: Address, blockNumber: bigint): Promise<VaultInfo[]> {
  const count = await context.publicClient.readContract({
    address: engine,
    abi: cdpEngineAbi,
    functionName: "vaultCount",
    blockNumber,
  });
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  const vaults = await Promise.all(
    ids.map((vaultId) => getVault(context.publicClient, { engine, vaultId, blockNumber })),
  );
  return vaults.filter((vault) => vault.debt > 0n && vault.isSafe === false && vault.auction === undefined);
}

/** `keel auctions` and `keel auction start|take`. */
export function registerAuctions(program: Command): void {
  program
    .command("auctions")
    .description(
      "List the kUSD engine's running auctions (collateral left, tab, current price, staleness) and the vaults that can be sent to one.",
    )
    .action(
      action(async (_options: unknown, command: Command) => {
        const context = await readContext(command.optsWithGlobals<GlobalOptions>());
        const cdp = requireCdp(context);
        // Running auctions and the vaults that could start one, at the same block.
        const blockNumber = await context.publicClient.getBlockNumber();
        const [auctions, unsafe] = await Promise.all([
          getAuctions(context.publicClient, {
            engine: cdp.engine,
            fromBlock: BigInt(context.deployment.startBlock),
            blockNumber,
          }),
          unsafeVaults(context, cdp.engine, blockNumber),
        ]);
        if (context.json) {
          console.log(
            toJson({
              auctions: auctions.map(({ type, ...a }) => ({
                ...a,
                type: { id: type.id, symbol: type.symbol, decimals: type.decimals },
              })),
              unsafe: unsafe.map(vaultJson),
            }),
          );
          return;
        }
        if (auctions.length === 0) console.log("No auction is running.");
        else
          console.log(
            renderTable(
              ["Vault", "Type", "Collateral left", "Tab", "Price per token", "State", "Age"],
              auctions.map(auctionRow),
            ),
          );
        if (unsafe.length === 0) {
          console.log("No vault is below its minimum ratio.");
          return;
        }
        console.log("Below their minimum ratio, so anyone may start their auction (`keel auction start <vault>`):");
        console.log(
          renderTable(
            ["Vault", "Type", "Collateral", "Debt", "Ratio / min", "Liquidation price"],
            unsafe.map((vault) => {
              const shown = describeVault(vault);
              return [
                shown.vault,
                shown.type,
                shown.collateral,
                shown.debt,
                `${shown.ratio} / ${shown.minRatio}`,
                shown.liquidationPrice,
              ];
            }),
          ),
        );
      }),
    );
  const auction = program.command("auction").description("Start or take from a kUSD auction.");
  auction
    .command("start")
    .description("Send a vault below its minimum ratio to auction; the keeper reward is yours.")
    .argument("<vault>", "the vault id")
    .action(action((id: string, _options: unknown, command: Command) => runStart(id, command)));
  auction
    .command("take")
    .description("Buy collateral from an auction with kUSD, or with --sell, without capital through Uniswap.")
    .argument("<vault>", "the auction's vault id")
    .option("--amount <amount>", 'collateral to buy, in whole tokens, or "max" (the whole lot)')
    .option("--max-price <kUSD>", "the most to pay per whole token (default: the current price)")
    .option("--sell", "sell the collateral on Uniswap in the same transaction and keep the rest (AuctionTaker)")
    .option(
      "--path <tokens>",
      "with --sell: the route, e.g. WETH,USDC (default: collateral → the peg module's stablecoin)",
    )
    .option("--min-profit <kUSD>", "with --sell: the least kUSD you accept to keep")
    .action(action((id: string, options: TakeOptions, command: Command) => runTake(id, options, command)));
}
