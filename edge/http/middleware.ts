import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { AppError } from "../../shared/errors.js";
import type { EdgeConfig } from "../../shared/config/index.js";
import type { EdgePorts } from "../ports.js";
import type { EdgeEnv } from "./env.js";

export interface RequestContextSource {
  /** Ports for this request: built once per isolate or process by the runtime entry. */
  ports: (c: { env: unknown }) => EdgePorts | Promise<EdgePorts>;
  /** The caller's network address as the runtime knows it (used for rate limits). */
  clientAddress: (c: { env: unknown; req: { raw: Request; header(name: string): string | undefined } }) => string;
}

export const injectContext = (source: RequestContextSource) =>
  createMiddleware<EdgeEnv>(async (c, next) => {
    c.set("ports", await source.ports(c));
    c.set("clientAddress", source.clientAddress(c) || "unknown");
    await next();
  });

const perConfig = <T>(build: (config: EdgeConfig) => T) => {
  const cache = new WeakMap<EdgeConfig, T>();
  return (config: EdgeConfig) => {
    let value = cache.get(config);
    if (!value) cache.set(config, (value = build(config)));
    return value;
  };
};

/** CORS from the configured allow-list only; an origin not on it gets no CORS headers at all. */
const corsFor = perConfig((config) =>
  cors({
    origin: (origin) => (config.CORS_ORIGINS.includes(origin) ? origin : null),
    credentials: true,
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["Authorization", "Content-Type", "X-Request-Id"],
    exposeHeaders: ["X-Request-Id", "Retry-After", "ETag"],
    maxAge: 600,
  }),
);

const limitFor = perConfig((config) =>
  bodyLimit({
    maxSize: config.MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", `The request body may not exceed ${config.MAX_BODY_BYTES} bytes.`);
    },
  }),
);

export const corsFromConfig: MiddlewareHandler<EdgeEnv> = (c, next) => corsFor(c.var.ports.config)(c, next);
export const bodyLimitFromConfig: MiddlewareHandler<EdgeEnv> = (c, next) => limitFor(c.var.ports.config)(c, next);

/** One structured line per request; the path only, since query strings may carry signatures. */
export const accessLog = createMiddleware<EdgeEnv>(async (c, next) => {
  const started = Date.now();
  await next();
  c.var.ports.log.info("request", {
    request_id: c.get("requestId" as never),
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    duration_ms: Date.now() - started,
  });
});
