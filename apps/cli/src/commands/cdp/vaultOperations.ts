import { type CdpVault, type CollateralTypeInfo, getCollateralType, getTokenBalance, getVault } from "@keel/sdk";
import type { Command } from "commander";
import type { Address } from "viem";
import {
  CDP_SAFETY_SECONDS,
  type CheckedPayment,
  checkPayment,
  expectedTime,
  findCollateralType,
  KUSD,
  kusdTransaction,
  type NamedCollateralType,
  parseVaultId,
  readVault,
  requireCdp,
  requireVaultActor,
  type SentWithApproval,
} from "../../lib/cdp.ts";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatBps } from "../../lib/format.ts";
import { type AmountInput, checkAmountForm, parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";
import { type PreviewRow, runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";
import {
  collateralText,
  type Figures,
  keepsAtLeast,
  kusdText,
  parseMinRatio,
  ratioText,
  targetRatio,
  thinRatioWarnings,
  vaultRows,
} from "../../lib/vaultRatio.ts";

import {
  type AmountOption,
  type Amounts,
  type Done,
  OPERATIONS,
  type OperationName,
  type Sized,
  type Sizing,
  type Unit,
  type VaultOperation,
} from "./vaultOperationSpecs.ts";

/** The options of one vault command, as commander gives them. */
type VaultOptions = Partial<Record<AmountOption, string>> & { type?: string; receiver?: string; minRatio?: string };

/** A vault operation planned: sized, its payment checked, ready to preview and send. */
type VaultPlan = {
  sizing: Sizing;
  sized: Sized;
  /** A "max" was sized to keep the target ratio. */
  kept: boolean;
  receiver: Address;
  payment: CheckedPayment | undefined;
};

/** Whether the operation's "max" keeps a ratio, so it takes --min-ratio. */
function takesMinRatio(operation: VaultOperation): boolean {
  return operation.amounts.some((spec) => spec.keeps);
}

/** The collateral type's token, or kUSD, as a payment or a balance needs it. */
function tokenOf(unit: Unit, type: CollateralTypeInfo, kusd: Address) {
  return unit === "kUSD"
    ? { token: kusd, symbol: KUSD.symbol, decimals: KUSD.decimals }
    : { token: type.token, symbol: type.symbol ?? "collateral", decimals: type.decimals };
}

/** Parses the amounts typed for `operation` in the collateral's decimals (or checks their form, when unknown yet). */
function parseAmounts(
  operation: VaultOperation,
  options: VaultOptions,
  collateral: Pick<NamedCollateralType, "symbol" | "decimals"> | undefined,
): Partial<Record<AmountOption, AmountInput>> {
  const parsed: Partial<Record<AmountOption, AmountInput>> = {};
  for (const spec of operation.amounts) {
    const text = spec.required ? requireOption(options[spec.option], `--${spec.option}`) : options[spec.option];
    if (text === undefined) continue;
    if (spec.unit === "kUSD") parsed[spec.option] = parseAmount(text, KUSD.decimals, KUSD.symbol);
    else if (collateral) parsed[spec.option] = parseAmount(text, collateral.decimals, collateral.symbol);
    else checkAmountForm(text, `--${spec.option}`, "collateral tokens");
  }
  return parsed;
}

/** Works out each amount typed: "max" as the table says, at the moment it is sized for. */
async function resolveAmounts(
  operation: VaultOperation,
  sizing: Sizing,
  parsed: Partial<Record<AmountOption, AmountInput>>,
): Promise<Amounts> {
  const amounts: Amounts = {};
  for (const spec of operation.amounts) {
    const input = parsed[spec.option];
    if (input === undefined) continue;
    if (input.kind === "exact") {
      amounts[spec.option] = { units: input.units, at: sizing.now, max: false };
      continue;
    }
    // Fees accrue until the transaction is mined: a "max" they shrink is sized a minute ahead.
    const at = spec.maxAhead ? sizing.now + CDP_SAFETY_SECONDS : sizing.now;
    const units = await spec.max(sizing, at, amounts);
    if (units === 0n && spec.nothing) throw new UsageError(spec.nothing(sizing, amounts));
    amounts[spec.option] = { units, at, max: true };
  }
  return amounts;
}

/**
 * The one transaction flow of every vault operation, built from its row of OPERATIONS: inputs checked
 * before the chain is asked, the sender checked as the engine would, the amount sized with the SDK's
 * math ("max" keeping the target ratio), the wallet checked, then the preview (with the debt, ratio and
 * liquidation price after, and a warning for a thin ratio), the SDK call, and the vault read back.
 */
function vaultTransaction(
  name: OperationName,
  context: SignerContext,
  id: string | undefined,
  options: VaultOptions,
): TransactionDescriptor<VaultPlan, SentWithApproval<Done>> {
  const operation = OPERATIONS[name];
  const { engine, kusd } = requireCdp(context);
  const sender = context.account.address;
  // Typing mistakes are refused before the chain is asked.
  const where: { opening: NamedCollateralType } | { vaultId: bigint } = operation.opens
    ? { opening: findCollateralType(context, requireOption(options.type, "--type")) }
    : { vaultId: parseVaultId(id ?? "") };
  const receiver = options.receiver ? parseAddress(options.receiver, "--receiver") : sender;
  parseAmounts(operation, options, "opening" in where ? where.opening : undefined);
  if (takesMinRatio(operation) && options.minRatio !== undefined) parseMinRatio(options.minRatio);

  return kusdTransaction(context, {
    plan: async () => {
      let vault: CdpVault;
      let type: CollateralTypeInfo;
      let before: Figures | undefined;
      if ("opening" in where) {
        type = await getCollateralType(context.publicClient, { engine, typeId: where.opening.id });
        vault = { owner: sender, typeId: Number(where.opening.id), collateral: 0n, normalizedDebt: 0n };
      } else {
        const read = await readVault(context, engine, where.vaultId);
        await requireVaultActor(context, engine, read, operation.who);
        ({ type } = read);
        vault = read;
        before = { collateral: read.collateral, debt: read.debt };
      }
      const sizing: Sizing = {
        id: "vaultId" in where ? where.vaultId : undefined,
        vault,
        type,
        before,
        target: targetRatio(type, takesMinRatio(operation) ? options.minRatio : undefined),
        now: await expectedTime(context, type.timestamp),
        balance: (unit) =>
          getTokenBalance(context.publicClient, { token: tokenOf(unit, type, kusd).token, account: sender }),
      };
      const parsed = parseAmounts(operation, options, { symbol: type.symbol ?? "collateral", decimals: type.decimals });
      const amounts = await resolveAmounts(operation, sizing, parsed);
      const sized = operation.size(sizing, amounts);
      const kept = operation.amounts.some((spec) => spec.keeps && amounts[spec.option]?.max);
      // A --min-ratio typed with an exact amount is a limit too.
      if (sizing.target.explicit && !keepsAtLeast(sized.after, type, sizing.target.bps))
        throw new UsageError(
          `This would leave the vault's collateral ratio at ${ratioText(sized.after, type)}, below your --min-ratio of ${formatBps(sizing.target.bps)}; ask for less, or lower --min-ratio.`,
        );
      const pays = operation.pays;
      const payment =
        pays === undefined || sized.pays === 0n
          ? undefined
          : await checkPayment(context, {
              ...tokenOf(pays.unit, type, kusd),
              amount: sized.pays,
              spender: pays.pulled ? { address: engine, name: "the engine" } : undefined,
            });
      return { sizing, sized, kept, receiver, payment };
    },
    preview: ({ sizing, sized, kept, receiver }) => [
      ...operation.rows(sizing, sized),
      ...(operation.receiver && receiver !== sender ? ([["Receiver", receiver]] as PreviewRow[]) : []),
      ...(kept
        ? ([["Max keeps", `a collateral ratio of ${formatBps(sizing.target.bps)} or more`]] as PreviewRow[])
        : []),
      ...vaultRows(sizing.type, sizing.before, sized.after),
    ],
    warnings: ({ sizing, sized }) => thinRatioWarnings(sizing.type, sized.after),
    json: ({ sizing, kept }) => ({
      operation: name,
      vaultId: sizing.id,
      ...(kept ? { keptRatioBps: sizing.target.bps } : {}),
    }),
    send: ({ sizing, sized, receiver }) =>
      operation.call(context.walletClient, {
        engine,
        vaultId: sizing.id ?? 0n,
        typeId: sizing.type.id,
        sized,
        receiver,
      }),
    report: async ({ sized, sizing }, done) => {
      const after = await getVault(context.publicClient, { engine, vaultId: done.vaultId });
      const state = `Vault ${done.vaultId}: ${collateralText(after.collateral, after.type)}, debt ${kusdText(after.debt)}, ratio ${ratioText(after, after.type)}.`;
      return {
        sentence: `${operation.past} ${operation.said(done, sized, sizing.type)}. ${state}`,
        json: {
          operation: name,
          vaultId: done.vaultId,
          hash: done.hash,
          ...operation.json(done, sized),
          collateral: after.collateral,
          debt: after.debt,
          ratio: after.ratio,
        },
      };
    },
  });
}

/** `keel vault open|deposit|withdraw|mint|repay|close`, one command per row of OPERATIONS. */
export function registerVaultOperations(vault: Command): void {
  for (const [name, operation] of Object.entries(OPERATIONS) as [OperationName, VaultOperation][]) {
    const command = vault.command(name).description(operation.description);
    if (operation.opens) command.option("--type <symbol|id>", "collateral type, e.g. ETH, wstETH, or its id");
    else command.argument("<vault>", "the vault id");
    for (const spec of operation.amounts) command.option(`--${spec.option} <amount>`, spec.help);
    if (takesMinRatio(operation))
      command.option(
        "--min-ratio <percent>",
        '"max" keeps the collateral ratio at or above this (default: the type\'s minimum plus 10 points)',
      );
    if (operation.receiver) command.option("--receiver <address>", "who receives it (default: you)");
    command.action(
      action(async (...args: unknown[]) => {
        // commander passes the <vault> argument first when there is one, then the options and the command.
        const command = args.at(-1) as Command;
        const options = args.at(-2) as VaultOptions;
        const id = operation.opens ? undefined : (args[0] as string);
        const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
        await runTransaction(context, vaultTransaction(name, context, id, options));
      }),
    );
  }
}
