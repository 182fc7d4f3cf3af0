import { randomBytes } from "node:crypto";
import type { KeelDeployment } from "@keel/sdk";
import type { Address } from "viem";
import { z } from "zod";
import { type Channel, createChannel } from "../channels/channels.ts";
import { type ResolvedRule, RulesError, resolveRules } from "../rules/load.ts";
import { conditionSchema, seconds, severity } from "../rules/schema.ts";
import type { Store } from "../store/store.ts";
import type { StoredUserRule } from "../store/users.ts";
import { userWebhookChannel, type WebhookPolicy, webhookProblem } from "./webhook.ts";

/**
 * The rules a signed-in user makes in the app: a restricted subset of the rules file's, always about
 * the user's own address (set here from the session, never read from the request), sent to the
 * monitor's stdout or to a webhook the operator's policy allows. They are evaluated beside the file's
 * rules, with ids no file rule can have ("user:…": a file's ids have no colon).
 */

/** How many rules one address may keep. */
export const RULES_PER_USER = 20;
/** The longest price-drop window a user may ask for (the monitor keeps samples that long). */
const LONGEST_WINDOW = "1d";
/** The name of the monitor's stdout channel for users' rules. */
export const USER_STDOUT = "user:stdout";

const variant = <T extends z.infer<typeof conditionSchema>["type"]>(type: T) => {
  const found = conditionSchema.options.find((o) => o.shape.type.value === type);
  if (!found) throw new Error(`no ${type} condition in the rules schema`);
  return found as Extract<(typeof conditionSchema.options)[number], { shape: { type: z.ZodLiteral<T> } }>;
};

/** The conditions a user may set, with the rules file's own parameters and limits. */
const userCondition = z.discriminatedUnion("type", [
  variant("healthFactor"),
  variant("vaultRatio"),
  variant("priceDrop").refine((c) => seconds(c.window) <= seconds(LONGEST_WINDOW), {
    message: `the window can be at most ${LONGEST_WINDOW}`,
    path: ["window"],
  }),
  variant("liquidated"),
  variant("auctionStarted"),
]);

const userChannel = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("stdout") }),
  z.strictObject({
    type: z.literal("webhook"),
    url: z.url({ protocol: /^https?$/, error: "an http(s) URL" }).max(2000),
  }),
]);

/** What POST /v1/rules takes. There is no field for whom a rule watches: that is the session's address. */
export const userRuleSchema = z.strictObject({
  condition: userCondition,
  /** healthFactor: the pools the account is watched in (default every pool). */
  pools: z.array(z.number().int().min(0)).min(1).max(16).optional(),
  /** priceDrop: the assets, by symbol. */
  assets: z.array(z.string().min(1).max(16)).min(1).max(16).optional(),
  severity: severity.optional(),
  channel: userChannel,
  description: z.string().max(200).optional(),
});

export type UserRuleBody = z.infer<typeof userRuleSchema>;

/** A request the API refuses, with the sentence that says why (answered as 400 unless `status` says). */
export class RequestError extends Error {
  override name = "RequestError";
  readonly status: number;
  constructor(message: string, status = 400) {
    super(message);
    this.status = status;
  }
}

/** A user's rule as the API shows it (never the webhook's secret, which is shown once, at creation). */
export function publicRule(stored: StoredUserRule) {
  const body = stored.body as UserRuleBody;
  return { id: stored.id, address: stored.address, createdAt: new Date(stored.createdAt).toISOString(), ...body };
}

/** The sentence for zod's first problem with a request, naming its field. */
export function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length === 0 ? "the request" : issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys")
    return `${where === "the request" ? "The request" : where} has fields a rule cannot have: ${issue.keys.join(", ")}.`;
  return `${where}: ${issue.message}.`;
}

/**
 * A user's rule resolved as the rules file's are (the same checks: pools, token symbols, a deployment
 * without kUSD vaults), watching `address` only.
 */
