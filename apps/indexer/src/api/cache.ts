// Answers depend only on the indexed state, which moves once per indexed block. Each GET's answer is
// kept with the head it was computed at. While the head is the same, it is served from memory; once
// the head moves (or every 10 s, so a reorganization back to the same height is not served for long),
// one request computes the new answer while the others are served the previous one, which names its
// own block. A URL seen for the first time is computed once, however many ask at the same moment.
// This is what keeps the market table and an account's positions fast under load.
import type { Context, MiddlewareHandler, Next } from "hono";
import { indexedHead } from "./head.ts";

const MAX_ENTRIES = 5_000;
const MAX_AGE_MS = 10_000;

type Answer = { headers: Record<string, string>; body: string };
type Entry = { head: bigint; at: number; answer: Answer; refreshing: boolean };

const entries = new Map<string, Entry>();
const firstAnswers = new Map<string, Promise<Answer | undefined>>();

async function compute(c: Context, next: Next): Promise<Answer | undefined> {
  await next();
  if (c.res.status !== 200) return undefined;
  const headers = Object.fromEntries(c.res.headers.entries());
  if (headers["content-type"]?.includes("event-stream")) return undefined;
  return { headers, body: await c.res.clone().text() };
}

function remember(key: string, head: bigint, answer: Answer | undefined): void {
  if (!answer) {
    entries.delete(key);
    return;
  }
  if (!entries.has(key) && entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { head, at: Date.now(), answer, refreshing: false });
}

const served = (c: Context, answer: Answer, how: string) =>
  c.body(answer.body, 200, { ...answer.headers, "x-keel-cache": how });

export const cachePerHead: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "GET") return next();
  const key = c.req.url;
  const head = (await indexedHead()).number;
  const entry = entries.get(key);
  if (entry) {
    const fresh = entry.head === head && Date.now() - entry.at < MAX_AGE_MS;
    if (fresh || entry.refreshing) return served(c, entry.answer, fresh ? "hit" : "stale");
    entry.refreshing = true;
    try {
      remember(key, head, await compute(c, next));
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
    remember(key, head, await computing);
  } finally {
    firstAnswers.delete(key);
  }
};
