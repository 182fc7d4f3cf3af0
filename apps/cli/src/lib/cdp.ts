import {
  CdpRevertError,
  cdpEngineAbi,
  ensureAllowance,
  explainCdpRevert,
  getAllowance,
  getIsVaultOperator,
  getTokenBalance,
  getVault,
  type KeelDeployment,
  type KeelErrorContext,
  keelErrorSentences,
  type VaultInfo,
  type WriteReturnType,
} from "@keel/sdk";
import { type Address, isAddressEqual } from "viem";
import type { KeelContext, SignerContext } from "./context.ts";
import { UsageError } from "./errors.ts";
import { formatAmount } from "./format.ts";
import { gasJson, gasSentence, gasSpent } from "./poolFees.ts";
import type { PreviewRow, TransactionDescriptor } from "./transaction.ts";

/** The manifest's kUSD section. */
export type CdpDeployment = NonNullable<KeelDeployment["cdp"]>;

/** kUSD has 18 decimals, like the engine's books. */
export const KUSD = { symbol: "kUSD", decimals: 18 } as const;

/**
 * "max" amounts that fees or a decaying auction price can change are computed this many seconds ahead,
 * so the time before the transaction is mined cannot make them fail.
 */
export const CDP_SAFETY_SECONDS = 60n;

/**
 * When a transaction sent now is expected to be mined: the pending block's timestamp, and at least a
 * second after `latest`, the time of the block the chain was read at. That block can be long past (a
 * devnet mines only when a transaction arrives), while fees accrue and auction prices fall by the
 * second: sized from it, a "max" a minute ahead could be behind already. A node that builds no pending
 * block gives `latest` + 1.
 */
export async function expectedTime(context: Pick<KeelContext, "publicClient">, latest: bigint): Promise<bigint> {
  const earliest = latest + 1n;
  try {
    const pending = await context.publicClient.getBlock({ blockTag: "pending" });
    return pending.timestamp > earliest ? pending.timestamp : earliest;
  } catch {
    return earliest;
  }
}

/** A collateral type as people name it: its manifest entry and its token. */
export type NamedCollateralType = { id: bigint; name: string; symbol: string; token: Address; decimals: number };

/** Common names for wrapped assets, so `--type ETH` finds WETH. */
const ALIASES: Record<string, string> = { ETH: "WETH", BTC: "WBTC" };

/** The deployment's kUSD engine, or a sentence saying it has none. */
export function requireCdp(context: KeelContext): CdpDeployment {
  const cdp = context.deployment.cdp;
  if (!cdp) {
    throw new UsageError(
      `The deployment in ${context.manifestPath} has no kUSD engine (no "cdp" section); use a deployment that includes it.`,
    );
  }
  return cdp;
}

/** Every collateral type the manifest lists, with its token's address and decimals. */
export function collateralTypes(context: KeelContext): NamedCollateralType[] {
  return requireCdp(context).collateralTypes.map((type) => {
    const token = context.deployment.tokens[type.symbol];
    if (!token) throw new UsageError(`The manifest lists collateral ${type.symbol} but not its token.`);
    return {
      id: BigInt(type.id),
      name: type.name,
      symbol: type.symbol,
      token: token.address,
      decimals: token.decimals,
    };
  });
}

/** Finds a collateral type by id, symbol (ETH finds WETH), name or token address. */
export function findCollateralType(context: KeelContext, text: string): NamedCollateralType {
  const types = collateralTypes(context);
  const wanted = text.trim();
  const upper = ALIASES[wanted.toUpperCase()] ?? wanted.toUpperCase();
  const found = types.find(
    (t) =>
      t.id.toString() === wanted ||
      t.symbol.toUpperCase() === upper ||
      t.name.toUpperCase() === wanted.toUpperCase() ||
      t.token.toLowerCase() === wanted.toLowerCase(),
  );
  if (!found) {
    const listed = types.map((t) => `${t.id} (${t.symbol})`).join(", ");
    throw new UsageError(`No collateral type "${text}". The engine lists: ${listed}.`);
  }
  return found;
}

