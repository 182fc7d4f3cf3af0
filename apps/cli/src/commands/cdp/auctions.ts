import {
  type AuctionInfo,
  type CdpAuction,
  cdpEngineAbi,
  getAuction,
  getAuctions,
  getVault,
  previewResetAuction,
  previewStartAuction,
  previewTake,
  resetAuction,
  type StartAuctionOutcome,
  startAuction,
  type TakeAuctionReturnType,
  type TakeAuctionWithTakerReturnType,
  type TakeOutcome,
  takeAuction,
  takeAuctionWithTaker,
  type VaultInfo,
  type WriteReturnType,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address } from "viem";
import {
  type CdpDeployment,
  checkPayment,
  expectedTime,
  explainPredicted,
  findPegModule,
  KUSD,
  kusdTransaction,
  type PayingPlan,
  parseVaultId,
  readVault,
  requireCdp,
  type SentWithApproval,
} from "../../lib/cdp.ts";
import {
  type GlobalOptions,
  type KeelContext,
  readContext,
  readSignerContext,
  type SignerContext,
} from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatBps, formatUsd, toJson } from "../../lib/format.ts";
import { askIndexer, findIndexer, type IndexerLink } from "../../lib/indexer.ts";
import { checkAmountForm, parseAmount, requireOption } from "../../lib/input.ts";
import { usdPerToken } from "../../lib/market.ts";
import { action } from "../../lib/run.ts";
import { renderTable } from "../../lib/table.ts";
import { type PreviewRow, runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";
import { describeVault, vaultJson } from "./vaultShow.ts";

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

/** The options of `auction take`; start and reset take none. */
type AuctionOptions = { amount?: string; maxPrice?: string; sell?: boolean; path?: string; minProfit?: string };

/**
 * One auction operation, described once; `auctionTransaction` turns it into the CLI's transaction flow.
 * Anyone may start, take and reset: the engine checks the vault and the auction, not the sender.
 */
type AuctionOperation<Plan, Sent extends WriteReturnType> = {
  /** The `operation` field of the JSON. */
  operation: string;
  description: string;
  /** Adds the operation's own options to its command. */
  options?: (command: Command) => Command;
  /** Checks the options' form before the chain is asked. */
  check?: (options: AuctionOptions) => void;
  /** Reads the auction (or the vault) and sizes the operation with the SDK's math; `payment` is what it burns. */
  plan: (
    context: SignerContext,
    cdp: CdpDeployment,
    vaultId: bigint,
    options: AuctionOptions,
  ) => Promise<Plan & PayingPlan>;
  /** The preview's rows (the Approval and Signer rows are added). */
  rows: (plan: Plan, vaultId: bigint) => PreviewRow[];
  /** The SDK call. */
  call: (context: SignerContext, cdp: CdpDeployment, vaultId: bigint, plan: Plan) => Promise<Sent>;
  /** The sentence once sent, and the JSON fields. */
  said: (plan: Plan, sent: Sent, vaultId: bigint) => string;
  json: (plan: Plan, sent: Sent) => Record<string, unknown>;
};

/** The one transaction flow of an auction operation. */
function auctionTransaction<Plan, Sent extends WriteReturnType>(
  operation: AuctionOperation<Plan, Sent>,
  context: SignerContext,
  id: string,
  options: AuctionOptions,
): TransactionDescriptor<Plan & PayingPlan, SentWithApproval<Sent>> {
  const cdp = requireCdp(context);
  // Typing mistakes are refused before the chain is asked.
  const vaultId = parseVaultId(id);
  operation.check?.(options);
  return kusdTransaction(context, {
    plan: () => operation.plan(context, cdp, vaultId, options),
    preview: (plan) => operation.rows(plan, vaultId),
    json: () => ({ operation: operation.operation, vaultId }),
    send: (plan) => operation.call(context, cdp, vaultId, plan),
    report: async (plan, sent) => ({
      sentence: operation.said(plan, sent, vaultId),
      json: { operation: operation.operation, vaultId, hash: sent.hash, ...operation.json(plan, sent) },
    }),
  });
}

/** The SDK's math, with a revert it predicts turned into the engine's sentence (exit code 2). */
function predicted<Result>(type: { symbol?: string; decimals: number }, fn: () => Result): Result {
  try {
    return fn();
  } catch (error) {
    explainPredicted(error, { symbol: type.symbol ?? "collateral", decimals: type.decimals });
  }
}

const start: AuctionOperation<
  { vault: VaultInfo; outcome: StartAuctionOutcome },
  Awaited<ReturnType<typeof startAuction>>
> = {
  operation: "startAuction",
  description: "Send a vault below its minimum ratio to auction; the keeper reward is yours.",
  plan: async (context, cdp, vaultId) => {
    const vault = await readVault(context, cdp.engine, vaultId);
    const { type } = vault;
    if (type.price === undefined)
      throw new UsageError(`The ${type.symbol ?? "collateral"} oracle gives no price: ${type.priceError}`);
    const price = type.price;
    const timestamp = await expectedTime(context, type.timestamp);
    const outcome = predicted(type, () =>
      previewStartAuction(vault, type, { vaultId, auction: vault.auction, price, timestamp }),
    );
    return { vault, outcome, payment: undefined };
  },
  rows: ({ vault, outcome }, vaultId) => [
    ["Operation", `send vault ${vaultId} to auction`],
    ["Collateral", `${formatAmount(outcome.collateral, vault.type.decimals)} ${vault.type.symbol ?? "collateral"}`],
    ["Tab", `${formatAmount(outcome.tab, KUSD.decimals, 2)} kUSD (debt plus penalty)`],
    ["Keeper reward", `about ${formatAmount(outcome.keeperReward, KUSD.decimals, 6)} kUSD`],
  ],
  call: (context, cdp, vaultId) => startAuction(context.walletClient, { engine: cdp.engine, vaultId }),
  said: ({ vault }, sent, vaultId) =>
    `Vault ${vaultId} is in auction (${sent.hash}): ${formatAmount(sent.collateral, vault.type.decimals)} ${vault.type.symbol ?? "collateral"} for a tab of ${formatAmount(sent.tab, KUSD.decimals, 2)} kUSD; you earned ${formatAmount(sent.keeperReward, KUSD.decimals, 6)} kUSD.`,
  json: (_plan, { collateral, debt, tab, topPrice, keeperReward }) => ({
    collateral,
    debt,
    tab,
    topPrice,
    keeperReward,
  }),
};

type TakePlan = {
  auction: AuctionInfo;
  outcome: TakeOutcome;
  maxCollateral: bigint;
  maxPrice: bigint;
  /** The Uniswap route when the collateral is sold in the same transaction (--sell). */
  path: Address[] | undefined;
  minProfit: bigint;
};

const take: AuctionOperation<TakePlan, TakeAuctionReturnType | TakeAuctionWithTakerReturnType> = {
  operation: "take",
  description: "Buy collateral from an auction with kUSD, or with --sell, without capital through Uniswap.",
  options: (command) =>
    command
      .option("--amount <amount>", 'collateral to buy, in whole tokens, or "max" (the whole lot)')
      .option("--max-price <kUSD>", "the most to pay per whole token (default: the current price)")
      .option("--sell", "sell the collateral on Uniswap in the same transaction and keep the rest (AuctionTaker)")
      .option(
        "--path <tokens>",
        "with --sell: the route, e.g. WETH,USDC (default: collateral → the peg module's stablecoin)",
      )
      .option("--min-profit <kUSD>", "with --sell: the least kUSD you accept to keep"),
  check: (options) => {
    checkAmountForm(options.amount, "--amount", "collateral tokens");
    if (options.maxPrice) parsePricePerToken(options.maxPrice, 18);
    if (options.minProfit) parseAmount(options.minProfit, KUSD.decimals, KUSD.symbol);
  },
  plan: async (context, cdp, vaultId, options) => {
    const auction = await getAuction(context.publicClient, { engine: cdp.engine, vaultId });
    if (!auction) throw new UsageError(`No auction is running for vault ${vaultId}; \`keel auctions\` lists them.`);
    const { type } = auction;
    const symbol = type.symbol ?? "collateral";
    const parsed = parseAmount(requireOption(options.amount, "--amount"), type.decimals, symbol);
    // "max": the whole lot.
    const maxCollateral = parsed.kind === "max" ? auction.collateral : parsed.units;
    // --max-price is kUSD per whole token; the engine's price is per unit × 1e18. Without it: today's price.
    const maxPrice = options.maxPrice ? parsePricePerToken(options.maxPrice, type.decimals) : auction.price;
    const timestamp = await expectedTime(context, auction.timestamp);
    const outcome = predicted(type, () => previewTake(auction, type, { vaultId, maxCollateral, maxPrice, timestamp }));
    const path = options.sell ? sellPath(context, symbol, options.path) : undefined;
    const minProfit = options.minProfit ? parseAmount(options.minProfit, KUSD.decimals, KUSD.symbol) : undefined;
    // Without --sell the engine burns the price from your kUSD (no allowance); with it, the sale pays.
    const payment = path
      ? undefined
      : await checkPayment(
          context,
          { token: cdp.kusd, symbol: KUSD.symbol, decimals: KUSD.decimals, amount: outcome.paid },
          (balance) =>
            `You hold ${formatAmount(balance, KUSD.decimals)} kUSD; this take costs about ${formatAmount(outcome.paid, KUSD.decimals)} kUSD. Take less, or add --sell to pay from the sale.`,
        );
    return {
      auction,
      outcome,
      maxCollateral,
      maxPrice,
      path,
      minProfit: minProfit?.kind === "exact" ? minProfit.units : 0n,
      payment,
    };
  },
  rows: ({ auction, outcome, maxPrice, path }, vaultId) => {
    const { type } = auction;
    const symbol = type.symbol ?? "collateral";
    return [
      ["Operation", `take from the auction of vault ${vaultId}${path ? ", selling on Uniswap" : ""}`],
      ["Collateral", `about ${formatAmount(outcome.slice, type.decimals)} ${symbol}`],
      ["Price", `${perToken(outcome.price, type.decimals)} per ${symbol} (limit ${perToken(maxPrice, type.decimals)})`],
      ["Pay", `about ${formatAmount(outcome.paid, KUSD.decimals, 6)} kUSD${path ? " from the sale" : ""}`],
    ];
  },
  call: (context, cdp, vaultId, { maxCollateral, maxPrice, path, minProfit }) =>
    path
      ? takeAuctionWithTaker(context.walletClient, {
          auctionTaker: cdp.auctionTaker,
          vaultId,
          maxCollateral,
          maxPrice,
          path,
          minProfit,
        })
      : takeAuction(context.walletClient, { engine: cdp.engine, vaultId, maxCollateral, maxPrice }),
  said: ({ auction }, sent) => {
    const profit = "profit" in sent ? sent.profit : undefined;
    return `Bought ${formatAmount(sent.collateral, auction.type.decimals)} ${auction.type.symbol ?? "collateral"} for ${formatAmount(sent.paid, KUSD.decimals, 6)} kUSD in ${sent.hash}${profit === undefined ? "" : `; the sale left you ${formatAmount(profit, KUSD.decimals, 6)} kUSD`}.`;
  },
  json: (_plan, sent) => ({
    collateral: sent.collateral,
    paid: sent.paid,
    price: sent.price,
    profit: "profit" in sent ? sent.profit : undefined,
  }),
};

type ResetPlan = { auction: AuctionInfo; price: bigint; outcome: { auction: CdpAuction; keeperReward: bigint } };

const reset: AuctionOperation<ResetPlan, Awaited<ReturnType<typeof resetAuction>>> = {
  operation: "resetAuction",
  description:
    "Restart a stale auction (its price fell to the floor, or its time ran out) from the oracle's price; the keeper tip is yours.",
  plan: async (context, cdp, vaultId) => {
    const auction = await getAuction(context.publicClient, { engine: cdp.engine, vaultId });
    if (!auction) throw new UsageError(`No auction is running for vault ${vaultId}; \`keel auctions\` lists them.`);
    const { type } = auction;
    // The engine restarts from the oracle's price; after a shutdown, from the shutdown price if the oracle fails.
    const price = type.price ?? (type.isShutdown ? type.shutdownPrice : undefined);
    // An auction not yet stale is refused with the engine's sentence (AuctionNotStale), whatever the oracle says.
    const timestamp = await expectedTime(context, auction.timestamp);
    const outcome = predicted(type, () =>
      previewResetAuction(auction, type, { vaultId, price: price ?? 0n, timestamp }),
    );
    if (price === undefined)
      throw new UsageError(`The ${type.symbol ?? "collateral"} oracle gives no price: ${type.priceError}`);
    return { auction, price, outcome, payment: undefined };
  },
  rows: ({ auction, outcome }, vaultId) => {
    const { type } = auction;
    const symbol = type.symbol ?? "collateral";
    const why =
      auction.elapsed >= BigInt(type.auctionMaxDuration)
        ? "its time ran out"
        : `its price fell to the floor (${formatBps(type.auctionFloorBps)} of the start)`;
    return [
      ["Operation", `restart the auction of vault ${vaultId}`],
      ["Collateral", `${formatAmount(auction.collateral, type.decimals)} ${symbol}`],
      ["Tab", `${formatAmount(auction.tab, KUSD.decimals, 2)} kUSD`],
      ["Price now", `${perToken(auction.price, type.decimals)} per ${symbol}, stale: ${why}`],
      [
        "Restarts at",
        `${perToken(outcome.auction.topPrice, type.decimals)} per ${symbol} (the oracle's price × ${formatBps(type.auctionStartBufferBps)})`,
      ],
      ["Keeper reward", `about ${formatAmount(outcome.keeperReward, KUSD.decimals, 6)} kUSD`],
    ];
  },
  call: (context, cdp, vaultId) => resetAuction(context.walletClient, { engine: cdp.engine, vaultId }),
  said: ({ auction }, sent, vaultId) =>
    `Restarted the auction of vault ${vaultId} in ${sent.hash} at ${perToken(sent.topPrice, auction.type.decimals)} per ${auction.type.symbol ?? "collateral"}; you earned ${formatAmount(sent.keeperReward, KUSD.decimals, 6)} kUSD.`,
  json: (_plan, { topPrice, keeperReward }) => ({ topPrice, keeperReward }),
};

/** An auction operation with its types erased: what a command needs to run it. */
type AuctionCommand = {
  description: string;
  options?: (command: Command) => Command;
  run: (context: SignerContext, id: string, options: AuctionOptions) => Promise<void>;
};

function auctionCommand<Plan, Sent extends WriteReturnType>(operation: AuctionOperation<Plan, Sent>): AuctionCommand {
  return {
    description: operation.description,
    options: operation.options,
    run: (context, id, options) => runTransaction(context, auctionTransaction(operation, context, id, options)),
  };
}

/** `keel auction start|take|reset`, one command per operation. */
const AUCTION_OPERATIONS: Record<"start" | "take" | "reset", AuctionCommand> = {
  start: auctionCommand(start),
  take: auctionCommand(take),
  reset: auctionCommand(reset),
};

/**
 * The vaults below their minimum ratio that have debt and no auction running: anyone may start theirs.
 * Every vault the engine opened is read (ids 1 to vaultCount), at one block; with an indexer, only the
 * candidates it names are.
 */
async function unsafeVaults(
  context: KeelContext,
  engine: Address,
  blockNumber: bigint,
  indexer: IndexerLink | undefined,
): Promise<VaultInfo[]> {
  let ids: bigint[];
  if (indexer) {
    // The indexer's candidates (with a margin for fees accrued since), confirmed by the engine below.
    const { vaults } = await askIndexer<{ vaults: { id: string }[] }>(indexer, "/v1/vaults/unsafe");
    ids = vaults.map((v) => BigInt(v.id));
  } else {
    const count = await context.publicClient.readContract({
      address: engine,
      abi: cdpEngineAbi,
      functionName: "vaultCount",
      blockNumber,
    });
    ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  }
  const vaults = await Promise.all(
    ids.map((vaultId) => getVault(context.publicClient, { engine, vaultId, blockNumber })),
  );
  return vaults.filter((vault) => vault.debt > 0n && vault.isSafe === false && vault.auction === undefined);
}

/** The auctions the indexer lists as running, each read from the engine at `blockNumber`. */
async function runningAuctions(
  context: KeelContext,
  engine: Address,
  blockNumber: bigint,
  indexer: IndexerLink,
): Promise<AuctionInfo[]> {
  const { auctions } = await askIndexer<{ auctions: { vaultId: string }[] }>(indexer, "/v1/auctions?status=active");
  const ids = [...new Set(auctions.map((a) => BigInt(a.vaultId)))].sort((a, b) => (a < b ? -1 : 1));
  const read = await Promise.all(
    ids.map((vaultId) => getAuction(context.publicClient, { engine, vaultId, blockNumber })),
  );
  return read.filter((auction): auction is AuctionInfo => auction !== undefined);
}

/** `keel auctions` and `keel auction start|take|reset`. */
export function registerAuctions(program: Command): void {
  program
    .command("auctions")
    .description(
      "List the kUSD engine's running auctions (collateral left, tab, current price, staleness) and the vaults that can be sent to one.",
    )
    .option(
      "--indexer <url>",
      "ask this indexer which vaults to read instead of scanning the chain (default on a devnet: the one npm start runs, if it answers)",
    )
    .option("--no-indexer", "scan the chain even when an indexer answers")
    .action(
      action(async (options: { indexer?: string | boolean }, command: Command) => {
        const context = await readContext(command.optsWithGlobals<GlobalOptions>());
        const cdp = requireCdp(context);
        // Running auctions and the vaults that could start one, at the same block: the indexer's, when
        // one follows this deployment, so its lists and the engine's reads describe the same state.
        const indexer = await findIndexer(context, options.indexer);
        const chainHead = await context.publicClient.getBlockNumber();
        const blockNumber = indexer && indexer.head < chainHead ? indexer.head : chainHead;
        const [auctions, unsafe] = await Promise.all([
          indexer
            ? runningAuctions(context, cdp.engine, blockNumber, indexer)
            : getAuctions(context.publicClient, {
                engine: cdp.engine,
                fromBlock: BigInt(context.deployment.startBlock),
                blockNumber,
              }),
          unsafeVaults(context, cdp.engine, blockNumber, indexer),
        ]);
        if (context.json) {
          console.log(
            toJson({
              source: indexer ? `indexer ${indexer.url}` : "chain",
              blockNumber,
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
  const auction = program.command("auction").description("Start, take from or reset a kUSD auction.");
  for (const [name, operation] of Object.entries(AUCTION_OPERATIONS)) {
    const command = auction
      .command(name)
      .description(operation.description)
      .argument("<vault>", "the auction's vault id");
    operation.options?.(command);
    command.action(
      action(async (id: string, options: AuctionOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await operation.run(context, id, options);
      }),
    );
  }
}
