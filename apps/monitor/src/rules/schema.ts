import { z } from "zod";

// The rules file: what to watch, when to alert, how loud, and where to send it. Validated with zod; the
// same schema is published as JSON Schema (rules.schema.json) for editors and CI. Numbers are plain
// decimals (1.2 for a health factor of 1.2, 5 for 5%), durations are "30s", "15m", "1h" or "2d".

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "lowercase letters, digits, - and _ (at most 64)");
export const duration = z.string().regex(/^\d+(s|m|h|d)$/, 'a duration such as "30s", "15m", "1h" or "2d"');
const positive = z.number().positive();
const percent = z.number().gt(0).lt(100);

/** An account: an address, or a label of the deployment manifest's accounts (a devnet's). */
const account = z.string().min(1);
/** A reserve: "<pool>:<symbol>", e.g. "0:USDC". */
const reserve = z.string().regex(/^\d+:[A-Za-z0-9.]+$/, '"<pool id>:<symbol>", e.g. "0:USDC"');

const watch = z
  .strictObject({
    /** Money-market accounts (addresses or manifest labels). */
    accounts: z.array(account).min(1).optional(),
    /** Pools the accounts are watched in (default: every pool of the deployment). */
    pools: z.array(z.number().int().min(0)).min(1).optional(),
    /** kUSD vaults, by id. */
    vaults: z.array(z.number().int().min(1)).min(1).optional(),
    /** Owners whose every vault is watched (addresses or manifest labels). */
    owners: z.array(account).min(1).optional(),
    /** Tokens, by symbol (ETH and BTC stand for WETH and WBTC). */
    assets: z.array(z.string().min(1)).min(1).optional(),
    /** Money-market reserves, "<pool>:<symbol>". */
    reserves: z.array(reserve).min(1).optional(),
    /** The whole protocol: every reserve, vault, liquidation or operation the condition can see. */
    protocol: z.literal(true).optional(),
  })
  .describe("What the rule watches; which fields a condition reads is listed with it.");

const level = {
  /** A recovery must pass the threshold by this margin before the rule re-arms (hysteresis). */
  recoverBy: positive.optional(),
  /** Alert again, while firing, each time the value gets worse by this step. */
  escalateStep: positive.optional(),
};

export const conditionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("healthFactor"),
    /** Fires when an account's health factor is below this (1 is liquidatable). */
    below: z.number().gt(0).max(100),
    /** The health factor the fix aims for (default 1.5, or `below` + 0.3 when that is higher). */
    target: z.number().gt(1).max(100).optional(),
    ...level,
  }),
  z.strictObject({
    type: z.literal("vaultRatio"),
    /** Fires when a vault's collateral ratio is below this (1.7 = 170%). */
    below: z.number().gt(0).max(100).optional(),
    /**
     * Or: fires when the ratio is less than this far above the vault's own minimum (0.1 with a 150%
     * minimum fires below 160%; 0 when the vault can be sent to auction). Give `below` or this.
     */
    minimumMargin: z.number().min(0).max(10).optional(),
    /** The ratio the fix aims for (default the alert's level + 0.3). */
    target: z.number().gt(1).max(100).optional(),
    ...level,
  }),
  z.strictObject({
    type: z.literal("priceDrop"),
    /** Fires when an asset's price is this many percent below its highest price within the window. */
    percent,
    window: duration,
    ...level,
  }),
  z.strictObject({
    type: z.literal("depeg"),
    /** Fires when a stablecoin's market price (its feed) is further than this from $1, in basis points. */
    bps: z.number().int().min(1).max(5000),
    /**
     * For kUSD: also fires when more than this percent of a peg module's reserves left it within `window`
     * (holders redeeming kUSD for the reserve coin: the market pays less than $1 for kUSD).
     */
    outflowPercent: percent.optional(),
    window: duration.optional(),
    ...level,
  }),
  z.strictObject({
    type: z.literal("rateSwing"),
    /** Fires when a reserve's borrow APR moved more than this many percentage points within the window. */
    points: z.number().gt(0).max(10_000),
    window: duration,
    ...level,
  }),
  z.strictObject({
    type: z.literal("utilization"),
    /** Fires when a reserve's utilization is above this percent. */
    above: percent,
    ...level,
  }),
  z.strictObject({ type: z.literal("auctionStarted") }),
  z.strictObject({ type: z.literal("liquidated") }),
  z.strictObject({ type: z.literal("policyExecuted") }),
  z.strictObject({ type: z.literal("governance") }),
]);

export const severity = z.enum(["info", "warning", "critical"]);

export const ruleSchema = z.strictObject({
  id,
  description: z.string().optional(),
  watch,
  condition: conditionSchema,
  severity,
  /** Names of channels of this file. */
  channels: z.array(z.string().min(1)).min(1),
  /** After an alert, the same key does not fire again (after a recovery) until this much chain time passed. */
  cooldown: duration.optional(),
  /**
   * The key firing state is kept under; rules sharing a key share it. Placeholders: {rule}, {subject}
   * (the account, vault, asset or reserve). Default "{rule}:{subject}".
   */
  dedupKey: z.string().min(1).optional(),
  /** Blocks on top of an alert's block before it is delivered (default: the file's, else 0). */
  confirmations: z.number().int().min(0).max(1000).optional(),
  /** wait: deliver at `confirmations`. early: deliver at once, then confirm or retract. */
  finality: z.enum(["wait", "early"]).optional(),
});

const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable's name");
const httpUrl = z.url({ protocol: /^https?$/, error: "an http(s) URL" });

export const channelSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("webhook"),
    url: httpUrl,
    /** The environment variable holding the HMAC-SHA256 secret (never the secret itself). */
    secretEnv: envName,
  }),
  z.strictObject({ type: z.literal("slack"), url: httpUrl.optional(), urlEnv: envName.optional() }),
  z.strictObject({ type: z.literal("discord"), url: httpUrl.optional(), urlEnv: envName.optional() }),
  z.strictObject({
    type: z.literal("telegram"),
    chatId: z.union([z.string().min(1), z.number().int()]),
    /** The environment variable holding the bot token. */
    tokenEnv: envName,
    /** The Bot API's base URL (a self-hosted Bot API server, or a test's). */
    baseUrl: httpUrl.optional(),
  }),
  z.strictObject({
    type: z.literal("email"),
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().optional(),
    userEnv: envName.optional(),
    passwordEnv: envName.optional(),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1),
  }),
  z.strictObject({ type: z.literal("stdout"), format: z.enum(["json", "text"]).optional() }),
]);

export const rulesFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1),
    defaults: z
      .strictObject({
        cooldown: duration.optional(),
        confirmations: z.number().int().min(0).max(1000).optional(),
        finality: z.enum(["wait", "early"]).optional(),
      })
      .optional(),
    channels: z.record(id, channelSchema),
    rules: z.array(ruleSchema).min(1),
  })
  .describe("Keel monitor rules (apps/monitor)");

export type RulesFile = z.infer<typeof rulesFileSchema>;
export type Rule = z.infer<typeof ruleSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type ChannelConfig = z.infer<typeof channelSchema>;
export type Severity = z.infer<typeof severity>;

/** Seconds in a duration string. */
export function seconds(text: string): number {
  const value = Number(text.slice(0, -1));
  const unit = text.at(-1);
  return value * (unit === "s" ? 1 : unit === "m" ? 60 : unit === "h" ? 3600 : 86_400);
}

/** The rules file's JSON Schema, as published in rules.schema.json. */
export function rulesJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(rulesFileSchema, { target: "draft-2020-12" }),
    title: "Keel monitor rules",
  };
}