export function resolveUserRule(
  id: string,
  address: Address,
  body: UserRuleBody,
  deployment: KeelDeployment,
): ResolvedRule {
  const type = body.condition.type;
  if (body.pools !== undefined && type !== "healthFactor")
    throw new RequestError("pools: only a healthFactor rule is about pools.");
  if (body.assets !== undefined && type !== "priceDrop")
    throw new RequestError("assets: only a priceDrop rule is about assets.");
  if (type === "priceDrop" && body.assets === undefined)
    throw new RequestError('assets: a priceDrop rule needs the assets it watches, e.g. ["ETH"].');
  const watch =
    type === "healthFactor"
      ? { accounts: [address], pools: body.pools }
      : type === "liquidated"
        ? { accounts: [address] }
        : type === "priceDrop"
          ? { assets: body.assets }
          : { owners: [address] };
  // A stand-in id and channel: the rules file's checks need them; the real ones are set below.
  const document = {
    version: 1,
    channels: { c: { type: "stdout" } },
    rules: [{ id: "r", watch, condition: body.condition, severity: body.severity ?? "warning", channels: ["c"] }],
  };
  try {
    const [rule] = resolveRules(document, deployment, {}, "rule").rules;
    return { ...rule, id, description: body.description, channels: [channelName(id, body)] };
  } catch (error) {
    if (!(error instanceof RulesError)) throw error;
    const problem = error.message
      .split("\n")
      .slice(1)
      .map((line) => line.trim().replace(/^rules\[0\] \(r\)\.(watch\.)?/, ""))
      .join("; ");
    throw new RequestError(`${problem}.`);
  }
}

/** The outbox channel a rule's alerts go to: the shared stdout, or the rule's own webhook. */
function channelName(id: string, body: UserRuleBody): string {
  return body.channel.type === "stdout" ? USER_STDOUT : `${id}:webhook`;
}

/**
 * The users' rules the monitor evaluates, kept in step with the store: loaded at start, changed by the
 * API. Their channels live in the outbox's channel table (`channels`, shared with it), under names no
 * rules file can give.
 */
export class UserRules {
  private resolved = new Map<string, ResolvedRule>();
  private readonly o: {
    store: Store;
    deployment: KeelDeployment;
    channels: Record<string, Channel>;
    write: (line: string) => void;
    policy: WebhookPolicy;
    onSkip: (id: string, problem: string) => void;
  };

  constructor(options: UserRules["o"]) {
    this.o = options;
    this.o.channels[USER_STDOUT] = createChannel({ type: "stdout" }, {}, options.write);
  }

  /** Every rule of the store, resolved; one that no longer resolves (a redeployment without its pool) is skipped and said. */
  async load(): Promise<void> {
    for (const stored of await this.o.store.users.allRules()) {
      try {
        this.register(stored);
      } catch (error) {
        this.o.onSkip(stored.id, (error as Error).message);
      }
    }
  }

  /** What the monitor evaluates this pass. */
  rules(): ResolvedRule[] {
    return [...this.resolved.values()];
  }

  async list(address: Address) {
    return (await this.o.store.users.rulesOf(address)).map(publicRule);
  }

  /** Validates and stores a new rule of `address`; returns it, with the webhook's secret the one time it is shown. */
  async create(address: Address, raw: unknown) {
    const parsed = userRuleSchema.safeParse(raw);
    if (!parsed.success) throw new RequestError(problemOf(parsed.error));
    const body = parsed.data;
    if (body.channel.type === "webhook") {
      const problem = await webhookProblem(body.channel.url, this.o.policy);
      if (problem) throw new RequestError(`channel.url: ${problem}`);
    }
    const id = `user:${randomBytes(8).toString("hex")}`;
    resolveUserRule(id, address, body, this.o.deployment);
    const stored: StoredUserRule = {
      id,
      address,
      body,
      webhookSecret: body.channel.type === "webhook" ? randomBytes(32).toString("hex") : undefined,
      createdAt: Date.now(),
    };
    if (!(await this.o.store.users.addRule(stored, RULES_PER_USER)))
      throw new RequestError(
        `You have ${RULES_PER_USER} rules, the most one address may keep: delete one to make another.`,
        409,
      );
    this.register(stored);
    return { rule: publicRule(stored), webhookSecret: stored.webhookSecret };
  }

  /** Deletes a rule of `address`, and cancels what it still had to send. False: no such rule of theirs. */
  async delete(address: Address, id: string): Promise<boolean> {
    if (!(await this.o.store.users.deleteRule(address, id))) return false;
    const rule = this.resolved.get(id);
    this.resolved.delete(id);
    const own = rule?.channels.filter((c) => c !== USER_STDOUT) ?? [];
    for (const name of own) delete this.o.channels[name];
    await this.o.store.cancelDeliveries(own);
    return true;
  }

  private register(stored: StoredUserRule): void {
    const body = stored.body as UserRuleBody;
    const rule = resolveUserRule(stored.id, stored.address as Address, body, this.o.deployment);
    if (body.channel.type === "webhook")
      this.o.channels[`${stored.id}:webhook`] = userWebhookChannel(
        body.channel.url,
        stored.webhookSecret ?? "",
        this.o.policy,
      );
    this.resolved.set(stored.id, rule);
  }
}
