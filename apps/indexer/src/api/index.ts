// The indexer's HTTP API: Ponder's GraphQL (/graphql) and SQL over HTTP (/sql, with live queries for
// @ponder/client), the REST surface under /v1 (docs/indexer.md lists every endpoint), and a stream of
// new indexed blocks (/v1/stream, server-sent events). Ponder itself serves /health, /ready, /status
// and /metrics.

import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { streamSSE } from "hono/streaming";
import { client, graphql } from "ponder";
import { deployment } from "../settings.ts";
import { cachePerHead } from "./cache.ts";
import { indexedHead } from "./head.ts";
import { accounts } from "./routes/accounts.ts";
import { cdp } from "./routes/cdp.ts";
import { history } from "./routes/history.ts";
import { markets } from "./routes/markets.ts";
import { whatIf } from "./routes/whatIf.ts";

const v1 = new Hono();
v1.use("*", async (c, next) => (c.req.path.endsWith("/stream") ? next() : cachePerHead(c, next)));
v1.route("/", markets);
v1.route("/", accounts);
v1.route("/", cdp);
v1.route("/", history);
v1.route("/", whatIf);

/** Which deployment this indexer follows and how far it has indexed, so clients can check they agree. */
v1.get("/deployment", async (c) => {
  const head = await indexedHead();
  return c.json({
    chainId: deployment.chainId,
    pool: deployment.contracts.pool,
    engine: deployment.cdp?.engine ?? null,
    startBlock: deployment.startBlock,
    head: { number: head.number.toString(), timestamp: head.timestamp.toString() },
  });
});

/** Server-sent events: `block` with the indexed head each time it moves (checked every 500 ms). */
v1.get("/stream", (c) =>
  streamSSE(c, async (stream) => {
    let last = -1n;
    let id = 0;
    while (!stream.aborted) {
      const head = await indexedHead();
      if (head.number !== last) {
        last = head.number;
        await stream.writeSSE({
          event: "block",
          id: String(id++),
          data: JSON.stringify({ number: head.number.toString(), timestamp: head.timestamp.toString() }),
        });
      }
      await stream.sleep(500);
    }
  }),
);

v1.notFound((c) =>
  c.json({ error: `no such endpoint: ${c.req.method} ${c.req.path}. See docs/indexer.md for the list.` }, 404),
);
v1.onError((error, c) => {
  if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
  console.error(error);
  return c.json({ error: "the indexer could not answer; see its log." }, 500);
});

const app = new Hono();
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.route("/v1", v1);

export default app;
