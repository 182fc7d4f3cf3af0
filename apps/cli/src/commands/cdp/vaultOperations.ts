import {
  type CollateralTypeInfo,
  closeVault,
  collateralRatio,
  currentRate,
  debtOf,
  depositVaultCollateral,
  ensureAllowance,
  getCollateralType,
  getIsVaultOperator,
  getTokenBalance,
  getVault,
  keelErrorSentences,
  MAX_UINT256,
  mintKusd,
  openVault,
  previewMint,
  previewRepay,
  previewWithdraw,
  repayKusd,
  type VaultInfo,
  vaultMaxMint,
  vaultMaxWithdraw,
  withdrawVaultCollateral,
} from "@keel/sdk";
import type { Command } from "commander";
import { type Address, isAddressEqual } from "viem";
import {
  CDP_SAFETY_SECONDS,
  explainPredicted,
  findCollateralType,
  KUSD,
  parseVaultId,
  readVault,
  requireCdp,
} from "../../lib/cdp.ts";
import { confirm } from "../../lib/confirm.ts";
import { type GlobalOptions, readSignerContext, type SignerContext } from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatAmount, formatPercent, toJson } from "../../lib/format.ts";
import { checkAmountForm, parseAddress, parseAmount, requireOption } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";
import { renderPairs } from "../../lib/table.ts";

type VaultOperation = "deposit" | "withdraw" | "mint" | "repay" | "close";
type OperationOptions = { amount?: string; receiver?: string };

/** A vault's state as the preview shows it: collateral and debt, before or after. */
type Figures = { collateral: bigint; debt: bigint };

const PAST: Record<VaultOperation, string> = {
  deposit: "Deposited",
  withdraw: "Withdrew",
  mint: "Minted",
  repay: "Repaid",
  close: "Closed",
};

/** The price a preview needs, or the oracle's refusal as a sentence (the engine refuses too). */
function requirePrice(type: CollateralTypeInfo, doing: string): bigint {
  if (type.price === undefined)
    throw new UsageError(`The ${type.symbol} oracle gives no price, so ${doing} would fail: ${type.priceError}`);
  return type.price;
}

function ratioText(figures: Figures, price: bigint | undefined): string {
  if (figures.debt === 0n) return "no debt";
  return price === undefined ? "no price" : formatPercent(collateralRatio(figures.collateral, figures.debt, price));
}

function collateralText(units: bigint, type: CollateralTypeInfo): string {
  return `${formatAmount(units, type.decimals)} ${type.symbol ?? "collateral"}`;
}

function kusdText(units: bigint): string {
  return `${formatAmount(units, KUSD.decimals, 6)} ${KUSD.symbol}`;
}

/** Refuses an operation the sender cannot pay for, before anything is sent. */
async function requireBalance(
  context: SignerContext,
  token: Address,
  needed: bigint,
  symbol: string,
  decimals: number,
) {
  const balance = await getTokenBalance(context.publicClient, { token, account: context.account.address });
  if (balance < needed) {
    throw new UsageError(
      `You hold ${formatAmount(balance, decimals)} ${symbol}; this needs ${formatAmount(needed, decimals)} ${symbol}.`,
    );
  }
}

