import type { KeelContext } from "./context.ts";
import { UsageError } from "./errors.ts";

/** Where `npm start` serves the indexer. */
export const DEVNET_INDEXER_URL = "http://127.0.0.1:42069";
const DEVNET_CHAIN_ID = 31337;

/** An indexer that follows this command's deployment, and the block its answers are at. */
export type IndexerLink = { url: string; head: bigint };

type DeploymentAnswer = { chainId: number; pool: string; engine: string | null; head: { number: string } };

/**
 * The indexer to ask instead of scanning the chain: `--indexer <url>` (or KEEL_INDEXER_URL), else on a
 * devnet the one `npm start` runs, if it answers. It is used only when it follows the same deployment
 * (chain, pool and engine) and has indexed a block; `--no-indexer` always reads the chain. A named
 * indexer that cannot be used is an error; the devnet default is only tried.
 */
export async function findIndexer(
  context: KeelContext,
  option: string | boolean | undefined,
): Promise<IndexerLink | undefined> {
  if (option === false) return undefined;
  const named = typeof option === "string" ? option : process.env.KEEL_INDEXER_URL;
  const url = (named ?? (context.deployment.chainId === DEVNET_CHAIN_ID ? DEVNET_INDEXER_URL : undefined))?.replace(
    /\/+$/,
    "",
  );
  if (url === undefined) return undefined;
  const refuse = (why: string): undefined => {
    if (named !== undefined)
      throw new UsageError(
        `The indexer at ${url} ${why}. Leave out --indexer (and KEEL_INDEXER_URL) to read the chain.`,
      );
    return undefined;
  };
  let answer: DeploymentAnswer;
  try {
    const response = await fetch(`${url}/v1/deployment`, { signal: AbortSignal.timeout(named ? 5_000 : 500) });
    if (!response.ok) return refuse(`answered ${response.status} to /v1/deployment`);
    answer = (await response.json()) as DeploymentAnswer;
  } catch {
    return refuse("did not answer");
  }
  const same = (a: string | null | undefined, b: string | undefined) =>
    (a ?? "").toLowerCase() === (b ?? "").toLowerCase();
  if (
    answer.chainId !== context.deployment.chainId ||
    !same(answer.pool, context.deployment.contracts.pool) ||
    !same(answer.engine, context.deployment.cdp?.engine)
  ) {
    return refuse(`follows another deployment (chain ${answer.chainId}, pool ${answer.pool})`);
  }
  const head = BigInt(answer.head.number);
  if (head === 0n) return refuse("has not indexed any block yet");
  return { url, head };
}

/** GET a path of the indexer's API as JSON; a failure is a sentence naming the indexer. */
export async function askIndexer<T>(link: IndexerLink, pathAndQuery: string): Promise<T> {
  const response = await fetch(`${link.url}${pathAndQuery}`, { signal: AbortSignal.timeout(10_000) }).catch(() => {
    throw new UsageError(
      `The indexer at ${link.url} stopped answering. Run again with --no-indexer to read the chain.`,
    );
  });
  if (!response.ok) {
    throw new UsageError(
      `The indexer at ${link.url} answered ${response.status} to ${pathAndQuery}: ${await response.text()}`,
    );
  }
  return (await response.json()) as T;
}
