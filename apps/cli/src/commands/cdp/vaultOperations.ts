import {
  type CdpVault,
  type CollateralTypeInfo,
  closeVault,
  currentRate,
  debtOf,
  depositVaultCollateral,
  getCollateralType,
  getTokenBalance,
  getVault,
  type KeelWalletClient,
  MAX_UINT256,
  mintKusd,
  openVault,
  previewMint,
  previewRepay,
  previewWithdraw,
  repayKusd,
  type WriteReturnType,
  withdrawVaultCollateral,
} from "@keel/sdk";
import type { Command } from "commander";
import type { Address } from "viem";
import {
  CDP_SAFETY_SECONDS,
  type CheckedPayment,
  checkPayment,
  expectedTime,
  explainPredicted,
  findCollateralType,
  KUSD,
  kusdTransaction,
  type NamedCollateralType,
  parseVaultId,
  readVault,
  requireCdp,
  requireVaultActor,
  type SentWithApproval,
  type VaultActor,
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
  maxMintKeeping,
  maxWithdrawKeeping,
  parseMinRatio,
  ratioText,
  requirePrice,
  type TargetRatio,
  targetRatio,
  thinRatioWarnings,
  vaultRows,
} from "../../lib/vaultRatio.ts";

// Every vault operation is one row of OPERATIONS: who may act, which token it takes from the wallet and
// whether the engine pulls it (approved first) or burns it, what "max" means, the SDK's math that sizes
// it, the SDK call and its past tense. `vaultTransaction` turns a row into the CLI's one transaction flow.

type OperationName = "open" | "deposit" | "withdraw" | "mint" | "repay" | "close";
type Unit = "collateral" | "kUSD";
type AmountOption = "amount" | "collateral" | "mint";

/** What sizing an operation starts from: the vault (a new, empty one for open), its type, the time. */
type Sizing = {
  /** The vault id; undefined for a vault not yet opened. */
  id: bigint | undefined;
  vault: CdpVault;
  type: CollateralTypeInfo;
  /** The vault's collateral and debt now; undefined for a vault not yet opened. */
  before: Figures | undefined;
  /** The ratio "max" keeps (--min-ratio, else the minimum plus 10 points). */
  target: TargetRatio;
  /** When the transaction is expected to be mined (the pending block's time). */
  now: bigint;
  /** The sender's balance of the collateral or of kUSD. */
  balance: (unit: Unit) => Promise<bigint>;
};

/** An amount resolved: its units ("max" worked out) and the moment its outcome is predicted for. */
type Resolved = { units: bigint; at: bigint; max: boolean };
type Amounts = Partial<Record<AmountOption, Resolved>>;

/** An amount an operation takes: its option, its unit, and what "max" means for it. */
type AmountSpec = {
  option: AmountOption;
  unit: Unit;
  required: boolean;
  help: string;
  /** What "max" means, worked out at `at`; `earlier` holds the amounts listed before this one. */
  max: (sizing: Sizing, at: bigint, earlier: Amounts) => bigint | Promise<bigint>;
  /** Fees shrink this "max", so it is sized a minute ahead (CDP_SAFETY_SECONDS). */
  maxAhead: boolean;
  /** This "max" keeps the collateral ratio at the target, so --min-ratio applies. */
  keeps: boolean;
  /** The sentence when "max" comes to nothing; undefined when nothing is a fine answer. */
  nothing?: (sizing: Sizing, earlier: Amounts) => string;
};

/** An operation sized with the SDK's copy of the engine's rules. */
type Sized = {
  /** The SDK call's amount: collateral for open, deposit and withdraw; kUSD for mint and repay; the debt for close. */
  amount: bigint;
  /** kUSD open mints at once. */
  mint: bigint;
  /** Repays everything (repay max, close). */
  all: boolean;
  /** What leaves the sender's wallet (in the unit of the operation's `pays`). */
  pays: bigint;
  /** The vault after. */
  after: Figures;
};

/** What the SDK call needs. */
type Call = { engine: Address; vaultId: bigint; typeId: bigint; sized: Sized; receiver: Address };

/** What the SDK call did: the vault (new for open) and what moved, in the operation's unit. */
type Done = WriteReturnType & { vaultId: bigint; moved: bigint };

