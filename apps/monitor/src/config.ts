import path from "node:path";
import { ConfigError } from "@keel/keeper";
import { z } from "zod";

/**
 * How the monitor runs (the rules file says what it watches): command-line flags over environment
 * variables over defaults, validated once at start; a bad value stops it with the setting named.
 */

const schema = z.strictObject({
  /** JSON-RPC endpoints, tried in order; a failing one is skipped for the next. */
  rpcUrls: z
    .array(z.url({ protocol: /^(https?|wss?)$/, error: "an http(s) or ws(s) URL" }))
    .min(1, "at least one RPC URL"),
  manifest: z.string().min(1),
  rules: z.string().min(1),
  /** PostgreSQL; without it, the embedded store in `dataDir`. */
  databaseUrl: z.url({ protocol: /^postgres(ql)?$/, error: "a postgres:// URL" }).optional(),
  dataDir: z.string().min(1),
  /** The PostgreSQL schema the store's tables live in (several monitors can share a database). */
  schema: z.string().regex(/^[a-z_][a-z0-9_]*$/, "a plain lowercase SQL name"),
  /** The indexer's URL, for window history older than the monitor's own samples. */
  indexerUrl: z.url({ protocol: /^https?$/ }).optional(),
  pollIntervalMs: z.number().int().min(50).max(60_000),
  rpcTimeoutMs: z.number().int().min(100).max(120_000),
  /** Deepest reorg handled; the store keeps this many blocks of state changes to undo. */
  reorgDepth: z.number().int().min(1).max(10_000),
  logRange: z.number().int().min(1).max(100_000),
  http: z.strictObject({ host: z.string().min(1), port: z.number().int().min(0).max(65_535) }),
  /**
   * The app's origins ("https://app.example", "http://127.0.0.1:5173"): the only ones allowed to call
   * the user-rules API (CORS), and the only domains a Sign-In with Ethereum message may name. Empty:
   * the API is off (rules already stored are still evaluated).
   */
  appOrigins: z.array(
    z
      .url({ protocol: /^https?$/, error: "an http(s) origin" })
      .refine((u) => new URL(u).origin === u, 'an origin: scheme, host and port only, e.g. "https://app.example"'),
  ),
  /**
   * Hosts a user's webhook may name without https, or at a private address (a devnet's or a test's
   * 127.0.0.1). Everything else a user gives must be https to a public address.
   */
  userWebhookHosts: z.array(
    z.string().regex(/^[a-z0-9.:[\]-]+$/i, "a host name or IP address, without scheme or port"),
  ),
  log: z.strictObject({
    level: z.enum(["silent", "fatal", "error", "warn", "info", "debug", "trace"]),
    format: z.enum(["json", "pretty"]),
  }),
});

export type MonitorConfig = z.output<typeof schema>;

/** A configuration that cannot run (the keeper's class, so that one catch serves both). */
export { ConfigError };

/** The environment variables the monitor reads, and the setting each sets. */
export const ENVIRONMENT = {
  KEEL_MONITOR_RPC_URLS: "rpcUrls (comma-separated)",
  KEEL_MONITOR_MANIFEST: "manifest",
  KEEL_MONITOR_RULES: "rules",
  KEEL_MONITOR_DATABASE_URL: "databaseUrl",
  KEEL_MONITOR_DATA_DIR: "dataDir",
  KEEL_MONITOR_SCHEMA: "schema",
  KEEL_MONITOR_INDEXER_URL: "indexerUrl",
  KEEL_MONITOR_PORT: "http.port",
  KEEL_MONITOR_APP_ORIGINS: "appOrigins (comma-separated)",
  KEEL_MONITOR_USER_WEBHOOK_HOSTS: "userWebhookHosts (comma-separated)",
  KEEL_MONITOR_LOG_LEVEL: "log.level",
  KEEL_MONITOR_LOG_FORMAT: "log.format",
} as const;

export type ConfigFlags = Partial<{
  rpc: string[];
  manifest: string;
  rules: string;
  databaseUrl: string;
  dataDir: string;
  indexer: string;
  port: number;
  pollIntervalMs: number;
  logLevel: string;
  logFormat: string;
  appOrigins: string[];
  userWebhookHosts: string[];
}>;

/** A comma-separated list, blanks dropped. */
const list = (text: string | undefined) =>
  text === undefined
    ? undefined
    : text
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");

export function loadConfig(options: {
  flags: ConfigFlags;
  env: NodeJS.ProcessEnv;
  cwd: string;
  manifestRpcUrl: (manifest: string) => string | undefined;
}): MonitorConfig {
  const { flags, env, cwd } = options;
  const port = flags.port ?? (env.KEEL_MONITOR_PORT === undefined ? 9465 : Number(env.KEEL_MONITOR_PORT));
  const manifest = path.resolve(cwd, flags.manifest ?? env.KEEL_MONITOR_MANIFEST ?? "deployments/devnet.json");
  const rpcUrls =
    flags.rpc ??
    env.KEEL_MONITOR_RPC_URLS?.split(",").map((u) => u.trim()) ??
    [options.manifestRpcUrl(manifest)].filter((u): u is string => u !== undefined);
  const raw = {
    rpcUrls,
    manifest,
    rules: path.resolve(cwd, flags.rules ?? env.KEEL_MONITOR_RULES ?? "monitor.rules.yaml"),
    databaseUrl: flags.databaseUrl ?? env.KEEL_MONITOR_DATABASE_URL,
    dataDir: path.resolve(cwd, flags.dataDir ?? env.KEEL_MONITOR_DATA_DIR ?? ".keel/monitor"),
    schema: env.KEEL_MONITOR_SCHEMA ?? "keel_monitor",
    indexerUrl: flags.indexer ?? env.KEEL_MONITOR_INDEXER_URL,
    pollIntervalMs: flags.pollIntervalMs ?? 1000,
    rpcTimeoutMs: 4000,
    reorgDepth: 64,
    logRange: 2000,
    http: { host: "127.0.0.1", port },
    // An origin has no trailing slash; "http://127.0.0.1:5173/" is taken to mean the same.
    appOrigins: (flags.appOrigins ?? list(env.KEEL_MONITOR_APP_ORIGINS) ?? []).map((o) => o.replace(/\/$/, "")),
    userWebhookHosts: (flags.userWebhookHosts ?? list(env.KEEL_MONITOR_USER_WEBHOOK_HOSTS) ?? []).map((h) =>
      h.toLowerCase(),
    ),
    log: {
      level: flags.logLevel ?? env.KEEL_MONITOR_LOG_LEVEL ?? "info",
      format: flags.logFormat ?? env.KEEL_MONITOR_LOG_FORMAT ?? "json",
    },
  };
  if (rpcUrls.length === 0)
    throw new ConfigError(
      `No RPC URL: pass --rpc, set KEEL_MONITOR_RPC_URLS, or point --manifest at a deployment that names one (none readable at ${manifest}).`,
    );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new ConfigError(`The monitor's configuration is not valid:\n${problems.join("\n")}`);
  }
  return parsed.data;
}
