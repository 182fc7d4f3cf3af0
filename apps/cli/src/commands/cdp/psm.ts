import {
  ensureAllowance,
  getPsm,
  getTokenBalance,
  type PsmInfo,
  previewBuyGem,
  previewSellGem,
  psmBuyGem,
  psmSellGem,
} from "@keel/sdk";
import type { Command } from "commander";
import { explainPredicted, findPegModule, KUSD, requireCdp } from "../../lib/cdp.ts";
import { confirm } from "../../lib/confirm.ts";
import { type GlobalOptions, readContext, readSignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatBps, toJson } from "../../lib/format.ts";
import { checkAmountForm, parseAmount, requireOption } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";
import { renderPairs } from "../../lib/table.ts";

function state(psm: PsmInfo): string {
  if (psm.frozen) return "frozen by its guardian";
  if (psm.depegged === undefined) return "the stablecoin's oracle gives no price";
  return psm.depegged ? "stopped: the stablecoin is off its peg" : "live";
}

type SwapOptions = { sell?: string; buy?: string; amount?: string };

async function runSwap(options: SwapOptions, command: Command) {
  const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
  requireCdp(context);
  if ((options.sell === undefined) === (options.buy === undefined))
    throw new UsageError("Give exactly one of --sell <stablecoin> (for kUSD) and --buy <stablecoin> (with kUSD).");
  const selling = options.sell !== undefined;
  const module = findPegModule(context, options.sell ?? options.buy);
  // The amount is checked before the chain is asked, in the manifest's decimals for the stablecoin.
  const listed = context.deployment.tokens[module.gem];
  if (listed) parseAmount(requireOption(options.amount, "--amount"), listed.decimals, listed.symbol);
  else checkAmountForm(options.amount, "--amount", module.gem);
  const psm = await getPsm(context.publicClient, { psm: module.address });
  const gem = { symbol: psm.gemSymbol ?? module.gem, decimals: psm.gemDecimals };
  const parsed = parseAmount(requireOption(options.amount, "--amount"), gem.decimals, gem.symbol);
  const sender = context.account.address;
  const amount =
    parsed.kind === "exact"
      ? parsed.units
      : selling
        ? await getTokenBalance(context.publicClient, { token: psm.gem, account: sender })
        : psm.gemHeld;
  let quote: ReturnType<typeof previewSellGem>;
  try {
    quote = selling ? previewSellGem(psm, amount) : previewBuyGem(psm, amount);
  } catch (error) {
    explainPredicted(error, gem);
  }
  const [payToken, payAmount, payDecimals, paySymbol] = selling
    ? [psm.gem, amount, gem.decimals, gem.symbol]
    : [requireCdp(context).kusd, quote.kusd, KUSD.decimals, KUSD.symbol];
  const balance = await getTokenBalance(context.publicClient, { token: payToken, account: sender });
  if (balance < payAmount)
    throw new UsageError(
      `You hold ${formatAmount(balance, payDecimals)} ${paySymbol}; this swap needs ${formatAmount(payAmount, payDecimals)} ${paySymbol}.`,
    );
  const gemText = `${formatAmount(amount, gem.decimals)} ${gem.symbol}`;
  const kusdText = `${formatAmount(quote.kusd, KUSD.decimals, 6)} kUSD`;
  if (!context.json) {
    console.log(
      renderPairs([
        ["Operation", selling ? `sell ${gemText} for ${kusdText}` : `buy ${gemText} for ${kusdText}`],
        [
          "Fee",
          `${formatAmount(quote.fee, KUSD.decimals, 6)} kUSD (${formatBps(Number(selling ? psm.feeInBps : psm.feeOutBps))})`,
        ],
        ["Signer", `${sender} (${context.accountSource})`],
      ]),
    );
  }
  if (!context.yes) await confirm("Send this transaction?");
  const client = context.walletClient;
  if (selling) await ensureAllowance(client, { token: psm.gem, spender: module.address, amount });
  const sent = selling
    ? await psmSellGem(client, { psm: module.address, amount })
    : await psmBuyGem(client, { psm: module.address, amount });
  const kusd = "kusdOut" in sent ? sent.kusdOut : sent.kusdIn;
  if (context.json)
    console.log(
      toJson({ operation: selling ? "sellGem" : "buyGem", hash: sent.hash, gemAmount: amount, kusd, fee: sent.fee }),
    );
  else
    console.log(
      `${selling ? "Sold" : "Bought"} ${gemText} for ${formatAmount(kusd, KUSD.decimals, 6)} kUSD in ${sent.hash} (fee ${formatAmount(sent.fee, KUSD.decimals, 6)} kUSD).`,
    );
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
    .action(action((options: SwapOptions, command: Command) => runSwap(options, command)));
}