type VaultOperation = {
  description: string;
  /** Whether it opens a new vault (of --type) rather than acting on one (<vault>). */
  opens: boolean;
  /** Who the engine lets do it. */
  who: VaultActor;
  /** The amounts it takes, in order; none for close, which moves everything. */
  amounts: AmountSpec[];
  /** What it takes from the wallet: the collateral, which the engine pulls (approved first), or kUSD, which it burns. */
  pays?: { unit: Unit; pulled: boolean };
  /** Whether it sends tokens to the sender, so --receiver may send them elsewhere. */
  receiver: boolean;
  /** Checks what the engine checks with the SDK's math and gives the vault after. */
  size: (sizing: Sizing, amounts: Amounts) => Sized;
  /** The preview's first rows: the operation and its amounts. */
  rows: (sizing: Sizing, sized: Sized) => PreviewRow[];
  /** The SDK call. */
  call: (client: KeelWalletClient, call: Call) => Promise<Done>;
  past: string;
  /** The sentence after the past tense, e.g. "1 WETH in 0x…". */
  said: (done: Done, sized: Sized, type: CollateralTypeInfo) => string;
  /** The JSON fields of what moved. */
  json: (done: Done, sized: Sized) => Record<string, unknown>;
};

/** The SDK's math, with a revert it predicts turned into the engine's sentence (exit code 2). */
function predicted<Result>(type: CollateralTypeInfo, fn: () => Result): Result {
  try {
    return fn();
  } catch (error) {
    explainPredicted(error, { symbol: type.symbol ?? "collateral", decimals: type.decimals });
  }
}

/** An amount the table marks required (parseAmounts has refused its absence). */
function required(amounts: Amounts, option: AmountOption): Resolved {
  const resolved = amounts[option];
  if (resolved === undefined) throw new UsageError(`--${option} is required.`);
  return resolved;
}

/** What a refused "max" says when it keeps more than the minimum: the ratio it kept, and how to go lower. */
function keeping(sizing: Sizing): { clause: string; hint: string } {
  const { target, type } = sizing;
  if (target.bps <= type.minRatioBps) return { clause: "", hint: "" };
  return {
    clause: ` while keeping its collateral ratio at ${formatBps(target.bps)} or above`,
    hint: ` (--min-ratio ${formatBps(type.minRatioBps).replace(/\.00%$/, "")} goes down to the minimum)`,
  };
}

function operationRow(name: string, sizing: Sizing): PreviewRow {
  return ["Operation", `${name} (vault ${sizing.id}, ${sizing.type.symbol ?? "collateral"})`];
}

const MAX_KEEPING = 'or "max" (the most that keeps the collateral ratio at --min-ratio)';

