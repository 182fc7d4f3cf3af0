import { readFileSync } from "node:fs";
import path from "node:path";
import { type Hex, isHex, parseUnits } from "viem";
import { z } from "zod";

/**
 * The keeper's configuration: defaults, then a JSON file (`--config`), then environment variables,
 * then command-line flags, each overriding the one before. Everything is validated once, at start, and
 * a bad value stops the keeper with a sentence naming the setting and where it came from.
 */

const usd = z
  .string()
  .regex(/^\d+(\.\d{1,18})?$/, "a USD amount such as 5 or 0.25")
  .transform((text) => parseUnits(text, 18));

const rpcUrl = z.url({ protocol: /^(https?|wss?)$/, error: "an http(s) or ws(s) URL" });

const schema = z.strictObject({
  /** JSON-RPC endpoints, tried in order; a failing one is skipped for the next. */
  rpcUrls: z.array(rpcUrl).min(1, "at least one RPC URL"),
  /** The deployment manifest (`keel devnet` writes deployments/devnet.json). */
  manifest: z.string().min(1),
  /** The keeper's key (0x + 64 hex digits); or `account`, a label from the manifest's accounts (devnet only). */
  privateKey: z
    .string()
    .refine((key) => isHex(key) && key.length === 66, "0x followed by 64 hex digits")
    .optional(),
  account: z.string().min(1).optional(),
  /** Simulate and log every opportunity, send nothing. */
  dryRun: z.boolean(),
  /** Per request: an endpoint that has not answered after this long is skipped for the next. */
  rpcTimeoutMs: z.number().int().min(100).max(120_000),
  /** How often to look for a new block. */
  pollIntervalMs: z.number().int().min(50).max(60_000),
  jobs: z.strictObject({
    liquidations: z.boolean(),
    auctions: z.boolean(),
    policies: z.boolean(),
  }),
  /** Least profit, after gas and the safety buffer, worth a transaction. */
  minProfitUsd: usd,
  /** Taken off every expected profit before comparing, for prices moving before the block. */
  safetyBufferUsd: usd,
  /** The most a sale may return below its quote, in basis points. */
  slippageBps: z.number().int().min(0).max(2000),
  /** A full re-check of every account and vault, every this many blocks (and after a restart). */
  fullScanEveryBlocks: z.number().int().min(1),
  /** Deepest reorg handled; deeper ones trigger a full resync. */
  maxReorgDepth: z.number().int().min(1).max(10_000),
  /** Largest block range per eth_getLogs request. */
  logRange: z.number().int().min(1).max(100_000),
  /** A transaction not mined after this many blocks is replaced at higher fees. */
  replaceAfterBlocks: z.number().int().min(1),
  /** Each replacement raises the fees by this much (nodes require at least 10%). */
  feeBumpBps: z.number().int().min(1000).max(10_000),
  /** Where /health and /metrics listen; port 0 picks a free port. */
  http: z.strictObject({ host: z.string().min(1), port: z.number().int().min(0).max(65_535) }),
  log: z.strictObject({
    level: z.enum(["silent", "fatal", "error", "warn", "info", "debug", "trace"]),
    /** `json` for machines, `pretty` for a terminal. */
    format: z.enum(["json", "pretty"]),
  }),
  /** A JSON file of signed policies, `[{ "policy": {...}, "signature": "0x…" }]`, besides those posted on chain. */
  policiesFile: z.string().min(1).optional(),
});

export type KeeperConfig = z.output<typeof schema>;
type RawConfig = z.input<typeof schema>;

export const DEFAULTS: Omit<RawConfig, "rpcUrls" | "manifest"> = {
  dryRun: false,
  rpcTimeoutMs: 4000,
  pollIntervalMs: 1000,
  jobs: { liquidations: true, auctions: true, policies: true },
  minProfitUsd: "1",
  safetyBufferUsd: "0.5",
  slippageBps: 100,
  fullScanEveryBlocks: 50,
  maxReorgDepth: 64,
  logRange: 2000,
  replaceAfterBlocks: 3,
  feeBumpBps: 1250,
  http: { host: "127.0.0.1", port: 9464 },
  log: { level: "info", format: "json" },
};

/** The environment variables the keeper reads, and the setting each sets. */
export const ENVIRONMENT = {
  KEEL_KEEPER_RPC_URLS: "rpcUrls (comma-separated)",
  KEEL_KEEPER_MANIFEST: "manifest",
  KEEL_KEEPER_PRIVATE_KEY: "privateKey",
  KEEL_KEEPER_ACCOUNT: "account",
  KEEL_KEEPER_DRY_RUN: "dryRun (true or false)",
  KEEL_KEEPER_MIN_PROFIT_USD: "minProfitUsd",
  KEEL_KEEPER_PORT: "http.port",
  KEEL_KEEPER_LOG_LEVEL: "log.level",
  KEEL_KEEPER_LOG_FORMAT: "log.format",
} as const;

/** A configuration that cannot run, with every problem named. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Overrides given on the command line. */
export type ConfigFlags = {
  config?: string;
  rpc?: string[];
  manifest?: string;
  privateKey?: string;
  account?: string;
  dryRun?: boolean;
  port?: number;
};

type Layer = Record<string, unknown>;

