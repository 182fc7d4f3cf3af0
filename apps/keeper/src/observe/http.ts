import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** What /health reports: healthy while blocks keep being processed. */
export type HealthReport = { healthy: boolean } & Record<string, unknown>;

/**
 * A service's HTTP endpoint: `/health` (200 when healthy, 503 otherwise, a JSON body either way) and
 * `/metrics` (Prometheus text). It listens until `signal` aborts.
 */
export async function serveHttp(options: {
  host: string;
  port: number;
  metrics: { registry: Registry };
  health: () => HealthReport;
  signal: AbortSignal;
}): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const route = (request.url ?? "/").split("?")[0];
    if (route === "/health") {
      const report = options.health();
      response.writeHead(report.healthy ? 200 : 503, { "content-type": "application/json" });
      response.end(JSON.stringify(report, (_key, value) => (typeof value === "bigint" ? value.toString() : value)));
      return;
    }
    if (route === "/metrics") {
      response.writeHead(200, { "content-type": options.metrics.registry.contentType });
      response.end(await options.metrics.registry.metrics());
      return;
    }
    response.writeHead(404, { "content-type": "text/plain" }).end("Not found: try /health or /metrics\n");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  options.signal.addEventListener("abort", () => server.close(), { once: true });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://${options.host}:${port}` };
}
