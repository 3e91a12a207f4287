/**
 * Edge request metrics for the Node and Bun entries (prom-client stays out of the Workers bundle;
 * there, traces stand in for them):
 *
 * - edge_http_requests_total{method,route,status}         counter    requests answered
 * - edge_http_request_duration_seconds{method,route}      histogram  from the first middleware until the response is ready
 * - edge_cache_reads_total{route,outcome}                 counter    answers the edge cache had a part in (`X-Cache`):
 *                                                                    hit, stale (served while refreshed), miss, bypass
 *
 * `route` is the matched pattern (`/videos/:id`, `unmatched`), never the raw path; `method` outside
 * the standard set is `OTHER`; `outcome` is one of four: every label value comes from a bounded set.
 */
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import { cacheOutcomeOf, matchedRoute, type EdgeEnv } from "../http/index.js";

// From a cached answer (a few milliseconds) to an upload completion waiting on storage.
const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const OTHER_METHOD = "OTHER";
const MS_PER_SECOND = 1_000;

export interface EdgeHttpMetrics {
  registry: Registry;
  middleware: MiddlewareHandler<EdgeEnv>;
  /** Answers a Prometheus scrape. */
  serve(c: Context): Promise<Response>;
}

/** `processMetrics`: prom-client's process_* and nodejs_* series, where the runtime supports them (Node). */
export function createEdgeHttpMetrics(opts: { processMetrics?: boolean } = {}): EdgeHttpMetrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const requests = new Counter({
    name: "edge_http_requests_total",
    help: "Requests the edge answered, by method, matched route and status.",
    labelNames: ["method", "route", "status"],
    registers,
  });
  const duration = new Histogram({
    name: "edge_http_request_duration_seconds",
    help: "Time to answer a request, by method and matched route.",
    labelNames: ["method", "route"],
    buckets: DURATION_BUCKETS_SECONDS,
    registers,
  });
  const cacheReads = new Counter({
    name: "edge_cache_reads_total",
    help: "Answers the edge cache had a part in, by matched route and outcome (hit, stale, miss, bypass).",
    labelNames: ["route", "outcome"],
    registers,
  });
  const middleware = createMiddleware<EdgeEnv>(async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const labels = { method: KNOWN_METHODS.has(c.req.method) ? c.req.method : OTHER_METHOD, route: matchedRoute(c) };
      duration.observe(labels, (performance.now() - started) / MS_PER_SECOND);
      requests.inc({ ...labels, status: String(c.res.status) });
      const outcome = cacheOutcomeOf(c.res);
      if (outcome) cacheReads.inc({ route: labels.route, outcome });
    }
  });
  return {
    registry,
    middleware,
    serve: async (c) => c.body(await registry.metrics(), 200, { "content-type": registry.contentType, "cache-control": "no-store" }),
  };
}
