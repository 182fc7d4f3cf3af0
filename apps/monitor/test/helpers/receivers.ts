// Real receivers for every channel, started by the tests: an HTTP server standing in for a webhook
// endpoint, Slack, Discord and Telegram's Bot API, and an SMTP server from the smtp-server package.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** A request a receiver took; `json` is its parsed body. */
export type HttpDelivery = {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: each channel posts a different shape; the tests read the fields they expect.
  json: any;
};

/**
 * One HTTP server for the webhook, Slack, Discord and Telegram channels (each on its own path). Every
 * accepted request is recorded; `failNext` answers the next requests to a path with 500 (not recorded),
 * as a receiver that is down would. Telegram's sendMessage answers `{ ok: true }` like the Bot API.
 */
export class HttpReceiver {
  readonly received: HttpDelivery[] = [];
  readonly refused: Record<string, number> = {};
  failNext: Record<string, number> = {};
  private server: Server | undefined;
  url = "";

  /** Listens on 127.0.0.1 at `port` (any free one by default); resolves with its URL. */
  async listen(port = 0): Promise<string> {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        const path = (req.url ?? "/").split("?")[0];
        if ((this.failNext[path] ?? 0) > 0) {
          this.failNext[path]--;
          this.refused[path] = (this.refused[path] ?? 0) + 1;
          res.writeHead(500).end("down for the test");
          return;
        }
        this.received.push({ path, headers: req.headers, body, json: JSON.parse(body) });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          path.endsWith("/sendMessage")
            ? JSON.stringify({ ok: true, result: { message_id: this.received.length } })
            : "{}",
        );
      });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  on(path: string): HttpDelivery[] {
    return this.received.filter((d) => d.path === path);
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

export type Mail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
  headers: Map<string, unknown>;
};

/** An SMTP server that accepts any sender and keeps each message, parsed. */
export class SmtpReceiver {
  readonly mails: Mail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  async listen(): Promise<number> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.mails.push({
              from: mail.from?.text ?? "",
              to: Array.isArray(mail.to) ? mail.to.map((t) => t.text).join(", ") : (mail.to?.text ?? ""),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
              messageId: mail.messageId ?? "",
              headers: mail.headers,
            });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.port = (server.server.address() as AddressInfo).port;
    return this.port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}
