// Answers depend only on the indexed state, which moves once per indexed block. Each GET's answer is
// kept with the checkpoint it was computed at (Ponder's position in the chain: block timestamp, number
// and last event, so a replaced block moves it too). While the checkpoint is the same, the answer is
// served from memory; once it moves, one request computes the new answer while the others are served
// the previous one, which names its own block. A URL seen for the first time is computed once, however
// many ask at the same moment. This keeps the market table and an account's positions fast under load:
// one computation per block, not one per request.
import type { Context, MiddlewareHandler, Next } from "hono";
import { indexedHead } from "./head.ts";

const MAX_ENTRIES = 5_000;

/** A kept answer: its headers and its body already encoded, so a hit costs no encoding. */
type Answer = { headers: Record<string, string>; body: Uint8Array<ArrayBuffer> };
type Entry = { checkpoint: string; answer: Answer; refreshing: boolean };

const entries = new Map<string, Entry>();
const firstAnswers = new Map<string, Promise<Answer | undefined>>();

async function compute(c: Context, next: Next): Promise<Answer | undefined> {
  await next();
  if (c.res.status !== 200) return undefined;
  const headers = Object.fromEntries(c.res.headers.entries());
  if (headers["content-type"]?.includes("event-stream")) return undefined;
  return { headers, body: new Uint8Array(await c.res.clone().arrayBuffer()) };
}

function remember(key: string, checkpoint: string, answer: Answer | undefined): void {
  if (!answer) {
    entries.delete(key);
    return;
  }
  if (!entries.has(key) && entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { checkpoint, answer, refreshing: false });
}

const served = (c: Context, answer: Answer, how: string) =>
  c.body(answer.body, 200, { ...answer.headers, "x-keel-cache": how });

export const cachePerHead: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "GET") return next();
  const key = c.req.url;
  const { checkpoint } = await indexedHead();
  const entry = entries.get(key);
  if (entry) {
    const fresh = entry.checkpoint === checkpoint;
    if (fresh || entry.refreshing) return served(c, entry.answer, fresh ? "hit" : "stale");
    entry.refreshing = true;
    try {
      remember(key, checkpoint, await compute(c, next));
    } catch (error) {
      entry.refreshing = false;
      throw error;
    }
    return;
  }
  const pending = firstAnswers.get(key);
  if (pending) {
    const answer = await pending;
    if (answer) return served(c, answer, "shared");
    return next();
  }
  const computing = compute(c, next);
  firstAnswers.set(key, computing);
  try {
    remember(key, checkpoint, await computing);
  } finally {
    firstAnswers.delete(key);
  }
};
