// Answers depend only on the indexed state, which moves once per indexed block: a GET answered at one
// head is answered again from memory until the head moves (and for 2 s at most, so a reorganization
// back to the same height is never served stale for long). This is what keeps the market table and
// an account's positions fast under load: one computation per block, not one per request.
import type { MiddlewareHandler } from "hono";
import { indexedHead } from "./head.ts";

const MAX_ENTRIES = 5_000;
const MAX_AGE_MS = 2_000;

type Entry = { head: bigint; at: number; headers: Record<string, string>; body: string };
const entries = new Map<string, Entry>();

export const cachePerHead: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== "GET") return next();
  const key = c.req.url;
  const head = (await indexedHead()).number;
  const hit = entries.get(key);
  if (hit && hit.head === head && Date.now() - hit.at < MAX_AGE_MS) {
    return c.body(hit.body, 200, { ...hit.headers, "x-keel-cache": "hit" });
  }
  await next();
  if (c.res.status !== 200) return;
  const headers = Object.fromEntries(c.res.headers.entries());
  if (headers["content-type"]?.includes("event-stream")) return;
  const body = await c.res.clone().text();
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { head, at: Date.now(), headers, body });
};