/** The amount an operation moves and the vault after it, from the SDK's math (the engine's own checks). */
async function plan(
  kind: VaultOperation,
  vault: VaultInfo,
  text: string | undefined,
  balance: () => Promise<bigint>,
): Promise<{ amount: bigint; all: boolean; after: Figures }> {
  const { type } = vault;
  const now = type.timestamp;
  // Fees accrue until the transaction is mined: "max" is sized a minute ahead.
  const ahead = now + CDP_SAFETY_SECONDS;
  const symbol = type.symbol ?? "collateral";
  const predicted = <result>(fn: () => result): result => {
    try {
      return fn();
    } catch (error) {
      explainPredicted(error, { symbol, decimals: type.decimals });
    }
  };
  switch (kind) {
    case "deposit": {
      const parsed = parseAmount(requireOption(text, "--amount"), type.decimals, symbol);
      const finish = (amount: bigint) => ({
        amount,
        all: false,
        after: { collateral: vault.collateral + amount, debt: vault.debt },
      });
      if (parsed.kind === "exact") return finish(parsed.units);
      const held = await balance();
      if (held === 0n) throw new UsageError(`You hold no ${symbol} to deposit.`);
      return finish(held);
    }
    case "withdraw": {
      const parsed = parseAmount(requireOption(text, "--amount"), type.decimals, symbol);
      let amount: bigint;
      if (parsed.kind === "exact") amount = parsed.units;
      else {
        const debt = debtOf(vault.normalizedDebt, currentRate(type, ahead));
        amount =
          debt === 0n
            ? vault.collateral
            : vaultMaxWithdraw(vault.collateral, debt, requirePrice(type, "withdrawing"), type.minRatioBps);
        if (amount === 0n)
          throw new UsageError("The vault's debt needs all its collateral: nothing can be withdrawn now.");
      }
      const price = vault.normalizedDebt === 0n ? 0n : requirePrice(type, "withdrawing");
      const after = predicted(() =>
        previewWithdraw(vault, type, { amount, price, timestamp: parsed.kind === "max" ? ahead : now }),
      );
      return { amount, all: false, after: { collateral: after.collateral, debt: vault.debt } };
    }
    case "mint": {
      const parsed = parseAmount(requireOption(text, "--amount"), KUSD.decimals, KUSD.symbol);
      const price = requirePrice(type, "minting");
      const at = parsed.kind === "max" ? ahead : now;
      const amount = parsed.kind === "exact" ? parsed.units : vaultMaxMint(vault, type, currentRate(type, at), price);
      if (amount === 0n)
        throw new UsageError("This vault cannot mint any more kUSD now: add collateral or repay first.");
      const out = predicted(() => previewMint(vault, type, { typeId: type.id, amount, price, timestamp: at }));
      return { amount, all: false, after: { collateral: vault.collateral, debt: out.debt } };
    }
    case "repay": {
      const parsed = parseAmount(requireOption(text, "--amount"), KUSD.decimals, KUSD.symbol);
      if (vault.normalizedDebt === 0n) throw new UsageError(`Vault ${vault.id} owes nothing.`);
      const all = parsed.kind === "max";
      const out = predicted(() =>
        previewRepay(vault, type, { amount: all ? MAX_UINT256 : parsed.units, timestamp: all ? ahead : now }),
      );
      return { amount: out.repaid, all, after: { collateral: vault.collateral, debt: out.debt } };
    }
    case "close": {
      const debt = debtOf(vault.normalizedDebt, currentRate(type, ahead));
      return { amount: debt, all: true, after: { collateral: 0n, debt: 0n } };
    }
  }
}

