import { createHmac } from "node:crypto";
import nodemailer from "nodemailer";
import type { Alert, Phase } from "../engine/types.ts";
import type { ChannelConfig } from "../rules/schema.ts";
import { plainText, subject } from "./text.ts";

/** Delivers one alert (or its confirmation or retraction); throws when the receiver did not take it. */
export type Channel = { send: (alert: Alert, phase: Phase) => Promise<void>; close?: () => void };

/** The HTTP requests a channel makes give up after this long (then the outbox retries). */
const TIMEOUT_MS = 10_000;

/** The JSON a webhook receives. */
export function webhookBody(alert: Alert, phase: Phase): string {
  return JSON.stringify({ phase, alert });
}

/** HMAC-SHA256 over "<timestamp>.<body>", hex: what X-Keel-Signature carries after "sha256=". */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok)
    throw new Error(`HTTP ${response.status} from ${new URL(url).host}: ${(await response.text()).slice(0, 200)}`);
  return response;
}

/** Slack's control characters in message text, escaped as its formatting rules ask. */
export function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A channel of the rules file, with its secrets read from the environment. */
export function createChannel(config: ChannelConfig, env: NodeJS.ProcessEnv, write: (line: string) => void): Channel {
  const secret = (name: string | undefined) => (name === undefined ? undefined : env[name]);
  switch (config.type) {
    case "webhook": {
      const key = secret(config.secretEnv) ?? "";
      return {
        send: async (alert, phase) => {
          const body = webhookBody(alert, phase);
          const timestamp = Math.floor(Date.now() / 1000).toString();
          await post(config.url, body, {
            "x-keel-timestamp": timestamp,
            "x-keel-signature": `sha256=${signWebhook(key, timestamp, body)}`,
            // The same for every attempt: a receiver that saw it already can drop the repeat.
            "x-keel-delivery": `${alert.id}:${phase}`,
          });
        },
      };
    }
    case "slack": {
      const url = config.url ?? secret(config.urlEnv) ?? "";
      return {
        // Slack reads <…> as links and mentions (<!channel>): a token symbol from the chain must not ping anyone.
        send: async (alert, phase) =>
          void (await post(url, JSON.stringify({ text: slackEscape(plainText(alert, phase)) }))),
      };
    }
    case "discord": {
      const url = config.url ?? secret(config.urlEnv) ?? "";
      // Discord refuses content over 2,000 characters; no mention in it (@everyone in a symbol) may ping.
      return {
        send: async (alert, phase) =>
          void (await post(
            url,
            JSON.stringify({ content: plainText(alert, phase).slice(0, 2000), allowed_mentions: { parse: [] } }),
          )),
      };
    }
    case "telegram": {
      const base = (config.baseUrl ?? "https://api.telegram.org").replace(/\/$/, "");
      const url = `${base}/bot${secret(config.tokenEnv)}/sendMessage`;
      return {
        send: async (alert, phase) => {
          const response = await post(
            url,
            JSON.stringify({
              chat_id: config.chatId,
              text: plainText(alert, phase).slice(0, 4096),
              disable_web_page_preview: true,
            }),
          );
          const answer = (await response.json()) as { ok?: boolean; description?: string };
          if (answer.ok !== true)
            throw new Error(`Telegram refused the message: ${answer.description ?? "no reason given"}`);
        },
      };
    }
    case "email": {
      const user = secret(config.userEnv);
      const transport = nodemailer.createTransport({
        host: config.host,
        port: config.port,
        secure: config.secure ?? false,
        auth: user === undefined ? undefined : { user, pass: secret(config.passwordEnv) ?? "" },
        connectionTimeout: TIMEOUT_MS,
        greetingTimeout: TIMEOUT_MS,
        socketTimeout: TIMEOUT_MS,
      });
      return {
        send: async (alert, phase) => {
          await transport.sendMail({
            from: config.from,
            to: config.to,
            subject: subject(alert, phase),
            text: plainText(alert, phase),
            // The same for every attempt, so a mail system can drop a repeat.
            messageId: `<${alert.id}.${phase}@keel-monitor>`,
            headers: { "X-Keel-Alert": alert.id, "X-Keel-Phase": phase },
          });
        },
        close: () => transport.close(),
      };
    }
    case "stdout":
      return {
        send: async (alert, phase) => {
          if (config.format === "text") write(`${plainText(alert, phase)}\n\n`);
          else write(`${JSON.stringify({ phase, ...alert })}\n`);
        },
      };
  }
}
