import { cdpEngineAbi, getIsVaultOperator, setVaultOperator } from "@keel/sdk";
import type { Command } from "commander";
import { type Address, isAddressEqual, zeroAddress } from "viem";
import { kusdTransaction, type PayingPlan, requireCdp, type SentWithApproval } from "../../lib/cdp.ts";
import {
  type GlobalOptions,
  type KeelContext,
  readContext,
  readSignerContext,
  type SignerContext,
} from "../../lib/context.ts";
import { UsageError } from "../../lib/errors.ts";
import { toJson } from "../../lib/format.ts";
import { parseAddress } from "../../lib/input.ts";
import { action } from "../../lib/run.ts";
import { renderTable } from "../../lib/table.ts";
import { runTransaction, type TransactionDescriptor } from "../../lib/transaction.ts";

// An operator may withdraw, mint, close and settle on every vault of the owner who approved it, now and
// later (CdpAuthorization). `keel vault operator add|remove` sets that with setOperator; `list` reads it back.

type Change = "add" | "remove";

/** One way of changing an operator, described once; `operatorTransaction` turns it into the transaction flow. */
type OperatorChange = {
  description: string;
  /** What setOperator is called with. */
  approved: boolean;
  /** The preview's Operation row. */
  operation: (operator: Address) => string;
  /** The refusal when the operator already is (or is not) one: nothing would change. */
  unchanged: (operator: Address) => string;
  /** What the user should know before sending. */
  warnings: (operator: Address) => string[];
  /** The sentence once sent. */
  said: (operator: Address) => string;
};

const CHANGES: Record<Change, OperatorChange> = {
  add: {
    description: "Let an address act on all your vaults: withdraw, mint, close and settle.",
    approved: true,
    operation: (operator) => `let ${operator} act on all your vaults (withdraw, mint, close, settle)`,
    unchanged: (operator) => `${operator} is already an operator of your vaults; nothing was sent.`,
    warnings: (operator) => [
      `${operator} will be able to withdraw the collateral of every vault you own, now or later, and mint kUSD against it, sending either wherever it chooses, until you remove it.`,
    ],
    said: (operator) => `${operator} is now an operator of your vaults`,
  },
  remove: {
    description:
      "Stop an address acting on your vaults; every operator approval you signed and nobody submitted stops working too.",
    approved: false,
    operation: (operator) => `stop ${operator} acting on your vaults`,
    unchanged: (operator) => `${operator} is not an operator of your vaults; nothing was sent.`,
    warnings: () => [
      "Removing an operator also cancels every operator approval you signed and nobody has submitted yet, for any operator.",
    ],
    said: (operator) => `${operator} is no longer an operator of your vaults`,
  },
};

type OperatorPlan = PayingPlan;
type OperatorSet = Awaited<ReturnType<typeof setVaultOperator>>;

function operatorTransaction(
  change: Change,
  context: SignerContext,
  text: string,
): TransactionDescriptor<OperatorPlan, SentWithApproval<OperatorSet>> {
  const { engine } = requireCdp(context);
  const spec = CHANGES[change];
  const owner = context.account.address;
  // Checked before the chain is asked.
  const operator = parseAddress(text, "The operator");
  if (spec.approved && isAddressEqual(operator, zeroAddress))
    throw new UsageError("The operator is the zero address, which nobody controls; give the address that should act.");
  if (spec.approved && isAddressEqual(operator, owner))
    throw new UsageError(`${operator} is your own address: you may already act on your vaults.`);
  return kusdTransaction<OperatorPlan, OperatorSet>(context, {
    plan: async () => {
      const now = await getIsVaultOperator(context.publicClient, { engine, owner, operator });
      if (now === spec.approved) throw new UsageError(spec.unchanged(operator));
      return { payment: undefined };
    },
    preview: () => [
      ["Operation", spec.operation(operator)],
      ["Owner", owner],
    ],
    warnings: () => spec.warnings(operator),
    json: () => ({ operation: "setOperator", owner, operator, approved: spec.approved }),
    send: () => setVaultOperator(context.walletClient, { engine, operator, approved: spec.approved }),
    report: async (_plan, sent) => {
      const approved = await getIsVaultOperator(context.publicClient, { engine, owner, operator });
      return { sentence: `${spec.said(operator)} (${sent.hash}).`, json: { hash: sent.hash, approved } };
    },
  });
}

/**
 * The operators an owner has approved now: every address its SetOperator events name (direct or signed
 * approvals, since the deployment), kept if the engine still says it is one.
 */
async function operatorsOf(context: KeelContext, engine: Address, owner: Address): Promise<Address[]> {
  const events = await context.publicClient.getContractEvents({
    address: engine,
    abi: cdpEngineAbi,
    eventName: "SetOperator",
    args: { owner },
    fromBlock: BigInt(context.deployment.startBlock),
  });
  const named = [...new Set(events.map((event) => event.args.operator).filter((a) => a !== undefined))];
  const current = await Promise.all(
    named.map((operator) => getIsVaultOperator(context.publicClient, { engine, owner, operator })),
  );
  return named.filter((_, i) => current[i]);
}

/** `keel vault operator add|remove|list`. */
export function registerVaultOperators(vault: Command): void {
  const operator = vault
    .command("operator")
    .description("Let other addresses act on all your vaults (withdraw, mint, close), or stop them.");
  for (const [change, spec] of Object.entries(CHANGES) as [Change, OperatorChange][]) {
    operator
      .command(change)
      .description(spec.description)
      .argument("<address>", "the operator")
      .action(
        action(async (address: string, _options: unknown, command: Command) => {
          const context = await readSignerContext(command.optsWithGlobals<GlobalOptions>());
          await runTransaction(context, operatorTransaction(change, context, address));
        }),
      );
  }
  operator
    .command("list")
    .description("List the operators an owner has approved.")
    .option("--owner <address>", "whose operators (default: the signing account)")
    .action(
      action(async (options: { owner?: string }, command: Command) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const owner = options.owner
          ? parseAddress(options.owner, "--owner")
          : (await readSignerContext(globals)).account.address;
        const context = await readContext(globals);
        const { engine } = requireCdp(context);
        const operators = await operatorsOf(context, engine, owner);
        if (context.json) console.log(toJson({ owner, operators }));
        else if (operators.length === 0) console.log(`${owner} has approved no operator.`);
        else {
          console.log(`Operators of ${owner}: they may withdraw, mint, close and settle on all its vaults.`);
          console.log(
            renderTable(
              ["Operator"],
              operators.map((a) => [a]),
            ),
          );
        }
      }),
    );
}