async function runVaultOperation(kind: VaultOperation, id: string, options: OperationOptions, command: Command) {
  const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
  const { engine, kusd } = requireCdp(context);
  const vaultId = parseVaultId(id);
  const receiver = options.receiver ? parseAddress(options.receiver, "--receiver") : context.account.address;
  // The amount's form is checked before the chain is asked; its decimals once the vault's collateral is known.
  if (kind === "mint" || kind === "repay")
    parseAmount(requireOption(options.amount, "--amount"), KUSD.decimals, KUSD.symbol);
  else if (kind !== "close") checkAmountForm(options.amount, "--amount", "collateral tokens");
  const vault = await readVault(context, engine, vaultId);
  const { type } = vault;
  const symbol = type.symbol ?? "collateral";
  const sender = context.account.address;
  // The engine checks who may act before anything else: withdraw, mint and close are the owner's or an operator's.
  if (
    (kind === "withdraw" || kind === "mint" || kind === "close") &&
    !isAddressEqual(vault.owner, sender) &&
    !(await getIsVaultOperator(context.publicClient, { engine, owner: vault.owner, operator: sender }))
  ) {
    throw new UsageError(keelErrorSentences.NotVaultOwner({ caller: sender, owner: vault.owner }, {}));
  }
  const planned = await plan(kind, vault, options.amount, () =>
    getTokenBalance(context.publicClient, { token: type.token, account: sender }),
  );
  if (kind === "deposit") await requireBalance(context, type.token, planned.amount, symbol, type.decimals);
  if (kind === "repay" || kind === "close")
    await requireBalance(context, kusd, planned.amount, KUSD.symbol, KUSD.decimals);

  const amountText =
    kind === "deposit" || kind === "withdraw"
      ? collateralText(planned.amount, type)
      : kind === "close"
        ? `${kusdText(planned.amount)} repaid (at most), ${collateralText(vault.collateral, type)} returned`
        : kusdText(planned.amount);
  const before = { collateral: vault.collateral, debt: vault.debt };
  if (!context.json) {
    console.log(
      renderPairs([
        ["Operation", `${kind} (vault ${vaultId}, ${symbol})`],
        ["Amount", planned.all && kind === "repay" ? `all: about ${amountText}` : amountText],
        ["Signer", `${sender} (${context.accountSource})`],
        ...(receiver !== sender && (kind === "withdraw" || kind === "mint" || kind === "close")
          ? ([["Receiver", receiver]] as [string, string][])
          : []),
        ["Debt", `${kusdText(before.debt)} → ${kusdText(planned.after.debt)}`],
        [
          "Collateral ratio",
          `${ratioText(before, type.price)} → ${ratioText(planned.after, type.price)} (minimum ${formatPercent(type.minRatio)})`,
        ],
      ]),
    );
  }
  if (!context.yes) await confirm("Send this transaction?");

  const client = context.walletClient;
  let moved: bigint;
  let hash: `0x${string}`;
  switch (kind) {
    case "deposit":
      await ensureAllowance(client, { token: type.token, spender: engine, amount: planned.amount });
      ({ hash } = await depositVaultCollateral(client, { engine, vaultId, amount: planned.amount }));
      moved = planned.amount;
      break;
    case "withdraw":
      ({ hash } = await withdrawVaultCollateral(client, { engine, vaultId, amount: planned.amount, receiver }));
      moved = planned.amount;
      break;
    case "mint": {
      const sent = await mintKusd(client, { engine, vaultId, amount: planned.amount, receiver });
      [hash, moved] = [sent.hash, sent.amount];
      break;
    }
    case "repay": {
      const sent = planned.all
        ? await repayKusd(client, { engine, vaultId, all: true })
        : await repayKusd(client, { engine, vaultId, amount: planned.amount });
      [hash, moved] = [sent.hash, sent.repaid];
      break;
    }
    case "close": {
      const sent = await closeVault(client, { engine, vaultId, receiver });
      [hash, moved] = [sent.hash, sent.repaid];
      break;
    }
  }
  const after = await getVault(context.publicClient, { engine, vaultId });
  if (context.json) {
    console.log(
      toJson({
        operation: kind,
        vaultId,
        hash,
        amount: moved,
        collateral: after.collateral,
        debt: after.debt,
        ratio: after.ratio,
      }),
    );
    return;
  }
  const what = kind === "deposit" || kind === "withdraw" ? collateralText(moved, type) : kusdText(moved);
  const state = `Vault ${vaultId}: ${collateralText(after.collateral, type)}, debt ${kusdText(after.debt)}, ratio ${ratioText(after, type.price)}.`;
  console.log(
    kind === "close"
      ? `${PAST[kind]} vault ${vaultId} in ${hash}, repaying ${what}. ${state}`
      : `${PAST[kind]} ${what} in ${hash}. ${state}`,
  );
}

type OpenOptions = { type?: string; collateral?: string; mint?: string };

