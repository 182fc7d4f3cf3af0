import pc from "picocolors";
import { confirm } from "./confirm.ts";
import type { KeelContext } from "./context.ts";
import { toJson } from "./format.ts";
import { renderPairs } from "./table.ts";

/** A label and its value, one line of a preview table. */
export type PreviewRow = [label: string, value: string];

/**
 * One kind of transaction the CLI sends, described once. Every write command runs the same flow
 * (`runTransaction`): plan → preview → confirm → send → read back → a sentence, or JSON with --json.
 * A command only says what differs: what it plans, how it shows it, how it sends it, what it reads back.
 */
export type TransactionDescriptor<Plan, Sent> = {
  /**
   * Reads the chain and decides exactly what will be sent. Every mistake the caller can fix (an amount
   * of zero, a balance too small, what the contracts would refuse) is thrown here as a UsageError, so
   * nothing is sent and the exit code is 2.
   */
  plan: () => Promise<Plan>;
  /** The preview's rows, shown before the confirmation. */
  preview: (plan: Plan) => PreviewRow[];
  /** What the user should know before sending (a health factor close to 1, a second transaction, …). */
  warnings?: (plan: Plan) => string[];
  /** The plan as JSON fields (bigints become decimal strings). */
  json: (plan: Plan) => Record<string, unknown>;
  /** Sends the transaction(s) through the SDK, which simulates each one before sending it. */
  send: (plan: Plan) => Promise<Sent>;
  /** Reads the state after the transaction: the sentence a person reads, and the JSON fields added. */
  report: (plan: Plan, sent: Sent) => Promise<{ sentence: string; json: Record<string, unknown> }>;
};

/** Runs one transaction the way every `keel` write does (see {@link TransactionDescriptor}). */
export async function runTransaction<Plan, Sent>(
  context: Pick<KeelContext, "json" | "yes">,
  descriptor: TransactionDescriptor<Plan, Sent>,
): Promise<void> {
  const plan = await descriptor.plan();
  const warnings = descriptor.warnings?.(plan) ?? [];
  if (!context.json) {
    console.log(renderPairs(descriptor.preview(plan)));
    // Warnings go to stderr, beside the prompt, so a script reading stdout still gets only results.
    for (const warning of warnings) console.error(pc.yellow(`Warning: ${warning}`));
  }
  if (!context.yes) await confirm("Send this transaction?");
  const sent = await descriptor.send(plan);
  const { sentence, json } = await descriptor.report(plan, sent);
  console.log(context.json ? toJson({ ...descriptor.json(plan), ...json, warnings }) : sentence);
}