/** The collateral type of a type id read from the chain. */
export function collateralTypeById(context: KeelContext, id: bigint | number): NamedCollateralType {
  return findCollateralType(context, id.toString());
}

/** Parses a vault id (a positive integer; vault 0 never exists). */
export function parseVaultId(text: string): bigint {
  if (!/^\d+$/.test(text.trim()) || BigInt(text.trim()) === 0n)
    throw new UsageError(`Vault "${text}" is not a vault id; run \`keel vault show\` to list yours.`);
  return BigInt(text.trim());
}

/** A vault as the SDK reads it; an id the engine never issued is input to fix (exit code 2), not a failure. */
export async function readVault(context: KeelContext, engine: Address, vaultId: bigint): Promise<VaultInfo> {
  try {
    return await getVault(context.publicClient, { engine, vaultId });
  } catch (error) {
    // The first error stands when the count cannot be read either (a node that does not answer).
    const count = await context.publicClient
      .readContract({ address: engine, abi: cdpEngineAbi, functionName: "vaultCount" })
      .catch(() => undefined);
    if (count !== undefined && vaultId > count)
      throw new UsageError(`Vault ${vaultId} does not exist: the engine has opened ${count} so far.`);
    throw error;
  }
}

/** A peg module by its stablecoin's symbol (default: the first one listed). */
export function findPegModule(context: KeelContext, gem?: string): { address: Address; gem: string } {
  const modules = requireCdp(context).pegModules;
  const found = gem ? modules.find((m) => m.gem.toUpperCase() === gem.trim().toUpperCase()) : modules[0];
  if (!found) {
    const listed = modules.map((m) => m.gem).join(", ") || "none";
    throw new UsageError(`No peg stability module for "${gem ?? ""}". The deployment lists: ${listed}.`);
  }
  return found;
}

/** The SDK's sentence for a revert its math predicts, in the collateral's own terms, as a UsageError. */
export function explainPredicted(error: unknown, collateral?: { symbol: string; decimals: number }): never {
  if (error instanceof CdpRevertError) {
    const context: KeelErrorContext = collateral ? { collateral, token: collateral } : {};
    throw new UsageError(explainCdpRevert(error, context));
  }
  throw error;
}

/**
 * Who the engine lets act on a vault: anyone (deposit, repay), the owner or an operator it approved
 * (withdraw, mint, close), or the owner alone (transfer).
 */
export type VaultActor = "anyone" | "owner or operator" | "owner";

/** Refuses, with the engine's sentence, a sender the engine would refuse, before anything is sent. */
export async function requireVaultActor(
  context: SignerContext,
  engine: Address,
  vault: Pick<VaultInfo, "owner">,
  who: VaultActor,
): Promise<void> {
  const sender = context.account.address;
  if (who === "anyone" || isAddressEqual(vault.owner, sender)) return;
  if (
    who === "owner or operator" &&
    (await getIsVaultOperator(context.publicClient, { engine, owner: vault.owner, operator: sender }))
  )
    return;
  throw new UsageError(keelErrorSentences.NotVaultOwner({ caller: sender, owner: vault.owner }, {}));
}

/**
 * A token a kUSD transaction takes from the sender's wallet: pulled by a contract (`spender`, with an
 * allowance, so an approval may go first) or burned without one (kUSD, which the engine and the peg
 * module burn as its minters).
 */
export type Payment = {
  token: Address;
  symbol: string;
  decimals: number;
  amount: bigint;
  /** The contract that pulls it and its name in the preview; undefined when it is burned. */
  spender?: { address: Address; name: string };
};

/** A payment checked against the wallet: the balance covers it, and whether an approval is sent first. */
export type CheckedPayment = Payment & {
  /** What the spender may pull now; undefined for a burn. */
  allowance: bigint | undefined;
  approve: boolean;
};

/** Allowances at or above this are shown as unlimited. */
const UNLIMITED_ALLOWANCE = 2n ** 255n;

/**
 * Checks a payment before anything is sent: the wallet must hold it (else the sentence `refusal` gives,
 * by default "You hold …; this needs …"), and a pulled token's allowance is read to say whether an
 * approval transaction goes first.
 */
