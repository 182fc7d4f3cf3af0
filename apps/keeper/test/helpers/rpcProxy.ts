import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

/** What the proxy does to one JSON-RPC request. */
export type Fault =
  | "pass"
  /** The socket is closed without an answer, before the request reaches the node. */
  | "drop"
  /** The request reaches the node, then the socket is closed: the node acted, the client never hears. */
  | "drop-after"
  | "http-500"
  | "rate-limit"
  /** The answer is held far past any client timeout. */
  | "timeout";

/**
 * A JSON-RPC proxy in front of a node, whose faults a test chooses request by request: `decide` sees each
 * request's method(s) and returns what to do. It counts what it did, so a test can assert faults were
 * really injected.
 */
export class RpcProxy {
  readonly counts: Record<Fault, number> = {
    pass: 0,
    drop: 0,
    "drop-after": 0,
    "http-500": 0,
    "rate-limit": 0,
    timeout: 0,
  };
  private server: Server | undefined;
  private readonly held = new Set<ServerResponse>();
  private readonly upstream: URL;
  decide: (methods: string[]) => Fault = () => "pass";

  constructor(upstream: string) {
    this.upstream = new URL(upstream);
  }

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    let methods: string[] = [];
    try {
      const parsed = JSON.parse(body.toString());
      methods = (Array.isArray(parsed) ? parsed : [parsed]).map((call: { method: string }) => call.method);
    } catch {
      methods = [];
    }
    const fault = this.decide(methods);
    this.counts[fault]++;
    if (fault === "drop") return void res.socket?.destroy();
    if (fault === "http-500") return void res.writeHead(500).end("internal error");
    if (fault === "rate-limit") return void res.writeHead(429, { "retry-after": "0" }).end("too many requests");
    if (fault === "timeout") {
      this.held.add(res);
      return;
    }
    const answer = await this.forward(body).catch(() => undefined);
    if (answer === undefined) return void res.writeHead(502).end("upstream unreachable");
    if (fault === "drop-after") return void res.socket?.destroy();
    res.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
  }

  private forward(body: Buffer): Promise<{ status: number; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          hostname: this.upstream.hostname,
          port: this.upstream.port,
          path: "/",
          method: "POST",
          headers: { "content-type": "application/json" },
        },
        (response) => {
          const parts: Buffer[] = [];
          response.on("data", (part) => parts.push(part));
          response.on("end", () => resolve({ status: response.statusCode ?? 502, body: Buffer.concat(parts) }));
        },
      );
      upstream.on("error", reject);
      upstream.end(body);
    });
  }
}