function fromFile(file: string): Layer {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(`Cannot read the configuration file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as Layer;
  } catch (error) {
    throw new ConfigError(`The configuration file ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function fromEnvironment(env: NodeJS.ProcessEnv): Layer {
  const layer: Layer = {};
  const bool = (name: string, text: string) => {
    if (text !== "true" && text !== "false") throw new ConfigError(`${name} must be true or false, not "${text}".`);
    return text === "true";
  };
  const int = (name: string, text: string) => {
    if (!/^\d+$/.test(text)) throw new ConfigError(`${name} must be a whole number, not "${text}".`);
    return Number(text);
  };
  if (env.KEEL_KEEPER_RPC_URLS) layer.rpcUrls = env.KEEL_KEEPER_RPC_URLS.split(",").map((url) => url.trim());
  if (env.KEEL_KEEPER_MANIFEST) layer.manifest = env.KEEL_KEEPER_MANIFEST;
  if (env.KEEL_KEEPER_PRIVATE_KEY) layer.privateKey = env.KEEL_KEEPER_PRIVATE_KEY;
  if (env.KEEL_KEEPER_ACCOUNT) layer.account = env.KEEL_KEEPER_ACCOUNT;
  if (env.KEEL_KEEPER_DRY_RUN) layer.dryRun = bool("KEEL_KEEPER_DRY_RUN", env.KEEL_KEEPER_DRY_RUN);
  if (env.KEEL_KEEPER_MIN_PROFIT_USD) layer.minProfitUsd = env.KEEL_KEEPER_MIN_PROFIT_USD;
  if (env.KEEL_KEEPER_PORT) layer.http = { port: int("KEEL_KEEPER_PORT", env.KEEL_KEEPER_PORT) };
  const log: Layer = {};
  if (env.KEEL_KEEPER_LOG_LEVEL) log.level = env.KEEL_KEEPER_LOG_LEVEL;
  if (env.KEEL_KEEPER_LOG_FORMAT) log.format = env.KEEL_KEEPER_LOG_FORMAT;
  if (Object.keys(log).length > 0) layer.log = log;
  return layer;
}

function fromFlags(flags: ConfigFlags): Layer {
  const layer: Layer = {};
  if (flags.rpc && flags.rpc.length > 0) layer.rpcUrls = flags.rpc;
  if (flags.manifest) layer.manifest = flags.manifest;
  if (flags.privateKey) layer.privateKey = flags.privateKey;
  if (flags.account) layer.account = flags.account;
  if (flags.dryRun !== undefined) layer.dryRun = flags.dryRun;
  if (flags.port !== undefined) layer.http = { port: flags.port };
  return layer;
}

/** Deep merge of plain objects; arrays and scalars replace. */
function merge(base: Layer, over: Layer): Layer {
  const out: Layer = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    const bothObjects =
      typeof value === "object" &&
      value !== null &&
      !Array.isArray(value) &&
      typeof prior === "object" &&
      prior !== null;
    out[key] = bothObjects ? merge(prior as Layer, value as Layer) : value;
  }
  return out;
}

/**
 * The configuration the keeper runs with. `manifest` defaults to `defaultManifest`, and the RPC URLs to
 * the manifest's own `rpcUrl` when none is given (resolved by the caller, which reads the manifest).
 */
export function loadConfig(options: {
  flags: ConfigFlags;
  env: NodeJS.ProcessEnv;
  defaultManifest: string;
  manifestRpcUrl?: (manifest: string) => string | undefined;
}): KeeperConfig {
  const { flags, env } = options;
  let layered = merge(DEFAULTS as Layer, flags.config ? fromFile(flags.config) : {});
  layered = merge(layered, fromEnvironment(env));
  layered = merge(layered, fromFlags(flags));
  if (layered.manifest === undefined) layered.manifest = options.defaultManifest;
  layered.manifest = path.resolve(String(layered.manifest));
  if (layered.rpcUrls === undefined) {
    const fallback = options.manifestRpcUrl?.(layered.manifest as string);
    if (fallback === undefined) {
      throw new ConfigError(
        `No RPC URL: pass --rpc, set KEEL_KEEPER_RPC_URLS or rpcUrls, or point --manifest at a deployment that names one (none readable at ${layered.manifest}; npm start writes it).`,
      );
    }
    layered.rpcUrls = [fallback];
  }
  const parsed = schema.safeParse(layered);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
      return `  ${where}: ${issue.message}`;
    });
    throw new ConfigError(`The keeper's configuration is not valid:\n${problems.join("\n")}`);
  }
  const config = parsed.data;
  if (config.privateKey !== undefined && config.account !== undefined) {
    throw new ConfigError("Give the keeper either privateKey or account, not both.");
  }
  if (config.privateKey === undefined && config.account === undefined) {
    throw new ConfigError(
      "The keeper needs a key to send transactions: set KEEL_KEEPER_PRIVATE_KEY (or privateKey in the file), or on a devnet --account keeper.",
    );
  }
  return config;
}

/** The key the keeper signs with: its own, or a labelled account of a devnet manifest. */
export function keeperKey(
  config: KeeperConfig,
  accounts: readonly { label: string; privateKey: Hex }[],
  chainId: number,
): Hex {
  if (config.privateKey !== undefined) return config.privateKey as Hex;
  const match = accounts.find((account) => account.label === config.account);
  if (match === undefined) {
    const labels = accounts.map((account) => account.label).join(", ");
    throw new ConfigError(`The manifest has no account labelled "${config.account}" (it has: ${labels || "none"}).`);
  }
  if (chainId !== 31337) {
    throw new ConfigError(
      `account "${config.account}" names a published test key, usable on a devnet only; this chain is ${chainId}. Set privateKey.`,
    );
  }
  return match.privateKey;
}