export async function checkPayment(
  context: SignerContext,
  payment: Payment,
  refusal?: (balance: bigint) => string,
): Promise<CheckedPayment> {
  const owner = context.account.address;
  const [balance, allowance] = await Promise.all([
    getTokenBalance(context.publicClient, { token: payment.token, account: owner }),
    payment.spender
      ? getAllowance(context.publicClient, { token: payment.token, owner, spender: payment.spender.address })
      : undefined,
  ]);
  if (balance < payment.amount) {
    const amount = (units: bigint) => `${formatAmount(units, payment.decimals)} ${payment.symbol}`;
    throw new UsageError(refusal?.(balance) ?? `You hold ${amount(balance)}; this needs ${amount(payment.amount)}.`);
  }
  return { ...payment, allowance, approve: allowance !== undefined && allowance < payment.amount };
}

/** The preview's row saying whether an approval transaction goes first, in the pool commands' words. */
export function approvalRow(payment: CheckedPayment | undefined): PreviewRow {
  if (!payment) return ["Approval", "none: nothing leaves your wallet"];
  if (!payment.spender || payment.allowance === undefined)
    return ["Approval", `none: ${payment.symbol} is burned without an allowance`];
  const amount = (units: bigint) =>
    units >= UNLIMITED_ALLOWANCE
      ? `any amount of ${payment.symbol}`
      : `${formatAmount(units, payment.decimals)} ${payment.symbol}`;
  return [
    "Approval",
    payment.approve
      ? `sent first: a transaction approving exactly ${amount(payment.amount)} to ${payment.spender.name} (the allowance is ${amount(payment.allowance)})`
      : `none needed: the allowance (${amount(payment.allowance)}) covers it`,
  ];
}

/** What a kUSD transaction sent: the operation's result, and the approval sent before it, if one was. */
export type SentWithApproval<Sent extends WriteReturnType> = Sent & { approval: WriteReturnType | undefined };

/** A kUSD transaction's plan: what it takes from the wallet, checked, if anything. */
export type PayingPlan = { payment: CheckedPayment | undefined };

/**
 * Completes a kUSD command's descriptor with what every kUSD write shares: the preview's Approval and
 * Signer rows, the approval sent first when the allowance is short (exactly the amount), and the gas
 * used and the fee paid in ETH in the sentence and the JSON, as the pool commands give them.
 */
export function kusdTransaction<Plan extends PayingPlan, Sent extends WriteReturnType>(
  context: SignerContext,
  descriptor: TransactionDescriptor<Plan, Sent>,
): TransactionDescriptor<Plan, SentWithApproval<Sent>> {
  return {
    plan: descriptor.plan,
    preview: (plan) => [
      ...descriptor.preview(plan),
      approvalRow(plan.payment),
      ["Signer", `${context.account.address} (${context.accountSource})`],
    ],
    warnings: descriptor.warnings,
    json: (plan) => {
      const { payment } = plan;
      // As the pool commands: for a token pulled with an allowance, what it was, what is needed, whether an approval is sent.
      const approval =
        payment?.spender && payment.allowance !== undefined
          ? { approval: { allowance: payment.allowance, needed: payment.amount, sent: payment.approve } }
          : {};
      return { ...descriptor.json(plan), ...approval };
    },
    send: async (plan) => {
      const { payment } = plan;
      const approval =
        payment?.approve && payment.spender
          ? await ensureAllowance(context.walletClient, {
              token: payment.token,
              spender: payment.spender.address,
              amount: payment.amount,
            })
          : undefined;
      return { ...(await descriptor.send(plan)), approval };
    },
    report: async (plan, sent) => {
      const { sentence, json } = await descriptor.report(plan, sent);
      const gas = gasSpent([sent.approval?.receipt, sent.receipt]);
      return {
        sentence: `${sentence} ${gasSentence(gas)}`,
        json: { ...json, ...gasJson(gas), ...(sent.approval ? { approvalHash: sent.approval.hash } : {}) },
      };
    },
  };
}