async function runOpen(options: OpenOptions, command: Command) {
  const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
  const { engine } = requireCdp(context);
  const named = findCollateralType(context, requireOption(options.type, "--type"));
  const sender = context.account.address;
  // The inputs are checked before anything is read from the chain.
  const collateralInput =
    options.collateral === undefined ? undefined : parseAmount(options.collateral, named.decimals, named.symbol);
  const mintInput = options.mint === undefined ? undefined : parseAmount(options.mint, KUSD.decimals, KUSD.symbol);
  const type = await getCollateralType(context.publicClient, { engine, typeId: named.id });
  let collateral = 0n;
  if (collateralInput !== undefined) {
    collateral =
      collateralInput.kind === "exact"
        ? collateralInput.units
        : await getTokenBalance(context.publicClient, { token: named.token, account: sender });
    await requireBalance(context, named.token, collateral, named.symbol, named.decimals);
  }
  const fresh = { owner: sender, typeId: Number(named.id), collateral, normalizedDebt: 0n };
  let debt = 0n;
  if (mintInput !== undefined) {
    const parsed = mintInput;
    const price = requirePrice(type, "minting");
    const at = parsed.kind === "max" ? type.timestamp + CDP_SAFETY_SECONDS : type.timestamp;
    debt = parsed.kind === "exact" ? parsed.units : vaultMaxMint(fresh, type, currentRate(type, at), price);
    if (debt === 0n)
      throw new UsageError(`${formatAmount(collateral, named.decimals)} ${named.symbol} cannot back any kUSD.`);
    try {
      previewMint(fresh, type, { typeId: named.id, amount: debt, price, timestamp: at });
    } catch (error) {
      explainPredicted(error, named);
    }
  }
  if (!context.json) {
    console.log(
      renderPairs([
        ["Operation", `open a ${named.symbol} vault (type ${named.id})`],
        ["Collateral", `${formatAmount(collateral, named.decimals)} ${named.symbol}`],
        ["Mint", kusdText(debt)],
        ["Signer", `${sender} (${context.accountSource})`],
        [
          "Collateral ratio",
          `${ratioText({ collateral, debt }, type.price)} (minimum ${formatPercent(type.minRatio)})`,
        ],
      ]),
    );
  }
  if (!context.yes) await confirm("Send this transaction?");
  if (collateral > 0n)
    await ensureAllowance(context.walletClient, { token: named.token, spender: engine, amount: collateral });
  const opened = await openVault(context.walletClient, { engine, typeId: named.id, collateral, debt });
  if (context.json)
    console.log(toJson({ operation: "open", vaultId: opened.vaultId, hash: opened.hash, collateral, debt }));
  else
    console.log(
      `Opened vault ${opened.vaultId} in ${opened.hash} with ${formatAmount(collateral, named.decimals)} ${named.symbol}${debt > 0n ? ` and minted ${kusdText(debt)}` : ""}.`,
    );
}

/** `keel vault open|deposit|withdraw|mint|repay|close`. */
export function registerVaultOperations(vault: Command): void {
  vault
    .command("open")
    .description("Open a vault of one collateral type; optionally deposit and mint kUSD at once.")
    .option("--type <symbol|id>", "collateral type, e.g. ETH, wstETH, or its id")
    .option("--collateral <amount>", 'collateral to deposit, in whole tokens, or "max" (your balance)')
    .option("--mint <amount>", 'kUSD to mint, or "max" (the most the collateral allows)')
    .action(action((options: OpenOptions, command: Command) => runOpen(options, command)));

  const operations: [VaultOperation, string, string][] = [
    [
      "deposit",
      "Add collateral to a vault (anyone may add to any vault).",
      'collateral in whole tokens, or "max" (your balance)',
    ],
    [
      "withdraw",
      "Take collateral out of your vault, if its debt allows.",
      'collateral in whole tokens, or "max" (the most that stays safe)',
    ],
    ["mint", "Mint kUSD against your vault.", 'kUSD, or "max" (the most the vault allows)'],
    [
      "repay",
      "Repay kUSD debt of a vault (anyone may repay any vault).",
      'kUSD, or "max" (all of it, to the last wei)',
    ],
  ];
  for (const [kind, description, amountHelp] of operations) {
    const command = vault
      .command(kind)
      .description(description)
      .argument("<vault>", "the vault id")
      .option("--amount <amount>", amountHelp);
    if (kind === "withdraw" || kind === "mint")
      command.option("--receiver <address>", "who receives it (default: you)");
    command.action(
      action((id: string, options: OperationOptions, command: Command) =>
        runVaultOperation(kind, id, options, command),
      ),
    );
  }
  vault
    .command("close")
    .description("Repay all of a vault's debt from your kUSD and take all its collateral back.")
    .argument("<vault>", "the vault id")
    .option("--receiver <address>", "who receives the collateral (default: you)")
    .action(
      action((id: string, options: OperationOptions, command: Command) =>
        runVaultOperation("close", id, options, command),
      ),
    );
}
