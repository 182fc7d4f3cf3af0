// The app's HTTP server: the built files, /config.json and /health. Hashed assets are cached for a year
// (their names change with their content); index.html never is, so a new build is seen at once. Every
// path that is not a file is the app (its router takes it from there). Headers keep the app out of
// frames (no clickjacking of a signing page) and limit where it may connect to the configured services.
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { PublicConfig } from "./config.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".woff2": "font/woff2",
};

/** The Content-Security-Policy: scripts from this origin only, connections to the configured services. */
export function contentSecurityPolicy(config: PublicConfig): string {
  const origins = [...config.network.rpcUrls, config.indexerUrl, config.monitorUrl, config.keeperUrl]
    .filter((u): u is string => u !== undefined)
    .map((u) => new URL(u).origin);
  // RPC over WebSocket is allowed to the same hosts.
  const sockets = origins.map((o) => o.replace(/^http/, "ws"));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${[...new Set([...origins, ...sockets])].join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

export async function serveApp(options: {
  dist: string;
  host: string;
  port: number;
  config: PublicConfig;
}): Promise<Server> {
  const { dist, config } = options;
  const indexFile = path.join(dist, "index.html");
  // Read at each request (it is small), so a new build is served without a restart.
  const index = () => readFile(indexFile);
  await index().catch(() => {
    throw new Error(`The app is not built: ${indexFile} is missing. Run \`npm run build --workspace apps/web\`.`);
  });
  const configBody = JSON.stringify(config);
  const security = {
    "Content-Security-Policy": contentSecurityPolicy(config),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
  };
  const server = createServer((request, response) => {
    // One bad request must never stop the server: anything thrown answers that request alone.
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { "Content-Type": TYPES[".txt"] });
      response.end("internal error");
    });
  });
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://app").pathname);
    } catch {
      response.writeHead(400, { "Content-Type": TYPES[".txt"] }).end("malformed path");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    if (pathname === "/config.json") {
      response
        .writeHead(200, { ...security, "Content-Type": TYPES[".json"], "Cache-Control": "no-store" })
        .end(configBody);
      return;
    }
    if (pathname === "/health") {
      response.writeHead(200, { "Content-Type": TYPES[".json"] }).end(JSON.stringify({ status: "ok" }));
      return;
    }
    const file = path.join(dist, path.normalize(pathname));
    // Inside the build, and never a dot-folder in it (the build manifest in .vite is for tools, not browsers).
    const inside = file.startsWith(dist + path.sep) && !pathname.split("/").some((part) => part.startsWith("."));
    const info = inside ? await stat(file).catch(() => undefined) : undefined;
    if (info?.isFile()) {
      const hashed = pathname.startsWith("/assets/");
      const body = await encoded(file, info.mtimeMs, request.headers["accept-encoding"]);
      response.writeHead(200, {
        ...security,
        "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "Content-Length": body.data.length,
        "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
        Vary: "Accept-Encoding",
        ...(body.encoding ? { "Content-Encoding": body.encoding } : {}),
      });
      response.end(request.method === "HEAD" ? undefined : body.data);
      return;
    }
    // A missing asset is a 404 (a stale page asking for an old build's file must not get HTML back).
    if (pathname.startsWith("/assets/") || path.extname(pathname) !== "") {
      response.writeHead(404, { "Content-Type": TYPES[".txt"] }).end("not found");
      return;
    }
    const html = await index().catch(() => undefined);
    if (!html) {
      response.writeHead(503, { "Content-Type": TYPES[".txt"] }).end("the app is being built; try again in a moment");
      return;
    }
    response.writeHead(200, { ...security, "Content-Type": TYPES[".html"], "Cache-Control": "no-cache" }).end(html);
  }
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, resolve);
  });
  return server;
}

/** Text is sent compressed (brotli, else gzip) when the browser accepts it; each file is compressed once. */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".svg", ".json", ".txt", ".map"]);
const compressed = new Map<string, { data: Buffer; encoding?: string; mtime: number }>();

async function encoded(file: string, mtime: number, accept: string | string[] | undefined) {
  const wants = String(accept ?? "");
  const encoding = !COMPRESSIBLE.has(path.extname(file))
    ? undefined
    : /\bbr\b/.test(wants)
      ? "br"
      : /\bgzip\b/.test(wants)
        ? "gzip"
        : undefined;
  // One entry per file and encoding, replaced when the file changes (a rebuild under a running server).
  const key = `${file}:${encoding ?? "identity"}`;
  const cached = compressed.get(key);
  if (cached && cached.mtime === mtime) return cached;
  const raw = await readFile(file);
  const data =
    encoding === "br"
      ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
      : encoding === "gzip"
        ? gzipSync(raw, { level: 9 })
        : raw;
  const entry = { data, encoding, mtime };
  compressed.set(key, entry);
  return entry;
}
