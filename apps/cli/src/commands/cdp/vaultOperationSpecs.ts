// The six vault operations (open, deposit, withdraw, mint, repay, close), each one row of a table;
// vaultOperations.ts turns a row into the CLI's one transaction flow and a command.
import {
  type CdpVault,
  type CollateralTypeInfo,
  closeVault,
  currentRate,
  debtOf,
  depositVaultCollateral,
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
import type { Address } from "viem";
import { CDP_SAFETY_SECONDS, explainPredicted, type VaultActor } from "../../lib/cdp.ts";
import { UsageError } from "../../lib/errors.ts";
import { formatBps } from "../../lib/format.ts";
import type { PreviewRow } from "../../lib/transaction.ts";
import {
  collateralText,
  type Figures,
  kusdText,
  maxMintKeeping,
  maxWithdrawKeeping,
  requirePrice,
  type TargetRatio,
} from "../../lib/vaultRatio.ts";

// Every vault operation is one row of OPERATIONS: who may act, which token it takes from the wallet and
// whether the engine pulls it (approved first) or burns it, what "max" means, the SDK's math that sizes
// it, the SDK call and its past tense. `vaultTransaction` turns a row into the CLI's one transaction flow.

export type OperationName = "open" | "deposit" | "withdraw" | "mint" | "repay" | "close";
export type Unit = "collateral" | "kUSD";
export type AmountOption = "amount" | "collateral" | "mint";

/** What sizing an operation starts from: the vault (a new, empty one for open), its type, the time. */
export type Sizing = {
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
export type Amounts = Partial<Record<AmountOption, Resolved>>;

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
export type Sized = {
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
export type Done = WriteReturnType & { vaultId: bigint; moved: bigint };

export type VaultOperation = {
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

export const OPERATIONS: Record<OperationName, VaultOperation> = {
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
