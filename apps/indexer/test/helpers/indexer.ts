import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const startScript = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../start.ts");

export type RunningIndexer = {
  url: string;
  /** The database schema it writes (or, serving, reads). */
  schema: string;
  /** GET a path of the API and parse its JSON; throws with the body on a status other than 200. */
  // biome-ignore lint/suspicious/noExplicitAny: API answers are JSON the tests check field by field
  get: <T = any>(pathAndQuery: string) => Promise<T>;
  /** GET and return the raw response. */
  fetch: (pathAndQuery: string) => Promise<Response>;
  /** Resolves once the indexed head is at least `block`. */
  waitFor: (block: bigint, timeoutMs?: number) => Promise<void>;
  head: () => Promise<bigint>;
  output: () => string;
  stop: () => Promise<number | null>;
};

let schemas = 0;

/** A new folder for an embedded database. */
export function freshDataDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), "keel-indexer-")), "pglite");
}

/**
 * Starts the indexer as `npm start` does (start.ts, so Ponder in its own process) against a manifest,
 * on PGlite in a fresh folder, or on PostgreSQL in a fresh schema when KEEL_TEST_DATABASE_URL is set.
 */
export async function startIndexer(
  manifestPath: string,
  port: number,
  options: { dataDir?: string; schema?: string; keepData?: boolean; pollingMs?: number; serve?: boolean } = {},
): Promise<RunningIndexer> {
  const databaseUrl = process.env.KEEL_TEST_DATABASE_URL;
  const env: Record<string, string> = {
    KEEL_INDEXER_MANIFEST: manifestPath,
    KEEL_INDEXER_DATA_DIR: options.dataDir ?? freshDataDir(),
    KEEL_INDEXER_POLLING_MS: String(options.pollingMs ?? 100),
    KEEL_INDEXER_LOG_FORMAT: "json",
    KEEL_INDEXER_KEEP_DATA: options.keepData ? "1" : "",
  };
  const args = [startScript, "--port", String(port)];
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  const schema = options.schema ?? `keel_test_${process.pid}_${schemas++}`;
  args.push("--schema", schema);
  if (options.serve) args.push("--serve");
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
  let exitCode: number | null | undefined;
  exited.then((code) => {
    exitCode = code;
  });
  const url = `http://127.0.0.1:${port}`;
  const fetchPath = (pathAndQuery: string) => fetch(`${url}${pathAndQuery}`);
  const get = async (pathAndQuery: string) => {
    const response = await fetchPath(pathAndQuery);
    const body = await response.text();
    if (response.status !== 200) throw new Error(`GET ${pathAndQuery}: ${response.status} ${body}`);
    return JSON.parse(body);
  };
  // The head the REST API answers at (it reads Ponder's checkpoint at most every 250 ms), so an answer
  // asked for right after `waitFor` is already at that block; Ponder's own /status can be ahead of it.
  const head = async () => {
    const { head } = await get("/v1/deployment");
    return BigInt(head.number);
  };
  const waitFor = async (block: bigint, timeoutMs = 240_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitCode !== undefined) throw new Error(`the indexer exited (${exitCode}):\n${output.slice(-4000)}`);
      try {
        if ((await head()) >= block) return;
      } catch {
        // not serving yet
      }
      if (Date.now() > deadline) throw new Error(`the indexer did not reach block ${block}:\n${output.slice(-4000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    url,
    schema,
    get,
    fetch: fetchPath,
    waitFor,
    head,
    output: () => output,
    stop: async () => {
      if (exitCode !== undefined) return exitCode;
      child.kill("SIGINT");
      return exited;
    },
  };
}
