import { createLogger, createReadClient, type Logger, readManifest, serveHttp } from "@keel/keeper";
import { Auth } from "./api/auth.ts";
import { attachApi } from "./api/http.ts";
import { UserRules } from "./api/userRules.ts";
import { indexerHistory } from "./chain/indexer.ts";
import { type Channel, createChannel } from "./channels/channels.ts";
import { ConfigError, type MonitorConfig } from "./config.ts";
import { Outbox } from "./engine/outbox.ts";
import { Samples } from "./engine/samples.ts";
import { Monitor } from "./monitor.ts";
import { createMetrics } from "./observe/metrics.ts";
import { loadRules, type Rules } from "./rules/load.ts";
import { openSql } from "./store/sql.ts";
import { Store } from "./store/store.ts";

export type StartOptions = {
  log?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Where the stdout channel writes (the process's stdout by default). */
  write?: (line: string) => void;
};

/**
 * Starts the monitor: checks the chain is the manifest's, opens the store, serves /health and
 * /metrics, and runs two loops until `signal` aborts: passes over new blocks, and the outbox. That
 * abort is the one shutdown path: both loops finish their round, the HTTP server and the store close,
 * and `done` resolves.
 */
export { readManifest };

export async function startMonitor(config: MonitorConfig, signal: AbortSignal, options: StartOptions = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? createLogger(config, "keel-monitor");
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const deployment = readManifest(config.manifest);
  const rules: Rules = loadRules(config.rules, deployment, env);
  const metrics = createMetrics();
  const client = createReadClient({
    rpcUrls: config.rpcUrls,
    chainId: deployment.chainId,
    timeoutMs: config.rpcTimeoutMs,
    metrics,
    // A pass's reads go out together: one JSON-RPC batch per tick instead of a request each.
    batch: true,
  });
  const chainId = await client.getChainId();
  if (chainId !== deployment.chainId)
    throw new ConfigError(`The RPC serves chain ${chainId}, but the manifest is for chain ${deployment.chainId}.`);
  const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const store = await Store.open(sql, config.schema, (found) =>
    log.warn({ found: found ?? "none" }, "the store was written by another version of the monitor: starting it anew"),
  );
  const history = config.indexerUrl ? indexerHistory(config.indexerUrl, deployment) : undefined;
  const samples = new Samples(history, (error) =>
    log.warn(
      { err: (error as Error).message },
      "indexer history unavailable: windows start with the monitor's own samples until it answers",
    ),
  );
  const channels: Record<string, Channel> = Object.fromEntries(
    Object.entries(rules.channels).map(([name, channel]) => [name, createChannel(channel, env, write)]),
  );
  // The users' rules (made in the app): evaluated whether or not the API is on, so that a monitor
  // restarted without it still sends what its users asked for.
  const userRules = new UserRules({
    store,
    deployment,
    channels,
    write,
    policy: { allowedHosts: new Set(config.userWebhookHosts) },
    onSkip: (id, problem) => log.warn({ rule: id, problem }, "a user's rule no longer resolves: skipped"),
  });
  await userRules.load();
  const monitor = new Monitor({
    client,
    deployment,
    rules: rules.rules,
    userRules: () => userRules.rules(),
    store,
    samples,
    log,
    metrics,
    reorgDepth: config.reorgDepth,
    logRange: config.logRange,
  });
  await monitor.init();
  const outbox = new Outbox(store, channels, log, metrics);
  let lastError: string | undefined;
  const http = await serveHttp({
    host: config.http.host,
    port: config.http.port,
    metrics,
    signal,
    health: () => {
      const evaluatedAt = monitor.status.evaluatedAt;
      // Healthy while blocks keep being evaluated: a pass within the last minute, or a quiet chain.
      const recent = evaluatedAt !== undefined && Date.now() - evaluatedAt < 60_000;
      return {
        healthy: recent || lastError === undefined,
        head: monitor.status.head?.number,
        evaluatedAt,
        alerts: monitor.status.alerts,
        // Pending: queued or being retried; dead: given up after every attempt (see the log).
        deliveries: outbox.counts,
        lastError,
      };
    },
  });
  attachApi(
    http.server,
    config.appOrigins.length === 0
      ? undefined
      : {
          auth: new Auth({ users: store.users, client, chainId, appOrigins: config.appOrigins }),
          rules: userRules,
          appOrigins: config.appOrigins,
          log,
        },
  );
  log.info(
    {
      chainId,
      rules: rules.rules.length,
      userRules: userRules.rules().length,
      channels: Object.keys(rules.channels),
      http: http.url,
      appOrigins: config.appOrigins,
    },
    "monitor started",
  );

  const passes = loop(signal, config.pollIntervalMs, async () => {
    try {
      while ((await monitor.pass()) !== "idle" && !signal.aborted) {}
      lastError = undefined;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      metrics.passErrors.inc();
      log.warn({ err: lastError }, "pass failed; retrying at the next poll");
    }
  });
  const deliveries = loop(signal, 250, async () => {
    try {
      await outbox.flush();
    } catch (error) {
      log.warn({ err: (error as Error).message }, "outbox round failed");
    }
  });
  const done = Promise.all([passes, deliveries]).then(async () => {
    for (const channel of Object.values(channels)) channel.close?.();
    await sql.close();
    log.info("monitor stopped");
  });
  return { monitor, store, outbox, userRules, url: http.url, done };
}

/** Runs `round` every `intervalMs` until `signal` aborts (a round in flight finishes first). */
async function loop(signal: AbortSignal, intervalMs: number, round: () => Promise<void>): Promise<void> {
  while (!signal.aborted) {
    await round();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}