const OPERATIONS: Record<OperationName, VaultOperation> = {
  open: {
    description: "Open a vault of one collateral type; optionally deposit and mint kUSD at once.",
    opens: true,
    who: "anyone",
    amounts: [
      {
        option: "collateral",
        unit: "collateral",
        required: false,
        help: 'collateral to deposit, in whole tokens, or "max" (your balance)',
        max: (sizing) => sizing.balance("collateral"),
        maxAhead: false,
        keeps: false,
      },
      {
        option: "mint",
        unit: "kUSD",
        required: false,
        help: `kUSD to mint, ${MAX_KEEPING}`,
        max: ({ vault, type, target }, at, earlier) =>
          maxMintKeeping({ ...vault, collateral: earlier.collateral?.units ?? 0n }, type, target, at),
        maxAhead: true,
        keeps: true,
        nothing: (sizing, earlier) =>
          `${collateralText(earlier.collateral?.units ?? 0n, sizing.type)} cannot back any kUSD${keeping(sizing).clause}.`,
      },
    ],
    pays: { unit: "collateral", pulled: true },
    receiver: false,
    size: ({ vault, type }, amounts) => {
      const collateral = amounts.collateral?.units ?? 0n;
      const mint = amounts.mint;
      if (mint !== undefined) {
        const price = requirePrice(type, "minting");
        const fresh = { ...vault, collateral };
        predicted(type, () =>
          previewMint(fresh, type, { typeId: type.id, amount: mint.units, price, timestamp: mint.at }),
        );
      }
      const debt = mint?.units ?? 0n;
      return { amount: collateral, mint: debt, all: false, pays: collateral, after: { collateral, debt } };
    },
    rows: ({ type }, sized) => [
      ["Operation", `open a ${type.symbol} vault (type ${type.id})`],
      ["Collateral", collateralText(sized.amount, type)],
      ["Mint", kusdText(sized.mint)],
    ],
    call: async (client, { engine, typeId, sized }) => ({
      ...(await openVault(client, { engine, typeId, collateral: sized.amount, debt: sized.mint })),
      moved: sized.mint,
    }),
    past: "Opened",
    said: (done, sized, type) =>
      `vault ${done.vaultId} in ${done.hash} with ${collateralText(sized.amount, type)}${sized.mint > 0n ? ` and minted ${kusdText(sized.mint)}` : ""}`,
    json: (_done, sized) => ({ deposited: sized.amount, minted: sized.mint }),
  },
  deposit: {
    description: "Add collateral to a vault (anyone may add to any vault).",
    opens: false,
    who: "anyone",
    amounts: [
      {
        option: "amount",
        unit: "collateral",
        required: true,
        help: 'collateral in whole tokens, or "max" (your balance)',
        max: (sizing) => sizing.balance("collateral"),
        maxAhead: false,
        keeps: false,
        nothing: ({ type }) => `You hold no ${type.symbol ?? "collateral"} to deposit.`,
      },
    ],
    pays: { unit: "collateral", pulled: true },
    receiver: false,
    size: ({ vault, before }, amounts) => {
      const amount = required(amounts, "amount").units;
      const after = { collateral: vault.collateral + amount, debt: before?.debt ?? 0n };
      return { amount, mint: 0n, all: false, pays: amount, after };
    },
    rows: (sizing, sized) => [operationRow("deposit", sizing), ["Amount", collateralText(sized.amount, sizing.type)]],
    call: async (client, { engine, vaultId, sized }) => ({
      ...(await depositVaultCollateral(client, { engine, vaultId, amount: sized.amount })),
      vaultId,
      moved: sized.amount,
    }),
    past: "Deposited",
    said: (done, _sized, type) => `${collateralText(done.moved, type)} in ${done.hash}`,
    json: (done) => ({ amount: done.moved }),
  },
  withdraw: {
    description: "Take collateral out of your vault, if its debt allows.",
    opens: false,
    who: "owner or operator",
    amounts: [
      {
        option: "amount",
        unit: "collateral",
        required: true,
        help: `collateral in whole tokens, ${MAX_KEEPING}`,
        max: ({ vault, type, target }, at) => maxWithdrawKeeping(vault, type, target, at),
        maxAhead: true,
        keeps: true,
        nothing: (sizing) => {
          if (sizing.vault.collateral === 0n) return `Vault ${sizing.id} holds no collateral to withdraw.`;
          const { clause, hint } = keeping(sizing);
          return `The vault's debt needs all its collateral${clause}: nothing can be withdrawn now${hint}.`;
        },
      },
    ],
    receiver: true,
    size: ({ vault, type, before }, amounts) => {
      const { units: amount, at } = required(amounts, "amount");
      const price = vault.normalizedDebt === 0n ? 0n : requirePrice(type, "withdrawing");
      const out = predicted(type, () => previewWithdraw(vault, type, { amount, price, timestamp: at }));
      return {
        amount,
        mint: 0n,
        all: false,
        pays: 0n,
        after: { collateral: out.collateral, debt: before?.debt ?? 0n },
      };
    },
    rows: (sizing, sized) => [operationRow("withdraw", sizing), ["Amount", collateralText(sized.amount, sizing.type)]],
    call: async (client, { engine, vaultId, sized, receiver }) => ({
      ...(await withdrawVaultCollateral(client, { engine, vaultId, amount: sized.amount, receiver })),
      vaultId,
      moved: sized.amount,
    }),
    past: "Withdrew",
    said: (done, _sized, type) => `${collateralText(done.moved, type)} in ${done.hash}`,
    json: (done) => ({ amount: done.moved }),
  },
  mint: {
    description: "Mint kUSD against your vault.",
    opens: false,
    who: "owner or operator",
    amounts: [
      {
        option: "amount",
        unit: "kUSD",
        required: true,
        help: `kUSD, ${MAX_KEEPING}`,
        max: ({ vault, type, target }, at) => maxMintKeeping(vault, type, target, at),
        maxAhead: true,
        keeps: true,
        nothing: (sizing) => {
          const { clause, hint } = keeping(sizing);
          return `This vault cannot mint any more kUSD now${clause}: add collateral or repay first${hint}.`;
        },
      },
    ],
    receiver: true,
    size: ({ vault, type }, amounts) => {
      const { units: amount, at } = required(amounts, "amount");
      const price = requirePrice(type, "minting");
      const out = predicted(type, () => previewMint(vault, type, { typeId: type.id, amount, price, timestamp: at }));
      return { amount, mint: 0n, all: false, pays: 0n, after: { collateral: vault.collateral, debt: out.debt } };
    },
    rows: (sizing, sized) => [operationRow("mint", sizing), ["Amount", kusdText(sized.amount)]],
    call: async (client, { engine, vaultId, sized, receiver }) => {
      const sent = await mintKusd(client, { engine, vaultId, amount: sized.amount, receiver });
      return { ...sent, vaultId, moved: sent.amount };
    },
    past: "Minted",
    said: (done) => `${kusdText(done.moved)} in ${done.hash}`,
    json: (done) => ({ amount: done.moved }),
  },
  repay: {
    description: "Repay kUSD debt of a vault (anyone may repay any vault).",
    opens: false,
    who: "anyone",
    amounts: [
      {
        option: "amount",
        unit: "kUSD",
        required: true,
        help: 'kUSD, or "max" (all of it, to the last wei)',
        // The engine's "all": exactly the debt when the transaction is mined.
        max: () => MAX_UINT256,
        maxAhead: true,
        keeps: false,
      },
    ],
    pays: { unit: "kUSD", pulled: false },
    receiver: false,
    size: ({ id, vault, type }, amounts) => {
      const { units, at } = required(amounts, "amount");
      if (vault.normalizedDebt === 0n) throw new UsageError(`Vault ${id} owes nothing.`);
      const out = predicted(type, () => previewRepay(vault, type, { amount: units, timestamp: at }));
      const after = { collateral: vault.collateral, debt: out.debt };
      return { amount: out.repaid, mint: 0n, all: units === MAX_UINT256, pays: out.repaid, after };
    },
    rows: (sizing, sized) => [
      operationRow("repay", sizing),
      ["Amount", sized.all ? `all: about ${kusdText(sized.amount)}` : kusdText(sized.amount)],
    ],
    call: async (client, { engine, vaultId, sized }) => {
      const sent = sized.all
        ? await repayKusd(client, { engine, vaultId, all: true })
        : await repayKusd(client, { engine, vaultId, amount: sized.amount });
      return { ...sent, vaultId, moved: sent.repaid };
    },
    past: "Repaid",
    said: (done) => `${kusdText(done.moved)} in ${done.hash}`,
    json: (done) => ({ amount: done.moved }),
  },
  close: {
    description: "Repay all of a vault's debt from your kUSD and take all its collateral back.",
    opens: false,
    who: "owner or operator",
    amounts: [],
    pays: { unit: "kUSD", pulled: false },
    receiver: true,
    size: ({ vault, type, now }) => {
      // The debt a minute ahead: the engine burns at most this.
      const debt = debtOf(vault.normalizedDebt, currentRate(type, now + CDP_SAFETY_SECONDS));
      return { amount: debt, mint: 0n, all: true, pays: debt, after: { collateral: 0n, debt: 0n } };
    },
    rows: (sizing, sized) => [
      operationRow("close", sizing),
      [
        "Amount",
        `${kusdText(sized.amount)} repaid (at most), ${collateralText(sizing.vault.collateral, sizing.type)} returned`,
      ],
    ],
    call: async (client, { engine, vaultId, receiver }) => {
      const sent = await closeVault(client, { engine, vaultId, receiver });
      return { ...sent, vaultId, moved: sent.repaid };
    },
    past: "Closed",
    said: (done) => `vault ${done.vaultId} in ${done.hash}, repaying ${kusdText(done.moved)}`,
    json: (done) => ({ amount: done.moved }),
  },
};

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
