import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Logger } from "@keel/keeper";
import type { Auth } from "./auth.ts";
import { RequestError, RULES_PER_USER, type UserRules } from "./userRules.ts";

/**
 * The app's API, under /v1 on the monitor's HTTP port (beside /health and /metrics):
 *
 *   GET    /v1/auth/nonce      a fresh nonce for a Sign-In with Ethereum message
 *   POST   /v1/auth/verify     { message, signature } → { token, address, expiresAt }
 *   DELETE /v1/auth/session    ends the session
 *   GET    /v1/rules           the signed-in address's rules
 *   POST   /v1/rules           a new rule → { rule, webhookSecret? }
 *   GET    /v1/rules/:id       one of them (404 for anyone else's)
 *   DELETE /v1/rules/:id       deletes one of them (404 for anyone else's)
 *
 * Only the configured app origins may call it from a browser (CORS, preflight included); every
 * answer is JSON, and a refusal says why in `error`.
 */

/** The largest request body read, in bytes. */
const MAX_BODY = 16 * 1024;

export type Api = { auth: Auth; rules: UserRules; appOrigins: string[]; log: Logger };

/**
 * Puts the API in front of a server's own routes (the keeper's /health and /metrics): /v1/… is the
 * API's, everything else goes where it went before. `api` undefined: the API is off, and says how to
 * turn it on.
 */
export function attachApi(server: Server, api: Api | undefined): void {
  const before = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const route = (request.url ?? "/").split("?")[0];
    if (route !== "/v1" && !route.startsWith("/v1/")) {
      for (const listener of before) listener.call(server, request, response);
      return;
    }
    if (api === undefined) {
      send(response, 404, {
        error:
          "The monitor's user rules are off: start it with KEEL_MONITOR_APP_ORIGINS set to the app's origin to turn them on.",
      });
      return;
    }
    handle(api, route, request, response).catch((error: unknown) => {
      api.log.error({ err: (error as Error).message, route }, "API request failed");
      send(response, 500, { error: "The monitor could not answer this request; try again." });
    });
  });
}

async function handle(api: Api, route: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const origin = request.headers.origin;
  // A browser on another site gets nothing: no CORS headers, and a refusal. Tools without an Origin pass.
  if (origin !== undefined && !api.appOrigins.includes(origin)) {
    send(response, 403, { error: `${origin} is not an app this monitor serves.` });
    return;
  }
  const cors: Record<string, string> =
    origin === undefined ? {} : { "access-control-allow-origin": origin, vary: "Origin" };
  const method = request.method ?? "GET";
  if (method === "OPTIONS") {
    response.writeHead(204, {
      ...cors,
      "access-control-allow-methods": "GET, POST, DELETE",
      "access-control-allow-headers": "authorization, content-type",
      "access-control-max-age": "600",
    });
    response.end();
    return;
  }
  const reply = (status: number, body: unknown) => send(response, status, body, cors);
  const wrong = (allowed: string) => {
    response.setHeader("allow", allowed);
    reply(405, { error: `${route} takes ${allowed} only.` });
  };
  const catching = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      // Refusals carry the CORS headers too, so the app can read the sentence.
      if (error instanceof RequestError) {
        const headers: Record<string, string> = error.status === 401 ? { "www-authenticate": "Bearer" } : {};
        send(response, error.status, { error: error.message }, { ...cors, ...headers });
        return;
      }
      throw error;
    }
  };
  await catching(async () => {
    if (route === "/v1/auth/nonce") {
      if (method !== "GET") return wrong("GET");
      return reply(200, await api.auth.nonce());
    }
    if (route === "/v1/auth/verify") {
      if (method !== "POST") return wrong("POST");
      return reply(200, await api.auth.verify(await readJson(request)));
    }
    if (route === "/v1/auth/session") {
      if (method !== "DELETE") return wrong("DELETE");
      const { tokenHash } = await api.auth.session(request.headers.authorization);
      await api.auth.end(tokenHash);
      return reply(200, { ended: true });
    }
    if (route === "/v1/rules") {
      if (method !== "GET" && method !== "POST") return wrong("GET, POST");
      const { address } = await api.auth.session(request.headers.authorization);
      if (method === "GET") return reply(200, { address, limit: RULES_PER_USER, rules: await api.rules.list(address) });
      return reply(201, await api.rules.create(address, await readJson(request)));
    }
    const ruleId = /^\/v1\/rules\/([^/]+)$/.exec(route)?.[1];
    if (ruleId !== undefined) {
      if (method !== "GET" && method !== "DELETE") return wrong("GET, DELETE");
      const { address } = await api.auth.session(request.headers.authorization);
      const id = safeDecode(ruleId);
      const notFound = () => reply(404, { error: `You have no rule ${id}.` });
      if (method === "GET") {
        const rule = (await api.rules.list(address)).find((r) => r.id === id);
        return rule ? reply(200, rule) : notFound();
      }
      return (await api.rules.delete(address, id)) ? reply(200, { deleted: id }) : notFound();
    }
    reply(404, { error: `No route ${route}: see docs/monitor.md for the API.` });
  });
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A JSON request body, at most MAX_BODY bytes. */
async function readJson(request: IncomingMessage): Promise<unknown> {
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new RequestError("Send JSON, with Content-Type: application/json.", 415);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new RequestError(`The request is larger than ${MAX_BODY} bytes.`, 413);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new RequestError("The request's body is not valid JSON.");
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}
