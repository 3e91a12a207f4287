/**
 * Baseline (b) of the edge figure: the catalog read of `GET /videos/:id` with the production driver alone.
 * A bare node:http server that sends the app's exact SQL through `neon()` (HTTP, via the local Neon proxy, as
 * the edge does) and answers the rows as JSON: no framework, no JWT, no blacklist.
 *
 *   PORT=… DATABASE_URL=… NEON_HTTP_ENDPOINT=… BENCH_VIDEO_ID=… node --import tsx bench/edge/direct-sql.ts
 */
import { createServer } from "node:http";
import { neon, neonConfig } from "@neondatabase/serverless";
import { videoDetailsSql } from "./video-sql.js";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

if (process.env.NEON_HTTP_ENDPOINT) neonConfig.fetchEndpoint = process.env.NEON_HTTP_ENDPOINT;
const sql = neon(env("DATABASE_URL"));
// The text is the same for every id; only the first parameter changes.
const { sql: text, params } = videoDetailsSql(env("DATABASE_URL"), env("BENCH_VIDEO_ID"));

const server = createServer((req, res) => {
  const id = /^\/videos\/([^/?]+)/.exec(req.url ?? "")?.[1];
  if (req.method !== "GET" || !id) {
    res.writeHead(404).end();
    return;
  }
  // The options drizzle's neon-http session passes for a select with joins.
  sql
    .query(text, [decodeURIComponent(id), ...params.slice(1)], { arrayMode: true, fullResults: true })
    .then((result) => {
      const body = JSON.stringify({ message: "Video", data: { rows: result.rows } });
      res.writeHead(result.rows.length > 0 ? 200 : 404, { "content-type": "application/json" }).end(body);
    })
    .catch((err: unknown) => {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
    });
});
server.listen(Number(env("PORT")), process.env.HOST ?? "127.0.0.1");
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close(() => process.exit(0)));
