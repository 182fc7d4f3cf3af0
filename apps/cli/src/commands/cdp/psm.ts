import {
  getPsm,
  getTokenBalance,
  type KeelWalletClient,
  type PsmInfo,
  previewBuyGem,
  previewSellGem,
  psmBuyGem,
  psmSellGem,
  type WriteReturnType,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address } from "viem";
import {
  checkPayment,
  explainPredicted,
  findPegModule,
  KUSD,
  kusdTransaction,
  type PayingPlan,
  requireCdp,
  type SentWithApproval,
} from "../../lib/cdp.ts";
import { type GlobalOptions, readContext, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatBps, toJson } from "../../lib/format.ts";
import { checkAmountForm, parseAmount, requireOption } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";
import { renderPairs } from "../../lib/table.ts";
import { runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";

function state(psm: PsmInfo): string {
  if (psm.frozen) return "frozen by its guardian";
  if (psm.depegged === undefined) return "the stablecoin's oracle gives no price";
  return psm.depegged ? "stopped: the stablecoin is off its peg" : "live";
}

type SwapOptions = { sell?: string; buy?: string; amount?: string };
type Direction = "sell" | "buy";

/** A swap as the module reports it. */
type Swapped = WriteReturnType & { kusd: bigint; fee: bigint };

/** One direction of the peg module, described once; `swapTransaction` turns it into the transaction flow. */
type Swap = {
  /** The `operation` field of the JSON. */
  operation: string;
  /** What leaves the wallet, and whether the module pulls it (approved first) or burns it (kUSD). */
  pays: { token: "stablecoin" | "kUSD"; pulled: boolean };
  /** What "max" means: the most the wallet or the module allows. */
  max: (psm: PsmInfo, balance: () => Promise<bigint>) => Promise<bigint> | bigint;
  /** The SDK's quote: the module's own rounding and checks (frozen, off peg, cap, what it holds). */
  quote: (psm: PsmInfo, amount: bigint) => { kusd: bigint; fee: bigint };
  /** The fee of this direction, in basis points. */
  feeBps: (psm: PsmInfo) => bigint;
  /** The SDK call. */
  call: (client: KeelWalletClient, psm: Address, amount: bigint) => Promise<Swapped>;
  /** What the preview calls it, e.g. "sell 1,000 USDC for 999 kUSD". */
  verb: string;
  past: string;
};

const SWAPS: Record<Direction, Swap> = {
  sell: {
    operation: "sellGem",
    pays: { token: "stablecoin", pulled: true },
    max: (_psm, balance) => balance(),
    quote: previewSellGem,
    feeBps: (psm) => psm.feeInBps,
    call: async (client, psm, amount) => {
      const sent = await psmSellGem(client, { psm, amount });
      return { ...sent, kusd: sent.kusdOut };
    },
    verb: "sell",
    past: "Sold",
  },
  buy: {
    operation: "buyGem",
    pays: { token: "kUSD", pulled: false },
    max: (psm) => psm.gemHeld,
    quote: previewBuyGem,
    feeBps: (psm) => psm.feeOutBps,
    call: async (client, psm, amount) => {
      const sent = await psmBuyGem(client, { psm, amount });
      return { ...sent, kusd: sent.kusdIn };
    },
    verb: "buy",
    past: "Bought",
  },
};

type SwapPlan = PayingPlan & {
  psm: PsmInfo;
  gem: { symbol: string; decimals: number };
  amount: bigint;
  quote: { kusd: bigint; fee: bigint };
};

/** The one transaction flow of a swap in either direction, built from its row of SWAPS. */
function swapTransaction(
  context: SignerContext,
  options: SwapOptions,
): TransactionDescriptor<SwapPlan, SentWithApproval<Swapped>> {
  const cdp = requireCdp(context);
  if ((options.sell === undefined) === (options.buy === undefined))
    throw new UsageError("Give exactly one of --sell <stablecoin> (for kUSD) and --buy <stablecoin> (with kUSD).");
  const direction: Direction = options.sell === undefined ? "buy" : "sell";
  const swap = SWAPS[direction];
  const module = findPegModule(context, options.sell ?? options.buy);
  // The amount is checked before the chain is asked, in the manifest's decimals for the stablecoin.
  const listed = context.deployment.tokens[module.gem];
  if (listed) parseAmount(requireOption(options.amount, "--amount"), listed.decimals, listed.symbol);
  else checkAmountForm(options.amount, "--amount", module.gem);
  const sender = context.account.address;
  const gemText = (plan: SwapPlan) => `${formatAmount(plan.amount, plan.gem.decimals)} ${plan.gem.symbol}`;
  const kusdText = (units: bigint) => `${formatAmount(units, KUSD.decimals, 6)} kUSD`;
  return kusdTransaction<SwapPlan, Swapped>(context, {
    plan: async () => {
      const psm = await getPsm(context.publicClient, { psm: module.address });
      const gem = { symbol: psm.gemSymbol ?? module.gem, decimals: psm.gemDecimals };
      const parsed = parseAmount(requireOption(options.amount, "--amount"), gem.decimals, gem.symbol);
      const amount =
        parsed.kind === "exact"
          ? parsed.units
          : await swap.max(psm, () => getTokenBalance(context.publicClient, { token: psm.gem, account: sender }));
      let quote: { kusd: bigint; fee: bigint };
      try {
        quote = swap.quote(psm, amount);
      } catch (error) {
        explainPredicted(error, gem);
      }
      const paying =
        swap.pays.token === "kUSD"
          ? { token: cdp.kusd, symbol: KUSD.symbol, decimals: KUSD.decimals, amount: quote.kusd }
          : { token: psm.gem, ...gem, amount };
      const payment = await checkPayment(
        context,
        { ...paying, spender: swap.pays.pulled ? { address: module.address, name: "the peg module" } : undefined },
        (balance) =>
          `You hold ${formatAmount(balance, paying.decimals)} ${paying.symbol}; this swap needs ${formatAmount(paying.amount, paying.decimals)} ${paying.symbol}.`,
      );
      return { psm, gem, amount, quote, payment };
    },
    preview: (plan) => [
      ["Operation", `${swap.verb} ${gemText(plan)} for ${kusdText(plan.quote.kusd)}`],
      ["Fee", `${kusdText(plan.quote.fee)} (${formatBps(Number(swap.feeBps(plan.psm)))})`],
    ],
    json: () => ({ operation: swap.operation }),
    send: (plan) => swap.call(context.walletClient, module.address, plan.amount),
    report: async (plan, sent) => ({
      sentence: `${swap.past} ${gemText(plan)} for ${kusdText(sent.kusd)} in ${sent.hash} (fee ${kusdText(sent.fee)}).`,
      json: { operation: swap.operation, hash: sent.hash, gemAmount: plan.amount, kusd: sent.kusd, fee: sent.fee },
    }),
  });
}

/** `keel psm show|swap`: the peg stability module. */
export function registerPsm(program: Command): void {
  const psm = program
    .command("psm")
    .description("Swap a listed stablecoin and kUSD 1:1 (less a fee) in the peg stability module.");
  psm
    .command("show")
    .description("Show the peg module: fees, cap, kUSD minted, stablecoin held, and whether it is live.")
    .option("--gem <symbol>", "which module, by its stablecoin (default: the first)")
    .action(
      action(async (options: { gem?: string }, command: Command) => {
        const context = await readContext(command.optsWithGlobals<GlobalOptions>());
        requireCdp(context);
        const info = await getPsm(context.publicClient, { psm: findPegModule(context, options.gem).address });
        if (context.json) {
          console.log(toJson(info));
          return;
        }
        const gem = info.gemSymbol ?? "stablecoin";
        console.log(
          renderPairs([
            ["Module", `${info.address} (${gem} ⇄ kUSD)`],
            ["State", state(info)],
            ["Fee to sell / buy", `${formatBps(Number(info.feeInBps))} / ${formatBps(Number(info.feeOutBps))}`],
            [
              "kUSD minted / cap",
              `${formatAmount(info.minted, KUSD.decimals, 2)} / ${formatAmount(info.cap, KUSD.decimals, 2)}`,
            ],
            [`${gem} held`, formatAmount(info.gemHeld, info.gemDecimals)],
          ]),
        );
      }),
    );
  psm
    .command("swap")
    .description("Sell a stablecoin for kUSD (--sell USDC) or buy it with kUSD (--buy USDC).")
    .option("--sell <stablecoin>", "sell this stablecoin for kUSD")
    .option("--buy <stablecoin>", "buy this stablecoin with kUSD")
    .option("--amount <amount>", 'stablecoin amount in whole tokens, or "max" (your balance / all the module holds)')
    .action(
      action(async (options: SwapOptions, command: Command) => {
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await runTransaction(context, swapTransaction(context, options));
      }),
    );
}
