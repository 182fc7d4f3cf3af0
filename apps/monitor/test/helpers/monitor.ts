// The monitor in this process over real JSON-RPC, and the waits the tests use (conditions, never sleeps).
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { RunningDevnet } from "../../../keeper/test/helpers/devnet.ts";
import { chainClients } from "../../../keeper/test/helpers/keeper.ts";
import { loadConfig, startMonitor } from "../../src/index.ts";

export type RunningMonitor = Awaited<ReturnType<typeof startInProcess>>;

/** Starts the monitor on `rules` with its store in `dataDir` (or PostgreSQL at `databaseUrl`). */
export async function startInProcess(
  devnet: RunningDevnet,
  options: {
    rules: string;
    dataDir: string;
    manifest?: string;
    rpcUrls?: string[];
    env?: NodeJS.ProcessEnv;
    databaseUrl?: string;
    schema?: string;
    indexerUrl?: string;
  },
) {
  const config = loadConfig({
    flags: {
      rules: options.rules,
      manifest: options.manifest ?? devnet.manifestPath,
      rpc: options.rpcUrls ?? [devnet.rpcUrl],
      dataDir: options.dataDir,
      databaseUrl: options.databaseUrl,
      indexer: options.indexerUrl,
      port: 0,
      pollIntervalMs: 100,
      // Quiet unless asked: KEEL_TEST_MONITOR_LOG=info shows what the monitor decided, for a failing test.
      logLevel: process.env.KEEL_TEST_MONITOR_LOG ?? "silent",
    },
    env: options.schema ? { KEEL_MONITOR_SCHEMA: options.schema } : {},
    cwd: process.cwd(),
    manifestRpcUrl: () => undefined,
  });
  const lines: string[] = [];
  const controller = new AbortController();
  const started = await startMonitor({ ...config, rpcTimeoutMs: 1000 }, controller.signal, {
    env: options.env,
    write: (line) => void lines.push(line),
  });
  return {
    ...started,
    lines,
    stop: async () => {
      controller.abort();
      await started.done;
    },
  };
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs` (a bound for a broken run, not a measurement). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 90_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the monitor evaluated the chain's head and its outbox has nothing due. */
export async function settled(devnet: RunningDevnet, monitor: RunningMonitor): Promise<bigint> {
  const head = await chainClients(devnet).publicClient.getBlockNumber();
  await waitFor(() => (monitor.monitor.status.head?.number ?? -1n) >= head, `the monitor to evaluate block ${head}`);
  await waitFor(async () => ((await monitor.store.deliveryCounts()).pending ?? 0) === 0, "the outbox to drain");
  return head;
}

/**
 * An operator's rules file with one rule that stays quiet on the devnet (DAI utilization above 99.9%),
 * written in `dir`: every alert a test of users' rules then sees is a user's.
 */
export function quietRulesFile(dir: string): string {
  const file = path.join(dir, "rules.yaml");
  writeFileSync(
    file,
    `version: 1
channels:
  out: { type: stdout }
rules:
  - id: dai-utilization
    watch: { reserves: ["0:DAI"] }
    condition: { type: utilization, above: 99.9 }
    severity: info
    channels: [out]
`,
  );
  return file;
}
