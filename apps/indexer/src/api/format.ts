// How the REST API answers: JSON with amounts as decimal strings (they exceed 2^53), CSV on request,
// keyset cursors over `seq`, and errors as a sentence with a status.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";

/** JSON with every bigint as a decimal string. */
export function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? v.toString() : v)));
}

export function json(c: Context, value: unknown, status: 200 | 404 = 200) {
  return c.json(toJson(value) as object, status);
}

/** A 400 with a sentence a person can act on. */
export function badRequest(message: string): never {
  throw new HTTPException(400, { message });
}

export function notFound(message: string): never {
  throw new HTTPException(404, { message });
}

/** `?block=N`: a whole block number, or undefined for the latest indexed state. */
export function blockParam(c: Context): bigint | undefined {
  const raw = c.req.query("block");
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d{1,15}$/.test(raw)) badRequest(`block must be a block number (got "${raw}").`);
  return BigInt(raw);
}

export function addressParam(raw: string | undefined, name: string): `0x${string}` {
  if (raw === undefined || !/^0x[0-9a-fA-F]{40}$/.test(raw))
    badRequest(`${name} must be a 0x-prefixed 20-byte address (got "${raw ?? ""}").`);
  return raw.toLowerCase() as `0x${string}`;
}

export function integerParam(c: Context, name: string, fallback?: number, max = 1e15): number | undefined {
  const raw = c.req.param(name) ?? c.req.query(name);
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > max)
    badRequest(`${name} must be a whole number up to ${max} (got "${raw}").`);
  return Number(raw);
}

export const MAX_PAGE = 500;

/** `?limit=` (1..500, 100 by default) and `?cursor=` (the `next` of the previous page). */
export function pageParams(c: Context): { limit: number; cursor: bigint | undefined } {
  const limit = integerParam(c, "limit", 100, MAX_PAGE) as number;
  if (limit < 1) badRequest("limit must be at least 1.");
  const raw = c.req.query("cursor");
  if (raw !== undefined && raw !== "" && !/^\d{1,30}$/.test(raw))
    badRequest(`cursor must be the "next" value of a previous page (got "${raw}").`);
  return { limit, cursor: raw ? BigInt(raw) : undefined };
}

/** A page of rows ordered by `seq`: the rows, and the cursor of the next page (null at the end). */
export function page<T extends { seq: bigint }>(rows: T[], limit: number): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items[items.length - 1].seq.toString() : null };
}

/** RFC 4180 CSV of flat rows; the header is the first row's keys. */
export function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const columns = Object.keys(rows[0]);
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? "" : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[columns.join(","), ...rows.map((row) => columns.map((col) => cell(row[col])).join(","))].join("\r\n")}\r\n`;
}
