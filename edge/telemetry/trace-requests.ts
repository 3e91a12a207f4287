import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { contextFrom } from "../../shared/telemetry/index.js";
import { matchedRoute, type EdgeEnv } from "../http/index.js";
import { ensureContextManager } from "./async-context.js";

const FIRST_SERVER_ERROR = 500;

/**
 * One server span per request, a child of the caller's traceparent when it sent one, and active
 * while the request runs: log lines carry its ids, and an upload's outbox row stores its context.
 * The query string stays out of the span (presigned URLs carry credentials there).
 */
export const traceRequests = createMiddleware<EdgeEnv>(async (c, next) => {
  ensureContextManager();
  const { tracing } = c.var.ports;
  const method = c.req.method;
  const parent = contextFrom([c.req.raw.headers]);
  const span = tracing.tracer.startSpan(
    method,
    {
      kind: SpanKind.SERVER,
      attributes: {
        "http.request.method": method,
        "url.path": c.req.path,
        "vod.request_id": String(c.get("requestId" as never) ?? ""),
      },
    },
    parent,
  );
  try {
    await context.with(trace.setSpan(parent, span), next);
  } finally {
    const route = matchedRoute(c);
    const status = c.res.status;
    span.updateName(`${method} ${route}`);
    span.setAttributes({ "http.route": route, "http.response.status_code": status });
    if (status >= FIRST_SERVER_ERROR) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
    // On Workers the isolate may freeze once the response is out: the export must ride on waitUntil.
    // Elsewhere the processor's timer batches exports across requests.
    executionContext(c)?.waitUntil(tracing.flush());
  }
});

function executionContext(c: Context): { waitUntil(work: Promise<unknown>): void } | undefined {
  try {
    return c.executionCtx;
  } catch {
    // Hono throws when the runtime handed in none: Node, Bun, Deno.
    return undefined;
  }
}
