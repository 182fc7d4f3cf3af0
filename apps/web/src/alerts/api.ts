// The monitor's API for alerts (apps/monitor/src/api): sign-in nonces, Sign-In with Ethereum, and the
// signed-in address's own rules. Every failure becomes a MonitorError whose message is a sentence.
import type { Address } from "viem";

export type UserCondition =
  | { type: "healthFactor"; below: number; target?: number }
  | { type: "vaultRatio"; below?: number; minimumMargin?: number; target?: number }
  | { type: "priceDrop"; percent: number; window: string }
  | { type: "liquidated" }
  | { type: "auctionStarted" };

export type UserChannel = { type: "stdout" } | { type: "webhook"; url: string };

export type Severity = "info" | "warning" | "critical";

/** What a new rule is made of; whom it watches is the signed-in address, set by the monitor. */
export type NewRule = {
  condition: UserCondition;
  pools?: number[];
  assets?: string[];
  severity: Severity;
  channel: UserChannel;
};

export type UserRule = NewRule & { id: string; address: Address; createdAt: string };

export type Session = { token: string; address: Address; expiresAt: string };

export class MonitorError extends Error {
  override name = "MonitorError";
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

async function request<T>(
  monitorUrl: string,
  method: string,
  route: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${monitorUrl}${route}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: "no-store",
    });
  } catch {
    throw new MonitorError(
      `The monitor at ${monitorUrl} did not answer: it may be down, or not set up to serve this app (its KEEL_MONITOR_APP_ORIGINS must include ${window.location.origin}).`,
      0,
    );
  }
  const text = await response.text();
  let body: (T & { error?: string }) | undefined;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!response.ok)
    throw new MonitorError(body?.error ?? `The monitor answered HTTP ${response.status}.`, response.status);
  return body as T;
}

export const getNonce = (monitorUrl: string) =>
  request<{ nonce: string; expiresAt: string }>(monitorUrl, "GET", "/v1/auth/nonce");

export const verifySignIn = (monitorUrl: string, message: string, signature: string) =>
  request<Session>(monitorUrl, "POST", "/v1/auth/verify", { body: { message, signature } });

export const endSession = (monitorUrl: string, token: string) =>
  request<unknown>(monitorUrl, "DELETE", "/v1/auth/session", { token });

export const listRules = (monitorUrl: string, token: string) =>
  request<{ address: Address; limit: number; rules: UserRule[] }>(monitorUrl, "GET", "/v1/rules", { token });

export const createRule = (monitorUrl: string, token: string, rule: NewRule) =>
  request<{ rule: UserRule; webhookSecret?: string }>(monitorUrl, "POST", "/v1/rules", { token, body: rule });

export const deleteRule = (monitorUrl: string, token: string, id: string) =>
  request<unknown>(monitorUrl, "DELETE", `/v1/rules/${encodeURIComponent(id)}`, { token });
