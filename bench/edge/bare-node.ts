/**
 * Baseline (a) of the edge figure: a bare Hono route on the same runtime and server adapter as the Node
 * edge (`@hono/node-server`), answering a constant: the app's own answer for the bench video, so both send
 * the same bytes. No middleware, no JWT, no database.
 *
 *   PORT=… BENCH_BODY='{"message":…}' node --import tsx bench/edge/bare-node.ts
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const body = process.env.BENCH_BODY ?? '{"message":"Video","data":{}}';
const app = new Hono().get("/videos/:id", (c) => c.body(body, 200, { "content-type": "application/json" }));

const server = serve({ fetch: app.fetch, hostname: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 0) });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close(() => process.exit(0)));
